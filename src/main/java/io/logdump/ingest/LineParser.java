package io.logdump.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.CollectionConfig;
import io.logdump.catalog.LogTimeFormat;
import io.logdump.catalog.NamedGroupPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses lines with a subject's collection configuration:
 * <ul>
 *   <li>{@code raw}: no fields;</li>
 *   <li>{@code json}: the top-level members of a JSON object;</li>
 *   <li>{@code regex}: the named groups of a pattern that must match the whole line;</li>
 *   <li>{@code delimiter}: the values between delimiters, named in order; the last field takes the
 *       rest of the line, so a message may contain the delimiter.</li>
 * </ul>
 * A line that does not parse, or whose time does not (including a time outside the years 1970 to
 * 9999), is kept raw (fields empty, log time = receive time) or rejected, as {@code onParseError}
 * says.
 *
 * <p>The work per line is linear in its length: JSON may nest at most {@value #MAX_JSON_DEPTH}
 * levels (deeper lines are refused by the streaming parser before anything recursive sees them),
 * a regex runs on a linear-time engine ({@link NamedGroupPattern}), and a delimiter is at most
 * {@value CollectionConfig#MAX_DELIMITER_CHARS} characters. Immutable and thread-safe.
 */
public final class LineParser {
    /** The deepest nesting of objects and arrays in a JSON line (the line's own object is level 1). */
    public static final int MAX_JSON_DEPTH = 100;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build()).build());
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final CollectionConfig config;
    private final NamedGroupPattern regex;
    /** Why a saved regex no longer compiles (rules have tightened since it was saved), or null. */
    private final String regexProblem;
    private final LogTimeFormat timeFormat;
    private final boolean rejectOnError;

    /** @param defaultYear the year of log times whose format has none */
    public LineParser(CollectionConfig config, int defaultYear) {
        this.config = config;
        NamedGroupPattern compiled = null;
        String problem = null;
        if (config.parser().type().equals("regex")) {
            try {
                compiled = NamedGroupPattern.compile(config.parser().pattern());
            } catch (IllegalArgumentException e) {
                problem = "cannot be parsed: the configuration's pattern " + e.getMessage() + "; PUT a new collection configuration";
            }
        }
        this.regex = compiled;
        this.regexProblem = problem;
        CollectionConfig.TimeRule time = config.time();
        this.timeFormat = time == null ? null : LogTimeFormat.compile(time.format(), ZoneId.of(time.timeZone()), defaultYear);
        this.rejectOnError = "reject".equals(config.onParseError());
    }

    /**
     * Parses a line. For the json parser, whether the line parses and its log time are what ingest
     * gets ({@link #parseJsonBytes}, which reads the time member's text as written), so that a
     * preview never promises what ingest then does not do; the fields are added for the preview.
     */
    public ParsedLine parse(String line, Instant receiveTime) {
        ParsedLine json = isJson() ? parseJsonBytes(line.getBytes(StandardCharsets.UTF_8), receiveTime) : null;
        if (json != null && json.error() != null) {
            return json;
        }
        Map<String, Object> fields;
        try {
            fields = fields(line);
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage(), receiveTime);
        }
        if (json != null) {
            return new ParsedLine(fields, json.logTime(), null, true);
        }
        if (timeFormat == null) {
            return new ParsedLine(fields, receiveTime, null, true);
        }
        String field = config.time().field();
        Object value = fields.get(field);
        if (value == null) {
            return failed("has no time field '" + field + "'", receiveTime);
        }
        try {
            return new ParsedLine(fields, timeFormat.parse(value.toString()), null, true);
        } catch (DateTimeException e) {
            return failed("time field '" + field + "': " + e.getMessage(), receiveTime);
        }
    }

    /**
     * For the json parser, the fast path of ingest: checks that {@code raw} is one JSON object and
     * reads its time field with a streaming parser, without building the fields; the stored
     * fields are then the line itself. Returns a line whose {@code fields} are empty.
     */
    public ParsedLine parseJsonBytes(byte[] raw, Instant receiveTime) {
        return parseJsonBytes(raw, 0, raw.length, receiveTime);
    }

    /** As {@link #parseJsonBytes(byte[], Instant)}, of the line {@code buf[start, start + length)} where it lies (no copy). */
    public ParsedLine parseJsonBytes(byte[] buf, int start, int length, Instant receiveTime) {
        String timeField = config.time() == null ? null : config.time().field();
        String timeText = null;
        try (JsonParser p = JSON.getFactory().createParser(buf, start, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return failed("is not a JSON object", receiveTime);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (name.equals(timeField) && value != JsonToken.VALUE_NULL) {
                    timeText = p.getText();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return failed("is not valid JSON: more than one value", receiveTime);
            }
        } catch (JsonProcessingException e) {
            return failed(jsonProblem(e), receiveTime);
        } catch (IOException e) {
            return failed("is not valid JSON: " + e.getMessage(), receiveTime);
        }
        if (timeFormat == null) {
            return new ParsedLine(Map.of(), receiveTime, null, true);
        }
        if (timeText == null) {
            return failed("has no time field '" + timeField + "'", receiveTime);
        }
        try {
            return new ParsedLine(Map.of(), timeFormat.parse(timeText), null, true);
        } catch (DateTimeException e) {
            return failed("time field '" + timeField + "': " + e.getMessage(), receiveTime);
        }
    }

    /** Whether {@link #parseJsonBytes} applies: the json parser. */
    public boolean isJson() {
        return config.parser().type().equals("json");
    }

    private ParsedLine failed(String reason, Instant receiveTime) {
        return new ParsedLine(Map.of(), receiveTime, reason, !rejectOnError);
    }

    private Map<String, Object> fields(String line) {
        CollectionConfig.Parser parser = config.parser();
        switch (parser.type()) {
            case "json" -> {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(jsonProblem(e));
                }
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("is not a JSON object");
                }
                return JSON.convertValue(node, MAP);
            }
            case "regex" -> {
                if (regex == null) {
                    throw new IllegalArgumentException(regexProblem);
                }
                Map<String, Object> fields = regex.match(line);
                if (fields == null) {
                    throw new IllegalArgumentException("does not match the pattern");
                }
                return fields;
            }
            case "delimiter" -> {
                return split(line, parser.delimiter(), parser.fields());
            }
            default -> {
                return Map.of();
            }
        }
    }

    /**
     * Why JSON text was refused: a broken limit ({@link #MAX_JSON_DEPTH}, or Jackson's limits on
     * the length of a number, string or name) or a syntax error, as one sentence.
     */
    static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return "is refused: " + message.replaceAll(", from `[^`]*`", "");
        }
        return "is not valid JSON: " + message;
    }

    private static Map<String, Object> split(String line, String delimiter, List<String> names) {
        Map<String, Object> out = new LinkedHashMap<>();
        int from = 0;
        for (int i = 0; i < names.size(); i++) {
            int at = i == names.size() - 1 ? -1 : line.indexOf(delimiter, from);
            if (at < 0 && i < names.size() - 1) {
                throw new IllegalArgumentException("has " + (i + 1) + " values, but " + names.size() + " fields are configured");
            }
            out.put(names.get(i), at < 0 ? line.substring(from) : line.substring(from, at));
            from = at + delimiter.length();
        }
        return out;
    }
}
