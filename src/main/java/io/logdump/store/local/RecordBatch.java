package io.logdump.store.local;

import io.logdump.core.LogRecord;
import io.logdump.store.RecordSlices;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one appended batch of records (all integers big-endian):
 * <pre>
 * batch   := length:int32  crc:int32  body
 *              length = bytes after the length field (crc + body)
 *              crc    = CRC-32C of body
 * body    := magic:int8 (=1)  baseOffset:int64  count:int32  minLogTime:int64  maxLogTime:int64  record{count}
 * record  := logTime:int64  receiveTime:int64  sourceLen:int32 source  rawLen:int32 raw  fieldsLen:int32 fields
 *              fieldsLen = -1 (and no fields bytes): the fields are the raw line (a JSON object)
 * </pre>
 * Record {@code i} has offset {@code baseOffset + i}. A batch is valid only whole: a torn or
 * corrupt batch fails its length or checksum check and everything from it on is dropped by
 * recovery. Stateless and thread-safe.
 */
final class RecordBatch {
    static final int LENGTH_FIELD = 4;
    static final int HEADER = 4 + 4 + 1 + 8 + 4 + 8 + 8;
    static final byte MAGIC = 1;
    static final int RECORD_OVERHEAD = 8 + 8 + 4 + 4 + 4;
    /** No batch may be larger: protects recovery from reading a garbage length. */
    static final int MAX_BATCH = 256 << 20;

    private RecordBatch() {}

    /** The header fields of a valid batch, and where it ends. */
    record Header(long baseOffset, int count, long minLogTime, long maxLogTime, int size) {
        long nextOffset() {
            return baseOffset + count;
        }
    }

    static int encodedSize(List<LogRecord> records) {
        long size = HEADER;
        for (LogRecord r : records) {
            size += RECORD_OVERHEAD + r.source().length + r.raw().length + (r.fieldsAreRaw() ? 0 : r.fields().length);
        }
        if (size > MAX_BATCH) {
            throw new IllegalArgumentException("a batch of " + records.size() + " records is " + size + " bytes, more than " + MAX_BATCH);
        }
        return (int) size;
    }

    /**
     * Encodes records as one batch into a buffer ready to write (position 0, limit = size). The
     * buffer is direct, so that the file write needs no further copy; pass the previous one back
     * to reuse it.
     */
    static ByteBuffer encode(long baseOffset, List<LogRecord> records, ByteBuffer reuse) {
        int size = encodedSize(records);
        ByteBuffer buf = reuse != null && reuse.capacity() >= size ? reuse.clear() : ByteBuffer.allocateDirect(Math.max(size, 64 << 10));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (LogRecord r : records) {
            min = Math.min(min, r.logTime());
            max = Math.max(max, r.logTime());
        }
        buf.putInt(size - LENGTH_FIELD).putInt(0).put(MAGIC).putLong(baseOffset).putInt(records.size()).putLong(min).putLong(max);
        for (LogRecord r : records) {
            buf.putLong(r.logTime()).putLong(r.receiveTime());
            buf.putInt(r.source().length).put(r.source());
            buf.putInt(r.raw().length).put(r.raw());
            if (r.fieldsAreRaw()) {
                buf.putInt(-1);
            } else {
                buf.putInt(r.fields().length).put(r.fields());
            }
        }
        return seal(buf, size);
    }

    /** The encoded size of record {@code i} of {@code records}. */
    static int recordSize(RecordSlices records, int i) {
        byte[] fields = records.fields(i);
        return RECORD_OVERHEAD + records.source().length + records.length(i) + (fields == null ? 0 : fields.length);
    }

    /**
     * Encodes records {@code from} (inclusive) to {@code to} (exclusive) of {@code records} as one
     * batch of {@code size} bytes (the header plus their {@link #recordSize}s), copying each line
     * straight from its slice into the buffer; otherwise as {@link #encode(long, List, ByteBuffer)}.
     */
    static ByteBuffer encode(long baseOffset, RecordSlices records, int from, int to, int size, ByteBuffer reuse) {
        if (size > MAX_BATCH) {
            throw new IllegalArgumentException("a batch of " + (to - from) + " records is " + size + " bytes, more than " + MAX_BATCH);
        }
        ByteBuffer buf = reuse != null && reuse.capacity() >= size ? reuse.clear() : ByteBuffer.allocateDirect(Math.max(size, 64 << 10));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            long t = records.logTime(i);
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        buf.putInt(size - LENGTH_FIELD).putInt(0).put(MAGIC).putLong(baseOffset).putInt(to - from).putLong(min).putLong(max);
        long receiveTime = records.receiveTime();
        byte[] source = records.source();
        for (int i = from; i < to; i++) {
            buf.putLong(records.logTime(i)).putLong(receiveTime);
            buf.putInt(source.length).put(source);
            int length = records.length(i);
            buf.putInt(length).put(records.data(i), records.start(i), length);
            byte[] fields = records.fields(i);
            if (fields == null) {
                buf.putInt(-1);
            } else {
                buf.putInt(fields.length).put(fields);
            }
        }
        if (buf.position() != size) {
            throw new IllegalStateException("encoded " + buf.position() + " bytes where " + size + " were measured");
        }
        return seal(buf, size);
    }

    /** Writes the CRC-32C of the body of the batch of {@code size} bytes being encoded in {@code buf}, and flips it for writing. */
    private static ByteBuffer seal(ByteBuffer buf, int size) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(8).limit(size));
        buf.putInt(4, (int) crc.getValue());
        return buf.flip();
    }

    /** The smallest log time of an encoded batch (at the buffer's start). */
    static long minLogTime(ByteBuffer batch) {
        return batch.getLong(21);
    }

    /** The greatest log time of an encoded batch (at the buffer's start). */
    static long maxLogTime(ByteBuffer batch) {
        return batch.getLong(29);
    }

    /**
     * Checks the batch at the buffer's position (which must hold at least {@link #HEADER} bytes
     * or the whole rest of the data).
     *
     * @param available bytes of the log from the buffer's position to the end of the data
     * @return the header, or null when the batch is torn or corrupt
     */
    static Header check(ByteBuffer buf, long available, long expectedOffset) {
        if (available < HEADER) {
            return null;
        }
        int start = buf.position();
        int length = buf.getInt(start);
        if (length < HEADER - LENGTH_FIELD || length > MAX_BATCH || LENGTH_FIELD + (long) length > available
                || buf.remaining() < LENGTH_FIELD + length) {
            return null;
        }
        if (buf.get(start + 8) != MAGIC) {
            return null;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer body = buf.duplicate().position(start + 8).limit(start + LENGTH_FIELD + length);
        crc.update(body);
        if ((int) crc.getValue() != buf.getInt(start + 4)) {
            return null;
        }
        long baseOffset = buf.getLong(start + 9);
        int count = buf.getInt(start + 17);
        if (count <= 0 || (expectedOffset >= 0 && baseOffset != expectedOffset)) {
            return null;
        }
        ByteBuffer at = buf.duplicate().position(start);
        return new Header(baseOffset, count, minLogTime(at.slice()), maxLogTime(at.slice()), LENGTH_FIELD + length);
    }

    /** Decodes the records of a checked batch at the buffer's position, skipping those before {@code fromOffset}. */
    static List<LogRecord> decode(ByteBuffer buf, Header header, long fromOffset) {
        List<LogRecord> out = new ArrayList<>(header.count());
        ByteBuffer b = buf.duplicate().position(buf.position() + HEADER);
        for (int i = 0; i < header.count(); i++) {
            long logTime = b.getLong();
            long receiveTime = b.getLong();
            byte[] source = bytes(b);
            byte[] raw = bytes(b);
            byte[] fields = b.getInt(b.position()) == -1 ? skipMarker(b, raw) : bytes(b);
            long offset = header.baseOffset() + i;
            if (offset >= fromOffset) {
                out.add(new LogRecord(offset, logTime, receiveTime, source, raw, fields));
            }
        }
        return out;
    }

    private static byte[] skipMarker(ByteBuffer b, byte[] raw) {
        b.getInt();
        return raw;
    }

    private static byte[] bytes(ByteBuffer b) {
        int n = b.getInt();
        if (n == 0) {
            return LogRecord.NONE;
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
