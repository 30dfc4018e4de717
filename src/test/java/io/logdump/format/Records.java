package io.logdump.format;

import io.logdump.core.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Records as ingest stores them, and a helper that encodes them into memory. */
public final class Records {
    /** 2017-07-16T12:34:56.789Z */
    public static final long LOG_TIME = 1_500_208_496_789L;
    /** 2017-07-16T12:35:00.001Z */
    public static final long RECEIVE_TIME = 1_500_208_500_001L;
    public static final String SOURCE = "10.0.0.7";

    private Records() {}

    /** A line of the raw parser, or one kept raw after a parse error: no fields. */
    public static LogRecord raw(String line) {
        return new LogRecord(0, LOG_TIME, RECEIVE_TIME, utf8(SOURCE), utf8(line), LogRecord.NONE);
    }

    /** A line of the regex or delimiter parser: fields as a separate JSON object. */
    public static LogRecord parsed(String line, String fieldsJson) {
        return new LogRecord(0, LOG_TIME, RECEIVE_TIME, utf8(SOURCE), utf8(line), utf8(fieldsJson));
    }

    /** A line of the json parser: the line is its own fields (the very same array). */
    public static LogRecord jsonLine(String line) {
        byte[] raw = utf8(line);
        return new LogRecord(0, LOG_TIME, RECEIVE_TIME, utf8(SOURCE), raw, raw);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What the format writes for the records, after {@code finish()}; checks the byte count on the way. */
    public static byte[] encode(RecordFormat format, List<LogRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordEncoder encoder = format.open(out, null, null);
        for (LogRecord r : records) {
            encoder.write(r);
        }
        long counted = encoder.uncompressedBytes();
        encoder.finish();
        if (counted != out.size()) {
            throw new AssertionError("uncompressedBytes() says " + counted + " but " + out.size() + " bytes were written");
        }
        return out.toByteArray();
    }
}
