package io.logdump.catalog;

import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.LogTimeRange;
import io.logdump.core.Strftime;
import io.logdump.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a dump task's fields, checked as a whole so that a request hears of every broken
 * rule at once. Rules that need the catalog (log set, subject, bucket, unique name) are checked
 * by {@link DumpTasks}.
 *
 * <p>A task's prefix and partition format must give object keys that every object store takes
 * for every log time: a key is {@code {prefix}/{partition}_{taskId}_{batch}{extension}} (see
 * {@code dump.naming.ObjectKeys}), and its longest form, with the partition's
 * {@link Strftime#longestOutput() longest output}, an {@value #TASK_ID_CHARS}-character task id, a
 * {@value #MAX_BATCH_DIGITS}-digit batch number and a {@value #MAX_EXTENSION_CHARS}-character
 * extension, must have no backslash, no unpaired surrogate, no empty, {@code .} or {@code ..}
 * segment, no segment over {@value #MAX_SEGMENT_BYTES} bytes (a file name on local disks) and at
 * most {@value #MAX_KEY_BYTES} bytes (S3's limit), all in UTF-8. Immutable and thread-safe.
 */
public final class DumpTaskRules {
    /** Chinese characters (CJK ideographs), ASCII letters, digits, {@code _} and {@code -}. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]+");
    public static final int MAX_NAME = 32;
    public static final int MAX_PREFIX = 256;
    public static final List<String> COMPRESSIONS = List.of("none", "gzip", "zstd", "snappy", "lz4");
    public static final List<String> MODIFIABLE = List.of("prefix", "partitionFormat", "timeZone", "maxFileSizeMB",
            "intervalSeconds", "format", "compression");
    /** The longest object key, in UTF-8 bytes (S3). */
    public static final int MAX_KEY_BYTES = 1024;
    /** The longest segment of an object key, in UTF-8 bytes (a file or folder name on local disks). */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** A task id's length: {@code dt-} and 8 letters or digits. */
    public static final int TASK_ID_CHARS = 11;
    /** The most digits of a batch number in a key. */
    public static final int MAX_BATCH_DIGITS = 20;
    /** The longest file extension of any format and compression ({@code .json.zst} has 9). */
    public static final int MAX_EXTENSION_CHARS = 16;

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
        DumpSettings settings = readSettings(body, defaults, true, errors);
        Integer delay = body.integer("startDelaySeconds");
        int startDelay = delay == null ? 900 : delay;
        checkRange(body.path("startDelaySeconds"), startDelay, 0, limits.maxStartDelaySeconds(), errors);
        if (logset != null && subject != null) {
            String prefix = settings.prefix() != null ? settings.prefix() : logset + "/" + subject + "/";
            checkKeyLength(body, prefix, settings.partitionFormat(), errors);
        }
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
        DumpSettings settings = readSettings(body, current, false, errors);
        if (body.has("prefix") || body.has("partitionFormat")) {
            checkKeyLength(body, settings.prefix() == null ? "" : settings.prefix(), settings.partitionFormat(), errors);
        }
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

    /**
     * The settings of {@code body} over {@code base}. The ranges of the operator's limits are checked
     * for the sizes a body sets, and for all when {@code creating}: a modification is never refused
     * for a field it leaves as it is (a task made under other limits, e.g. by the demo, stays modifiable).
     */
    private DumpSettings readSettings(JsonFields body, DumpSettings base, boolean creating, List<FieldError> errors) {
        String prefix = body.has("prefix") ? body.string("prefix") : base.prefix();
        if (body.has("prefix") && prefix != null) {
            checkPrefix(prefix, errors);
        }
        String partitionFormat = orElse(body.string("partitionFormat"), base.partitionFormat());
        try {
            Strftime compiled = Strftime.compile(partitionFormat);
            if (body.has("partitionFormat")) {
                checkPartitionFormat(compiled, errors);
            }
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
        if (creating || size != null) {
            checkRange("maxFileSizeMB", maxFileSizeMB, limits.minFileSizeMB(), limits.maxFileSizeMB(), errors);
        }
        Integer interval = body.integer("intervalSeconds");
        int intervalSeconds = interval == null ? base.intervalSeconds() : interval;
        if (creating || interval != null) {
            checkRange("intervalSeconds", intervalSeconds, limits.minIntervalSeconds(), limits.maxIntervalSeconds(), errors);
        }
        JsonFields formatFields = body.object("format");
        FormatSpec format = formatFields == null ? base.format() : FormatSpec.read(formatFields, errors);
        String compression = orElse(body.string("compression"), base.compression());
        if (!COMPRESSIONS.contains(compression)) {
            errors.add(new FieldError("compression", "must be one of " + COMPRESSIONS));
        }
        return new DumpSettings(prefix, partitionFormat, timeZone, maxFileSizeMB, intervalSeconds, format, compression);
    }

    /**
     * The prefix rules: no leading {@code /}, no empty, {@code .} or {@code ..} segment, no control
     * character, backslash or unpaired surrogate, no segment over {@value #MAX_SEGMENT_BYTES} bytes,
     * at most 256 characters.
     */
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
        checkCharacters(prefix, problems);
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
                if (utf8(segment) > MAX_SEGMENT_BYTES) {
                    problems.add("has a segment of " + utf8(segment) + " bytes in UTF-8 ('" + abbreviate(segment)
                            + "'), more than the " + MAX_SEGMENT_BYTES + " of a file or folder name");
                    break;
                }
            }
        }
        problems.forEach(p -> errors.add(new FieldError("prefix", p)));
    }

    /**
     * The partition format's rules beyond {@link Strftime#compile}'s, on its longest output: no
     * backslash or unpaired surrogate; no empty, {@code .} or {@code ..} segment; no segment over
     * {@value #MAX_SEGMENT_BYTES} bytes, counting for the last (unless the format ends with
     * {@code /}) the {@code _{taskId}_{batch}{extension}} that follows it in the file's name.
     */
    static void checkPartitionFormat(Strftime format, List<FieldError> errors) {
        List<String> problems = new ArrayList<>();
        checkCharacters(format.pattern(), problems);
        String[] segments = format.longestOutput().split("/", -1);
        for (int i = 0; i < segments.length && problems.isEmpty() && !format.pattern().isEmpty(); i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (last) {
                int name = segment.isEmpty() ? 0 : utf8(segment) + 1 + fileTailChars();
                if (name > MAX_SEGMENT_BYTES) {
                    problems.add("can give file names of " + name + " bytes in UTF-8 ('" + abbreviate(segment)
                            + "' and _{taskId}_{batch}{extension}), more than the " + MAX_SEGMENT_BYTES + " of a file name");
                }
            } else if (segment.isEmpty()) {
                problems.add("would give object keys an empty segment (//)");
            } else if (segment.equals(".") || segment.equals("..")) {
                problems.add("would give object keys a '" + segment + "' segment");
            } else if (utf8(segment) > MAX_SEGMENT_BYTES) {
                problems.add("can give a segment of " + utf8(segment) + " bytes in UTF-8 ('" + abbreviate(segment)
                        + "', each conversion as its longest output), more than the " + MAX_SEGMENT_BYTES + " of a folder name");
            }
        }
        problems.forEach(p -> errors.add(new FieldError("partitionFormat", p)));
    }

    /**
     * The longest key's length: {@code prefix} (with the {@code /} the key adds after it), the
     * partition format's longest output and what follows it. Reported on the fields of the request
     * among {@code prefix} and {@code partitionFormat}; skipped when either is already refused.
     */
    private static void checkKeyLength(JsonFields body, String prefix, String partitionFormat, List<FieldError> errors) {
        if (errors.stream().anyMatch(e -> e.field().equals("prefix") || e.field().equals("partitionFormat"))) {
            return;
        }
        String partition = Strftime.compile(partitionFormat).longestOutput();
        int prefixBytes = utf8(prefix) + (prefix.isEmpty() || prefix.endsWith("/") ? 0 : 1);
        int partitionBytes = utf8(partition) + (partitionFormat.isEmpty() || partitionFormat.endsWith("/") ? 0 : 1);
        int total = prefixBytes + partitionBytes + fileTailChars();
        if (total <= MAX_KEY_BYTES) {
            return;
        }
        String message = "can give object keys of " + total + " bytes in UTF-8, more than the " + MAX_KEY_BYTES + " of S3: the prefix takes "
                + prefixBytes + ", the partition format up to " + partitionBytes + " and {taskId}_{batch}{extension} up to " + fileTailChars();
        List<String> blamed = new ArrayList<>();
        if (body.has("prefix")) {
            blamed.add("prefix");
        }
        if (body.has("partitionFormat") || blamed.isEmpty()) {
            blamed.add("partitionFormat");
        }
        blamed.forEach(field -> errors.add(new FieldError(field, message)));
    }

    /** {@code {taskId}_{batch}{extension}} at its longest, all ASCII. */
    private static int fileTailChars() {
        return TASK_ID_CHARS + 1 + MAX_BATCH_DIGITS + MAX_EXTENSION_CHARS;
    }

    /** Characters no object key may hold, wherever they come from: a backslash, an unpaired surrogate. */
    private static void checkCharacters(String text, List<String> problems) {
        if (text.indexOf('\\') >= 0) {
            problems.add("must not contain a backslash (object keys separate folders with / only)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problems.add(String.format("must not contain the unpaired surrogate U+%04X at position %d, which has no UTF-8 form", (int) c, i));
                return;
            }
        }
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
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
        Instant instant;
        try {
            instant = OffsetDateTime.parse(startFrom).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be now, earliest or an ISO-8601 instant such as 2026-11-26T08:00:00Z"));
            return;
        }
        if (!LogTimeRange.contains(instant)) {
            errors.add(new FieldError(field, "must be now, earliest or an instant in " + LogTimeRange.TEXT));
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
