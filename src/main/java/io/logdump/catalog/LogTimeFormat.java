package io.logdump.catalog;

import io.logdump.core.LogTimeRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * Reads a log time out of a field's text: {@code iso8601}, {@code epoch_seconds},
 * {@code epoch_millis}, or a {@link DateTimeFormatter} pattern such as
 * {@code yyyy-MM-dd HH:mm:ss} (English month and day names). A pattern without a year takes the
 * year given at compile time (syslog lines have none); a pattern without a time of day means
 * midnight; a pattern without an offset or zone is read in the rule's time zone.
 *
 * <p>A time must fall in {@link LogTimeRange} (the years 1970 to 9999) whatever the format, and is
 * read in time bounded by a constant: text longer than {@value #MAX_TIME_CHARS} characters (an epoch
 * number longer than {@value #MAX_NUMBER_CHARS}) is refused before it is parsed, and an epoch
 * number is compared with the range before any arithmetic, so {@code 1e999999999} costs no more than
 * {@code 1}. Instances are immutable and thread-safe.
 */
public final class LogTimeFormat {
    /** The longest text read as a time in any format. */
    public static final int MAX_TIME_CHARS = 256;
    /** The longest text read as an epoch number (room for 20 fraction digits and an exponent). */
    public static final int MAX_NUMBER_CHARS = 64;
    private static final Instant PROBE = Instant.parse("2017-07-16T13:45:30.123Z");
    private static final BigDecimal END_MILLIS = BigDecimal.valueOf(LogTimeRange.END.toEpochMilli());

    private final String format;
    private final ZoneId zone;
    private final DateTimeFormatter formatter;

    private LogTimeFormat(String format, ZoneId zone, DateTimeFormatter formatter) {
        this.format = format;
        this.zone = zone;
        this.formatter = formatter;
    }

    /**
     * Compiles a format.
     *
     * @param defaultYear the year of a time whose format has no year
     * @throws IllegalArgumentException when the pattern is invalid or cannot give a date
     */
    public static LogTimeFormat compile(String format, ZoneId zone, int defaultYear) {
        switch (format) {
            case "iso8601", "epoch_seconds", "epoch_millis" -> {
                return new LogTimeFormat(format, zone, null);
            }
            default -> { }
        }
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        try {
            builder.appendPattern(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid date-time pattern: " + e.getMessage());
        } catch (ClassCastException e) {
            // the JDK's own failure on a padded number that another number follows directly, such as pHm
            throw new IllegalArgumentException("is not a valid date-time pattern: a padded field (p) cannot be followed directly by a number");
        }
        if (!hasYear(format)) {
            builder.parseDefaulting(ChronoField.YEAR_OF_ERA, defaultYear);
        }
        LogTimeFormat compiled = new LogTimeFormat(format, zone, builder.toFormatter(Locale.ENGLISH));
        compiled.checkRoundTrip();
        return compiled;
    }

    public String format() {
        return format;
    }

    /**
     * Parses {@code text}.
     *
     * @throws DateTimeException with a one-sentence reason when the text does not match or the time
     *     is outside {@link LogTimeRange}
     */
    public Instant parse(String text) {
        if (text.length() > MAX_TIME_CHARS) {
            throw new DateTimeException("'" + abbreviate(text) + "' has " + text.length() + " characters, more than the "
                    + MAX_TIME_CHARS + " of any time");
        }
        String t = text.trim();
        Instant time;
        try {
            time = switch (format) {
                case "epoch_millis" -> Instant.ofEpochMilli(epochMillis(t, 0));
                case "epoch_seconds" -> Instant.ofEpochMilli(epochMillis(t, 3));
                case "iso8601" -> parseIso(t);
                default -> parsePattern(t);
            };
        } catch (ArithmeticException e) {
            throw outside(text);
        }
        if (!LogTimeRange.contains(time)) {
            throw outside(text);
        }
        return time;
    }

    /**
     * The epoch milliseconds of a number of seconds ({@code digits} 3) or milliseconds (0), checked
     * against the range before the value is turned into a {@code long}: the text has at most
     * {@value #MAX_NUMBER_CHARS} characters, so every step costs at most a few 64-digit operations.
     */
    private long epochMillis(String text, int digits) {
        if (text.length() > MAX_NUMBER_CHARS) {
            throw new DateTimeException("'" + abbreviate(text) + "' has " + text.length() + " characters, more than the "
                    + MAX_NUMBER_CHARS + " of any number of " + unit());
        }
        BigDecimal millis = parseNumber(text).scaleByPowerOfTen(digits);
        if (millis.signum() < 0 || millis.compareTo(END_MILLIS) >= 0) {
            throw outside(text);
        }
        return millis.compareTo(BigDecimal.ONE) < 0 ? 0 : millis.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    private DateTimeException outside(String text) {
        return new DateTimeException("'" + abbreviate(text) + "' is outside the log time range, " + LogTimeRange.TEXT);
    }

    private String unit() {
        return format.equals("epoch_millis") ? "milliseconds" : "seconds";
    }

    private Instant parsePattern(String text) {
        TemporalAccessor parsed;
        try {
            parsed = formatter.parse(text);
        } catch (DateTimeParseException e) {
            throw new DateTimeException("'" + abbreviate(text) + "' does not match the time format '" + format + "'");
        }
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            throw new DateTimeException("'" + abbreviate(text) + "' has no date in the time format '" + format + "'");
        }
        LocalTime time = parsed.query(TemporalQueries.localTime());
        ZoneId parsedZone = parsed.query(TemporalQueries.zone());
        try {
            return ZonedDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time,
                    parsedZone == null ? zone : parsedZone).toInstant();
        } catch (DateTimeException e) {
            throw outside(text);
        }
    }

    /**
     * An ISO-8601 date-time: the common shape {@code yyyy-MM-dd'T'HH:mm:ss[.S{1,9}][Z|±HH:mm]}
     * (a space may stand for the {@code T}) is read by {@link #parseIsoCommon} without the JDK's
     * parser, which costs most of NDJSON ingest; any other text goes to the JDK's ISO parsers,
     * which decide what it is (so the answer is the same either way).
     */
    private Instant parseIso(String text) {
        Instant common = parseIsoCommon(text);
        return common != null ? common : parseIsoJdk(text);
    }

    /**
     * The instant of {@code text} when it has the common ISO-8601 shape (see {@link #parseIso})
     * with valid field values; null when it has not, including every case the JDK might read
     * differently (a leap second, lower-case letters, other offset forms, more than 4 year digits).
     * Visible for testing.
     */
    Instant parseIsoCommon(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' && t.charAt(10) != ' '
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (i < n && t.charAt(i) == '.') {
            int first = ++i;
            while (i < n && i - first < 9 && isDigit(t.charAt(i))) {
                nano = nano * 10 + (t.charAt(i) - '0');
                i++;
            }
            if (i == first || i < n && isDigit(t.charAt(i))) {
                return null;
            }
            for (int k = i - first; k < 9; k++) {
                nano *= 10;
            }
        }
        if (i == n) {
            return LocalDateTime.of(year, month, day, hour, minute, second, nano).atZone(zone).toInstant();
        }
        int offset;
        if (t.charAt(i) == 'Z' && i + 1 == n) {
            offset = 0;
        } else if ((t.charAt(i) == '+' || t.charAt(i) == '-') && i + 6 == n && t.charAt(i + 3) == ':') {
            int oh = digits(t, i + 1, 2);
            int om = digits(t, i + 4, 2);
            if (oh < 0 || om < 0 || om > 59 || oh * 3600 + om * 60 > 18 * 3600) {
                return null;
            }
            offset = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offset, nano);
    }

    /** The number of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Visible for testing: the JDK's reading of an ISO-8601 date-time, which {@link #parseIsoCommon} must agree with. */
    Instant parseIsoJdk(String text) {
        String t = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        ZonedDateTime time;
        try {
            time = OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toZonedDateTime();
        } catch (DateTimeParseException notOffset) {
            try {
                time = LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone);
            } catch (DateTimeParseException notLocal) {
                throw new DateTimeException("'" + abbreviate(text) + "' is not an ISO-8601 date-time");
            }
        }
        try {
            return time.toInstant();
        } catch (DateTimeException e) {
            throw outside(text);
        }
    }

    private BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new DateTimeException("'" + abbreviate(text) + "' is not a number of " + unit());
        }
    }

    /** A pattern that formats a known time must read it back with its date, or it is useless. */
    private void checkRoundTrip() {
        String sample;
        try {
            sample = formatter.format(PROBE.atZone(zone));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("cannot be used to read times: " + e.getMessage());
        } catch (IndexOutOfBoundsException e) {
            // the JDK's own failure on a week-based year wider than 10 digits, such as YYYYYYYYYYY
            throw new IllegalArgumentException("cannot be used to read times: a field is wider than the JDK can print");
        }
        try {
            parsePattern(sample);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("cannot read back its own output '" + sample + "' as a date and time");
        }
    }

    private static boolean hasYear(String pattern) {
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == 'y' || c == 'u' || c == 'Y')) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
