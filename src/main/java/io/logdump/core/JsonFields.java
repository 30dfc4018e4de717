package io.logdump.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields out of a JSON object and collects one {@link FieldError} per wrong type,
 * named by its dotted path, so that a request with several mistakes is answered with all of them.
 * Absent and JSON-null fields read as {@code null}; a string must be valid Unicode ({@link #notUtf8}).
 * Not thread-safe; one instance per request.
 */
public final class JsonFields {
    private final JsonNode node;
    private final String path;
    private final List<FieldError> errors;
    private final Set<String> read = new HashSet<>();

    private JsonFields(JsonNode node, String path, List<FieldError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /** Wraps {@code node}; when it is not a JSON object an error is recorded and every read gives null. */
    public static JsonFields of(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(path.isEmpty() ? "body" : path, "must be a JSON object"));
            return new JsonFields(null, path, errors);
        }
        return new JsonFields(node, path, errors);
    }

    public String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public boolean has(String name) {
        return node != null && node.has(name) && !node.get(name).isNull();
    }

    public JsonNode node(String name) {
        read.add(name);
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public String string(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(path(name), "must be a string"));
            return null;
        }
        String problem = notUtf8(value.textValue());
        if (problem != null) {
            errors.add(new FieldError(path(name), problem));
            return null;
        }
        return value.textValue();
    }

    public Integer integer(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(new FieldError(path(name), "must be a whole number"));
            return null;
        }
        return value.intValue();
    }

    public Boolean bool(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(path(name), "must be true or false"));
            return null;
        }
        return value.booleanValue();
    }

    /** A list of strings; null when absent, and null with an error when any element is not a string. */
    public List<String> strings(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(new FieldError(path(name), "must be an array of strings"));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                errors.add(new FieldError(path(name) + "[" + i + "]", "must be a string"));
                return null;
            }
            String problem = notUtf8(item.textValue());
            if (problem != null) {
                errors.add(new FieldError(path(name) + "[" + i + "]", problem));
                return null;
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A nested object, or null when absent (an error is recorded when it is not an object). */
    public JsonFields object(String name) {
        JsonNode value = node(name);
        return value == null ? null : of(value, path(name), errors);
    }

    /** Records an error for every field of the object that no read asked for. */
    public void rejectUnknown() {
        if (node == null) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!read.contains(name)) {
                errors.add(new FieldError(path(name), "is not a known field"));
            }
        }
    }

    public List<FieldError> errors() {
        return errors;
    }

    /**
     * Why {@code text} cannot be kept, or null when it can: a JSON string may hold an unpaired
     * surrogate ({@code "\\ud800"}), which has no UTF-8 form, so the text stored and read back
     * (every store keeps UTF-8) would be another.
     */
    public static String notUtf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("must not contain the unpaired surrogate U+%04X (at position %d), which has no UTF-8 form", (int) c, i);
            }
        }
        return null;
    }
}
