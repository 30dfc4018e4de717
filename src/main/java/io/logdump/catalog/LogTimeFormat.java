package io.logdump.catalog;

import java.math.BigDecimal;
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
 * Instances are immutable and thread-safe.
 */
public final class LogTimeFormat {
    private static final Instant PROBE = Instant.parse("2017-07-16T13:45:30.123Z");

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
     * @throws DateTimeException with a one-sentence reason when the text does not match
     */
    public Instant parse(String text) {
        String t = text.trim();
        switch (format) {
            case "epoch_millis" -> {
                return Instant.ofEpochMilli(parseNumber(t).longValue());
            }
            case "epoch_seconds" -> {
                BigDecimal seconds = parseNumber(t);
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
            case "iso8601" -> {
                return parseIso(t);
            }
            default -> {
                return parsePattern(t);
            }
        }
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
        return ZonedDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time,
                parsedZone == null ? zone : parsedZone).toInstant();
    }

    private Instant parseIso(String text) {
        String t = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                throw new DateTimeException("'" + abbreviate(text) + "' is not an ISO-8601 date-time");
            }
        }
    }

    private BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new DateTimeException("'" + abbreviate(text) + "' is not a number of " + (format.equals("epoch_millis") ? "milliseconds" : "seconds"));
        }
    }

    /** A pattern that formats a known time must read it back with its date, or it is useless. */
    private void checkRoundTrip() {
        String sample;
        try {
            sample = formatter.format(PROBE.atZone(zone));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("cannot be used to read times: " + e.getMessage());
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
