package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a subject's logs arrive and are parsed: the parser, where the log time is, and what to do
 * with a line that does not parse. Built only through {@link #read}, which enforces every rule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CollectionConfig(Parser parser, TimeRule time, String onParseError) {

    public static final List<String> PARSER_TYPES = List.of("raw", "json", "regex", "delimiter");
    public static final List<String> ON_PARSE_ERROR = List.of("keep_raw", "reject");
    /**
     * The longest delimiter: finding a delimiter of {@code d} characters in a line of {@code n}
     * costs up to {@code n·d}, so a long one would make every line slow.
     */
    public static final int MAX_DELIMITER_CHARS = 16;
    /** The most fields a delimiter parser may name. */
    public static final int MAX_FIELDS = 1000;

    /** {@code type} is raw, json, regex (with {@code pattern}) or delimiter (with {@code delimiter} and {@code fields}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parser(String type, String pattern, String delimiter, List<String> fields) {}

    /** The field holding the log time, its format, and the zone of a time written without offset. */
    public record TimeRule(String field, String format, String timeZone) {}

    /**
     * Reads and checks a collection configuration from a request body; every broken rule is added
     * to the body's errors, and the result is null when there is any. Fields other than the three
     * of a configuration are left for the caller to use or refuse.
     *
     * @param defaultYear the year of log times whose format has no year (used to check the format)
     */
    public static CollectionConfig read(JsonFields body, int defaultYear) {
        List<FieldError> errors = body.errors();
        Parser parser = readParser(body.object("parser"), body.path("parser"), errors);
        TimeRule time = readTime(body.object("time"), parser, defaultYear, errors);
        String onParseError = body.string("onParseError");
        if (onParseError == null) {
            onParseError = "keep_raw";
        } else if (!ON_PARSE_ERROR.contains(onParseError)) {
            errors.add(new FieldError(body.path("onParseError"), "must be one of " + ON_PARSE_ERROR));
        }
        return errors.isEmpty() ? new CollectionConfig(parser, time, onParseError) : null;
    }

    /** The fields a parser yields, when known before any line is seen (regex and delimiter). */
    public static List<String> declaredFields(Parser parser) {
        return switch (parser.type()) {
            case "regex" -> NamedGroupPattern.compile(parser.pattern()).fieldNames();
            case "delimiter" -> parser.fields();
            default -> List.of();
        };
    }

    private static Parser readParser(JsonFields p, String path, List<FieldError> errors) {
        if (p == null) {
            errors.add(new FieldError(path, "is required: {\"type\": \"raw\" | \"json\" | \"regex\" | \"delimiter\"}"));
            return null;
        }
        String type = p.string("type");
        String pattern = p.string("pattern");
        String delimiter = p.string("delimiter");
        List<String> fields = p.strings("fields");
        p.rejectUnknown();
        if (type == null || !PARSER_TYPES.contains(type)) {
            errors.add(new FieldError(p.path("type"), "must be one of " + PARSER_TYPES));
            return null;
        }
        int before = errors.size();
        switch (type) {
            case "regex" -> {
                if (pattern == null || pattern.isEmpty()) {
                    errors.add(new FieldError(p.path("pattern"), "is required for a regex parser"));
                } else {
                    try {
                        NamedGroupPattern.compile(pattern);
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError(p.path("pattern"), e.getMessage()));
                    }
                }
                rejectFor(p, "delimiter", delimiter, type, errors);
                rejectFor(p, "fields", fields, type, errors);
            }
            case "delimiter" -> {
                if (delimiter == null || delimiter.isEmpty()) {
                    errors.add(new FieldError(p.path("delimiter"), "is required and must not be empty"));
                } else if (delimiter.length() > MAX_DELIMITER_CHARS) {
                    errors.add(new FieldError(p.path("delimiter"), "must be at most " + MAX_DELIMITER_CHARS
                            + " characters (it has " + delimiter.length() + ")"));
                }
                checkFieldNames(p, fields, errors);
                rejectFor(p, "pattern", pattern, type, errors);
            }
            default -> {
                rejectFor(p, "pattern", pattern, type, errors);
                rejectFor(p, "delimiter", delimiter, type, errors);
                rejectFor(p, "fields", fields, type, errors);
            }
        }
        return errors.size() == before ? new Parser(type, pattern, delimiter, fields) : null;
    }

    private static void checkFieldNames(JsonFields p, List<String> fields, List<FieldError> errors) {
        if (fields == null || fields.isEmpty()) {
            errors.add(new FieldError(p.path("fields"), "is required: the names of the delimited values, in order"));
            return;
        }
        if (fields.size() > MAX_FIELDS) {
            errors.add(new FieldError(p.path("fields"), "may name at most " + MAX_FIELDS + " fields (it names " + fields.size() + ")"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f.isBlank()) {
                errors.add(new FieldError(p.path("fields") + "[" + i + "]", "must not be empty"));
            } else if (!seen.add(f)) {
                errors.add(new FieldError(p.path("fields") + "[" + i + "]", "repeats the field name " + f));
            }
        }
    }

    private static void rejectFor(JsonFields p, String name, Object value, String type, List<FieldError> errors) {
        if (value != null) {
            errors.add(new FieldError(p.path(name), "does not apply to a " + type + " parser"));
        }
    }

    private static TimeRule readTime(JsonFields t, Parser parser, int defaultYear, List<FieldError> errors) {
        if (t == null) {
            return null;
        }
        String field = t.string("field");
        String format = t.string("format");
        String zoneName = t.string("timeZone");
        t.rejectUnknown();
        if (field == null || field.isBlank()) {
            errors.add(new FieldError(t.path("field"), "is required: the field that holds the log time"));
        } else if (parser != null && parser.type().equals("raw")) {
            errors.add(new FieldError(t.path("field"), "cannot be used with a raw parser, which yields no fields"));
        } else if (parser != null && !parser.type().equals("json") && !declaredFields(parser).contains(field)) {
            errors.add(new FieldError(t.path("field"), "'" + field + "' is not one of the parser's fields " + declaredFields(parser)));
        }
        ZoneId zone = ZoneId.of("UTC");
        if (zoneName == null) {
            zoneName = "UTC";
        } else {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                errors.add(new FieldError(t.path("timeZone"), "'" + zoneName + "' is not a time zone (an IANA name such as Asia/Shanghai, or an offset such as +08:00)"));
            }
        }
        if (format == null || format.isBlank()) {
            errors.add(new FieldError(t.path("format"), "is required: iso8601, epoch_seconds, epoch_millis or a pattern such as yyyy-MM-dd HH:mm:ss"));
        } else {
            try {
                LogTimeFormat.compile(format, zone, defaultYear);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(t.path("format"), "'" + format + "' " + e.getMessage()));
            }
        }
        return new TimeRule(field, format, zoneName);
    }
}
