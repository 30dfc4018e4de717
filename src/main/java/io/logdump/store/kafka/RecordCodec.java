package io.logdump.store.kafka;

import io.logdump.core.LogRecord;
import java.nio.ByteBuffer;

/**
 * A log record as the value of a Kafka record (big-endian):
 * {@code magic:int8=1 logTime:int64 receiveTime:int64}, then {@code source}, {@code raw} and
 * {@code fields}, each as {@code length:int32} and its bytes; a fields length of {@code -1} means
 * the fields are the raw JSON line (kept once, as in the local store). The Kafka record's own
 * timestamp is the log time too (see {@link #timestamp}), so that Kafka's time index answers
 * reads by log time; the value keeps the exact time, as Kafka refuses negative timestamps.
 * Thread-safe (no state).
 */
final class RecordCodec {
    static final byte MAGIC = 1;
    private static final int HEADER = 1 + 8 + 8 + 4 + 4 + 4;

    private RecordCodec() {}

    static byte[] encode(LogRecord r) {
        boolean fieldsAreRaw = r.fieldsAreRaw();
        int size = HEADER + r.source().length + r.raw().length + (fieldsAreRaw ? 0 : r.fields().length);
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC).putLong(r.logTime()).putLong(r.receiveTime());
        out.putInt(r.source().length).put(r.source());
        out.putInt(r.raw().length).put(r.raw());
        if (fieldsAreRaw) {
            out.putInt(-1);
        } else {
            out.putInt(r.fields().length).put(r.fields());
        }
        return out.array();
    }

    /** The record at {@code offset} from a value {@link #encode} wrote. */
    static LogRecord decode(long offset, byte[] value) {
        if (value == null || value.length < HEADER || value[0] != MAGIC) {
            throw new IllegalStateException("the Kafka record at offset " + offset + " was not written by Logdump ("
                    + (value == null ? "no value" : value.length + " bytes, first " + (value.length == 0 ? "none" : value[0])) + ")");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        in.get();
        long logTime = in.getLong();
        long receiveTime = in.getLong();
        byte[] source = bytes(in, offset);
        byte[] raw = bytes(in, offset);
        int fieldsLength = in.getInt();
        byte[] fields = fieldsLength == -1 ? raw : bytes(in, fieldsLength, offset);
        return new LogRecord(offset, logTime, receiveTime, source, raw, fields);
    }

    /** The Kafka timestamp of a record: its log time, or 0 for a log time before 1970 (Kafka refuses negative ones). */
    static long timestamp(LogRecord r) {
        return Math.max(0, r.logTime());
    }

    private static byte[] bytes(ByteBuffer in, long offset) {
        return bytes(in, in.getInt(), offset);
    }

    private static byte[] bytes(ByteBuffer in, int length, long offset) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalStateException("the Kafka record at offset " + offset + " is damaged: a length of " + length
                    + " with " + in.remaining() + " bytes left");
        }
        if (length == 0) {
            return LogRecord.NONE;
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }
}
