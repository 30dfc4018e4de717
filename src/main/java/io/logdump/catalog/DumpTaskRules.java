package io.logdump.catalog;

import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.Strftime;
import io.logdump.core.ValidationException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a dump task's fields, checked as a whole so that a request hears of every broken
 * rule at once. Rules that need the catalog (log set, subject, bucket, unique name) are checked
 * by {@link DumpTasks}. Immutable and thread-safe.
 */
public final class DumpTaskRules {
    /** Chinese characters (CJK ideographs), ASCII letters, digits, {@code _} and {@code -}. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]+");
    public static final int MAX_NAME = 32;
    public static final int MAX_PREFIX = 256;
    public static final List<String> COMPRESSIONS = List.of("none", "gzip", "zstd", "snappy", "lz4");
    public static final List<String> MODIFIABLE = List.of("prefix", "partitionFormat", "timeZone", "maxFileSizeMB",
            "intervalSeconds", "format", "compression");

    private final DumpLimits limits;

    public DumpTaskRules(DumpLimits limits) {
        this.limits = limits;
    }

    /** What a create request asks for, every field checked; {@code settings.prefix} may be null (default). */
    public record NewTask(String name, String logset, String subject, String bucket, DumpSettings settings,
                          int startDelaySeconds, String startFrom) {}

    /** Reads a create request. @throws ValidationException naming every broken rule */
    public NewTask readCreate(JsonFields body) {
        List<FieldError> errors = body.errors();
        String name = body.string("name");
        checkName(name, body.path("name"), errors);
        String logset = required(body, "logset", errors);
        String subject = required(body, "subject", errors);
        String bucket = required(body, "bucket", errors);
        DumpSettings defaults = new DumpSettings(null, "%Y/%m/%d", "UTC", 100, 300, FormatSpec.JSON, "none");
        DumpSettings settings = readSettings(body, defaults, errors);
        Integer delay = body.integer("startDelaySeconds");
        int startDelay = delay == null ? 900 : delay;
        checkRange(body.path("startDelaySeconds"), startDelay, 0, limits.maxStartDelaySeconds(), errors);
        String startFrom = body.string("startFrom");
        startFrom = startFrom == null ? "now" : startFrom;
        checkStartFrom(startFrom, body.path("startFrom"), errors);
        body.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new NewTask(name, logset, subject, bucket, settings, startDelay, startFrom);
    }

    /** Reads a modification: only {@link #MODIFIABLE} fields; the others keep their values. */
    public DumpSettings readPatch(JsonFields body, DumpSettings current) {
        List<FieldError> errors = body.errors();
        DumpSettings settings = readSettings(body, current, errors);
        for (String fixed : List.of("name", "logset", "subject", "bucket", "startDelaySeconds", "startFrom", "id", "status")) {
            if (body.node(fixed) != null) {
                errors.add(new FieldError(fixed, "cannot be modified; the fields that can are " + MODIFIABLE));
            }
        }
        body.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return settings;
    }

    private DumpSettings readSettings(JsonFields body, DumpSettings base, List<FieldError> errors) {
        String prefix = body.has("prefix") ? body.string("prefix") : base.prefix();
        if (body.has("prefix") && prefix != null) {
            checkPrefix(prefix, errors);
        }
        String partitionFormat = orElse(body.string("partitionFormat"), base.partitionFormat());
        try {
            Strftime.compile(partitionFormat);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("partitionFormat", e.getMessage()));
        }
        String timeZone = orElse(body.string("timeZone"), base.timeZone());
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            errors.add(new FieldError("timeZone", "'" + timeZone + "' is not a time zone (an IANA name such as Asia/Shanghai, or an offset such as +08:00)"));
        }
        Integer size = body.integer("maxFileSizeMB");
        int maxFileSizeMB = size == null ? base.maxFileSizeMB() : size;
        checkRange("maxFileSizeMB", maxFileSizeMB, limits.minFileSizeMB(), limits.maxFileSizeMB(), errors);
        Integer interval = body.integer("intervalSeconds");
        int intervalSeconds = interval == null ? base.intervalSeconds() : interval;
        checkRange("intervalSeconds", intervalSeconds, limits.minIntervalSeconds(), limits.maxIntervalSeconds(), errors);
        JsonFields formatFields = body.object("format");
        FormatSpec format = formatFields == null ? base.format() : FormatSpec.read(formatFields, errors);
        String compression = orElse(body.string("compression"), base.compression());
        if (!COMPRESSIONS.contains(compression)) {
            errors.add(new FieldError("compression", "must be one of " + COMPRESSIONS));
        }
        return new DumpSettings(prefix, partitionFormat, timeZone, maxFileSizeMB, intervalSeconds, format, compression);
    }

    /** The prefix rules: no leading {@code /}, no empty, {@code .} or {@code ..} segment, no control character, at most 256 characters. */
    static void checkPrefix(String prefix, List<FieldError> errors) {
        List<String> problems = new ArrayList<>();
        if (prefix.startsWith("/")) {
            problems.add("must not start with /");
        }
        if (prefix.length() > MAX_PREFIX) {
            problems.add("must be at most " + MAX_PREFIX + " characters (it has " + prefix.length() + ")");
        }
        if (prefix.codePoints().anyMatch(Character::isISOControl)) {
            problems.add("must not contain control characters");
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!body.isEmpty() && !prefix.startsWith("/")) {
            for (String segment : body.split("/", -1)) {
                if (segment.equals("..") || segment.equals(".")) {
                    problems.add("must not contain a '" + segment + "' segment");
                    break;
                }
                if (segment.isEmpty()) {
                    problems.add("must not contain an empty segment (//)");
                    break;
                }
            }
        }
        problems.forEach(p -> errors.add(new FieldError("prefix", p)));
    }

    static void checkName(String name, String field, List<FieldError> errors) {
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError(field, "is required: 1 to " + MAX_NAME + " Chinese characters, letters, digits, _ or -"));
        } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
            errors.add(new FieldError(field, "must be at most " + MAX_NAME + " characters (it has " + name.codePointCount(0, name.length()) + ")"));
        } else if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError(field, "may only contain Chinese characters, letters, digits, _ and -"));
        }
    }

    private static void checkStartFrom(String startFrom, String field, List<FieldError> errors) {
        if (startFrom.equals("now") || startFrom.equals("earliest")) {
            return;
        }
        try {
            OffsetDateTime.parse(startFrom);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be now, earliest or an ISO-8601 instant such as 2026-11-26T08:00:00Z"));
        }
    }

    private static void checkRange(String field, int value, int min, int max, List<FieldError> errors) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + " (it is " + value + ")"));
        }
    }

    private static String required(JsonFields body, String name, List<FieldError> errors) {
        String value = body.string(name);
        if (value == null || value.isEmpty()) {
            if (!body.has(name) || value != null) {
                errors.add(new FieldError(body.path(name), "is required"));
            }
        }
        return value;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
