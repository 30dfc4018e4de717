package io.logdump.format.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * ISO-8601 UTC text of epoch milliseconds, always with milliseconds: {@code 2017-07-16T12:34:56.789Z}
 * (a year beyond 0000..9999 gets a sign and more digits: {@code +10000-01-01T00:00:00.000Z}).
 * The text up to the second is computed once per second and reused, so that records of the same
 * second cost a few byte stores. One instance per time column; not thread-safe.
 */
public final class IsoTime {
    private static final DateTimeFormatter WIDE_YEARS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.", Locale.ROOT);

    private final byte[] text = new byte[48];
    /** The first millisecond of the second whose text is cached; none at first. */
    private long secondMillis = Long.MIN_VALUE;
    private int prefix;

    /** Formats {@code epochMillis}; the text is then the first {@code length} bytes of {@link #bytes()}. */
    public int format(long epochMillis) {
        long ms = epochMillis - secondMillis;
        if (ms < 0 || ms >= 1000 || prefix == 0) {
            long second = Math.floorDiv(epochMillis, 1000);
            secondMillis = second * 1000;
            prefix = formatSecond(second);
            ms = epochMillis - secondMillis;
        }
        int m = (int) ms;
        text[prefix] = (byte) ('0' + m / 100);
        text[prefix + 1] = (byte) ('0' + m / 10 % 10);
        text[prefix + 2] = (byte) ('0' + m % 10);
        text[prefix + 3] = 'Z';
        return prefix + 4;
    }

    public byte[] bytes() {
        return text;
    }

    /** Writes the text of {@code epochMillis} to {@code sink}. */
    public void write(ByteSink sink, long epochMillis) throws IOException {
        sink.write(text, 0, format(epochMillis));
    }

    private int formatSecond(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            byte[] wide = WIDE_YEARS.format(t).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(wide, 0, text, 0, wide.length);
            return wide.length;
        }
        digits(year, 0, 4);
        text[4] = '-';
        digits(t.getMonthValue(), 5, 2);
        text[7] = '-';
        digits(t.getDayOfMonth(), 8, 2);
        text[10] = 'T';
        digits(t.getHour(), 11, 2);
        text[13] = ':';
        digits(t.getMinute(), 14, 2);
        text[16] = ':';
        digits(t.getSecond(), 17, 2);
        text[19] = '.';
        return 20;
    }

    private void digits(int value, int at, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
