package io.logdump.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reading request bodies and query parameters, with a 400 naming the culprit when they are malformed. */
final class Requests {
    private final ObjectMapper json;

    Requests(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The body as a JSON object ready for typed reads: exactly one JSON object, without duplicate
     * keys (the mapper is strict, see {@link ApiRoutes#objectMapper()}).
     */
    JsonFields body(Context ctx) {
        return body(ctx.body());
    }

    /** {@link #body(Context)} of a body's text. */
    JsonFields body(String text) {
        if (text.isBlank()) {
            throw new RequestException("the request body is empty; a JSON object is expected", List.of());
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
                // FAIL_ON_TRAILING_TOKENS; Jackson's message names its own classes
                throw new RequestException("the request body holds more than one JSON value" + at(e)
                        + "; send exactly one JSON object", List.of());
            }
            throw new RequestException("the request body is not valid JSON" + at(e) + ": " + e.getOriginalMessage(), List.of());
        }
        if (!node.isObject()) {
            throw new RequestException("the request body must be a JSON object", List.of());
        }
        return JsonFields.of(node, "", new ArrayList<>());
    }

    private static String at(JsonProcessingException e) {
        var at = e.getLocation();
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** An optional whole-number query parameter between {@code min} and {@code max}. */
    static Integer intQuery(Context ctx, String name, int min, int max) {
        return query(ctx, name, v -> intValue(v, min, max));
    }

    /** A whole number between {@code min} and {@code max}; IllegalArgumentException with the rule when it is not. */
    static int intValue(String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return n;
    }

    /** An optional query parameter converted by {@code parse}, which throws IllegalArgumentException with the rule. */
    static <T> T query(Context ctx, String name, Function<String, T> parse) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            String rule = e.getMessage() == null ? "is not valid" : e.getMessage();
            throw new RequestException("query parameter " + name + "=" + value + " " + rule,
                    List.of(new FieldError(name, rule)));
        }
    }
}
