package io.logdump.core;

import java.time.Instant;

/**
 * The instants Logdump takes as log times and as time bounds: the years 1970 to 9999 in UTC, from
 * {@code 1970-01-01T00:00:00Z} up to but not including {@code +10000-01-01T00:00:00Z}. Every such
 * instant has epoch milliseconds, a four-digit year and a positive {@code %s}, so it can be stored,
 * compared, read back and formatted into an object key. A line whose time falls outside is not
 * parsed; a request bound outside is refused. Stateless.
 */
public final class LogTimeRange {
    /** The first instant in the range. */
    public static final Instant MIN = Instant.EPOCH;
    /** The first instant after the range. */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");
    /** The range for a sentence: {@value}. */
    public static final String TEXT = "the years 1970 to 9999 (1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z)";

    private LogTimeRange() {}

    /** Whether {@code instant} is in the range. */
    public static boolean contains(Instant instant) {
        return !instant.isBefore(MIN) && instant.isBefore(END);
    }
}
