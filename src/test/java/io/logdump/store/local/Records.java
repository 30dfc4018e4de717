package io.logdump.store.local;

import io.logdump.core.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test records whose content tells their number, so that a read can be checked against what was written. */
final class Records {
    private Records() {}

    static LogRecord record(long n, long logTime) {
        return new LogRecord(-1, logTime, 1_000_000 + n, "10.0.0.1".getBytes(StandardCharsets.UTF_8),
                ("line " + n + " " + "x".repeat((int) (n % 50))).getBytes(StandardCharsets.UTF_8),
                n % 3 == 0 ? ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8) : LogRecord.NONE);
    }

    static List<LogRecord> batch(long first, int count) {
        List<LogRecord> out = new ArrayList<>();
        for (long n = first; n < first + count; n++) {
            out.add(record(n, 1_500_000_000_000L + n * 1000));
        }
        return out;
    }

    static long numberOf(LogRecord r) {
        String raw = r.rawText();
        return Long.parseLong(raw.substring(5, raw.indexOf(' ', 5)));
    }
}
