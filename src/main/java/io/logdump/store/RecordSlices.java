package io.logdump.store;

import io.logdump.core.LogRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records of one request, held without an object or a copy per record: each record's line is a
 * slice of a byte array (usually the request body itself), and all records share one receive time
 * and one source. This is what ingest hands the store ({@link LogStore.Append#add(RecordSlices)}),
 * which encodes the slices straight into its write buffer. The arrays must not change until the
 * append that took them has returned.
 *
 * <p>A record's fields are {@link LogRecord#NONE} (none), their own UTF-8 JSON object, or
 * {@code null}: the line is itself the JSON object of its fields (the json parser), which a store
 * keeps once (as {@link LogRecord#fieldsAreRaw()}).
 *
 * <p>Not thread-safe: one request's thread fills it, hands it to the store, and {@link #clear}s it
 * for the next part.
 */
public final class RecordSlices {
    private static final int DEFAULT_CAPACITY = 1024;

    private final long receiveTime;
    private final byte[] source;
    private int size;
    private byte[][] data;
    private int[] start;
    private int[] length;
    private long[] logTime;
    private byte[][] fields;
    private long lineBytes;
    private long fieldBytes;

    /**
     * @param receiveTime the receive time of every record, epoch milliseconds
     * @param source who sent them, UTF-8
     */
    public RecordSlices(long receiveTime, byte[] source) {
        this(receiveTime, source, DEFAULT_CAPACITY);
    }

    /** As {@link #RecordSlices(long, byte[])}, with room for {@code capacity} records before the arrays grow. */
    public RecordSlices(long receiveTime, byte[] source, int capacity) {
        this.receiveTime = receiveTime;
        this.source = source;
        int c = Math.max(16, capacity);
        data = new byte[c][];
        start = new int[c];
        length = new int[c];
        logTime = new long[c];
        fields = new byte[c][];
    }

    /**
     * Adds a record whose line is {@code data[start, start + length)}.
     *
     * @param fields {@link LogRecord#NONE}, the fields as a JSON object, or null when the line is that object
     */
    public void add(byte[] data, int start, int length, long logTime, byte[] fields) {
        if (size == this.start.length) {
            grow();
        }
        this.data[size] = data;
        this.start[size] = start;
        this.length[size] = length;
        this.logTime[size] = logTime;
        this.fields[size] = fields;
        size++;
        lineBytes += length;
        fieldBytes += fields == null ? 0 : fields.length;
    }

    private void grow() {
        int capacity = size * 2;
        data = Arrays.copyOf(data, capacity);
        start = Arrays.copyOf(start, capacity);
        length = Arrays.copyOf(length, capacity);
        logTime = Arrays.copyOf(logTime, capacity);
        fields = Arrays.copyOf(fields, capacity);
    }

    /** Forgets the records (keeping the arrays), for the next part of a request. */
    public void clear() {
        Arrays.fill(data, 0, size, null);
        Arrays.fill(fields, 0, size, null);
        size = 0;
        lineBytes = 0;
        fieldBytes = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long receiveTime() {
        return receiveTime;
    }

    public byte[] source() {
        return source;
    }

    /** The array holding record {@code i}'s line. */
    public byte[] data(int i) {
        return data[i];
    }

    public int start(int i) {
        return start[i];
    }

    public int length(int i) {
        return length[i];
    }

    public long logTime(int i) {
        return logTime[i];
    }

    /** Record {@code i}'s fields: {@link LogRecord#NONE}, a JSON object, or null when the line is that object. */
    public byte[] fields(int i) {
        return fields[i];
    }

    /** The bytes of every line (without line ends). */
    public long lineBytes() {
        return lineBytes;
    }

    /** The bytes of every record's own fields (0 for fields that are the line). */
    public long fieldBytes() {
        return fieldBytes;
    }

    /** The records as {@link LogRecord}s (copies of the slices), for a store that takes only those. */
    public List<LogRecord> toRecords() {
        List<LogRecord> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] raw = Arrays.copyOfRange(data[i], start[i], start[i] + length[i]);
            out.add(new LogRecord(-1, logTime[i], receiveTime, source, raw, fields[i] == null ? raw : fields[i]));
        }
        return out;
    }
}
