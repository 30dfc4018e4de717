package io.logdump.store.local;

import io.logdump.core.LogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One segment of a partition's log: the file {@code <base offset, 20 digits>.log} of
 * {@link RecordBatch}es, its offset index {@code .index} and time index {@code .timeindex}
 * ({@link SparseIndex}), and, once rolled, a {@code .meta} file (next offset, smallest and
 * greatest log time, size) written and synced when the segment is sealed.
 *
 * <p>Crash behaviour: the log file is only ever appended to; an append is durable once
 * {@link #sync()} has returned. {@link #recover()} reads every batch, truncates the file at the
 * first torn or corrupt one and rebuilds both indexes, returning the number of bytes dropped.
 *
 * <p>Thread-safety: appends, sync and recovery are serialised by the owning {@link PartitionLog};
 * reads may run concurrently with appends (positional reads below a size the caller knows to be
 * written).
 */
final class Segment {
    /** Bytes of log between two index entries. */
    static final int INDEX_INTERVAL = 64 << 10;

    private final Path dir;
    private final long baseOffset;
    private final FileChannel log;
    private volatile SparseIndex offsetIndex;
    private volatile SparseIndex timeIndex;
    private volatile long size;
    private volatile long nextOffset;
    private volatile long minLogTime = Long.MAX_VALUE;
    private volatile long maxLogTime = Long.MIN_VALUE;
    private long bytesSinceIndex = Long.MAX_VALUE;

    private Segment(Path dir, long baseOffset, FileChannel log) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.log = log;
        this.nextOffset = baseOffset;
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** A new, empty segment starting at {@code baseOffset}. */
    static Segment create(Path dir, long baseOffset) throws IOException {
        Path file = dir.resolve(fileName(baseOffset, ".log"));
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir.resolve(fileName(baseOffset, ".meta")));
        Segment s = new Segment(dir, baseOffset, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        s.offsetIndex = SparseIndex.create(dir.resolve(fileName(baseOffset, ".index")));
        s.timeIndex = SparseIndex.create(dir.resolve(fileName(baseOffset, ".timeindex")));
        return s;
    }

    /**
     * Opens an existing segment. A sealed segment whose meta and index files agree with its log is
     * trusted as it is; otherwise (the active segment after any stop, or missing or wrong files)
     * it is recovered.
     */
    static Segment open(Path dir, long baseOffset, boolean sealed) throws IOException {
        Path file = dir.resolve(fileName(baseOffset, ".log"));
        Segment s = new Segment(dir, baseOffset, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
        if (!(sealed && s.loadSealed())) {
            s.recover();
        }
        return s;
    }

    private boolean loadSealed() throws IOException {
        Path meta = dir.resolve(fileName(baseOffset, ".meta"));
        if (!Files.isRegularFile(meta) || Files.size(meta) != 32) {
            return false;
        }
        ByteBuffer m = ByteBuffer.wrap(Files.readAllBytes(meta));
        long next = m.getLong();
        long min = m.getLong();
        long max = m.getLong();
        long metaSize = m.getLong();
        if (metaSize != log.size() || next < baseOffset) {
            return false;
        }
        offsetIndex = SparseIndex.load(dir.resolve(fileName(baseOffset, ".index")), metaSize);
        timeIndex = SparseIndex.load(dir.resolve(fileName(baseOffset, ".timeindex")), next);
        if (offsetIndex == null || timeIndex == null) {
            return false;
        }
        size = metaSize;
        nextOffset = next;
        minLogTime = min;
        maxLogTime = max;
        return true;
    }

    /**
     * Checks every batch from the start, truncates the log after the last valid one and rebuilds
     * both indexes. Not thread-safe.
     *
     * @return the number of bytes truncated (0 for an intact log)
     */
    long recover() throws IOException {
        offsetIndex = SparseIndex.create(dir.resolve(fileName(baseOffset, ".index")));
        timeIndex = SparseIndex.create(dir.resolve(fileName(baseOffset, ".timeindex")));
        Files.deleteIfExists(dir.resolve(fileName(baseOffset, ".meta")));
        long fileSize = log.size();
        long position = 0;
        long expected = baseOffset;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        bytesSinceIndex = Long.MAX_VALUE;
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        while (position < fileSize) {
            Batch b = readBatch(position, fileSize - position, expected, buf);
            if (b == null) {
                break;
            }
            RecordBatch.Header h = b.header();
            index(position, h, max);
            min = Math.min(min, h.minLogTime());
            max = Math.max(max, h.maxLogTime());
            position += h.size();
            expected = h.nextOffset();
        }
        long dropped = fileSize - position;
        if (dropped > 0) {
            log.truncate(position);
            log.force(true);
        }
        size = position;
        nextOffset = expected;
        minLogTime = min;
        maxLogTime = max;
        return dropped;
    }

    /** A checked batch and the buffer holding it (position 0). */
    private record Batch(RecordBatch.Header header, ByteBuffer data) {}

    /** Reads and checks the batch at {@code position} into {@code buf}, or a larger buffer when it does not fit. */
    private Batch readBatch(long position, long available, long expected, ByteBuffer buf) throws IOException {
        ByteBuffer head = buf.clear().limit(RecordBatch.HEADER);
        if (available < RecordBatch.HEADER || readFully(head, position) < RecordBatch.HEADER) {
            return null;
        }
        int length = head.getInt(0);
        if (length < RecordBatch.HEADER - RecordBatch.LENGTH_FIELD || length > RecordBatch.MAX_BATCH
                || RecordBatch.LENGTH_FIELD + (long) length > available) {
            return null;
        }
        ByteBuffer whole = buffer(buf, RecordBatch.LENGTH_FIELD + length);
        if (readFully(whole, position) < whole.limit()) {
            return null;
        }
        whole.flip();
        RecordBatch.Header h = RecordBatch.check(whole, available, expected);
        return h == null ? null : new Batch(h, whole);
    }

    private static ByteBuffer buffer(ByteBuffer buf, int size) {
        return buf.capacity() >= size ? buf.clear().limit(size) : ByteBuffer.allocate(size);
    }

    private int readFully(ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = log.read(buf, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private void index(long position, RecordBatch.Header h, long maxLogTimeBefore) {
        if (bytesSinceIndex >= INDEX_INTERVAL) {
            offsetIndex.add(h.baseOffset(), position);
            timeIndex.add(maxLogTimeBefore, h.baseOffset());
            bytesSinceIndex = 0;
        }
        bytesSinceIndex += h.size();
    }

    /** Appends one encoded batch (from {@link RecordBatch#encode}). Not thread-safe. */
    void append(ByteBuffer batch, long batchBaseOffset, int count, long batchMin, long batchMax) throws IOException {
        long position = size;
        int bytes = batch.remaining();
        while (batch.hasRemaining()) {
            log.write(batch, position + (bytes - batch.remaining()));
        }
        index(position, new RecordBatch.Header(batchBaseOffset, count, batchMin, batchMax, bytes), maxLogTime);
        minLogTime = Math.min(minLogTime, batchMin);
        maxLogTime = Math.max(maxLogTime, batchMax);
        nextOffset = batchBaseOffset + count;
        size = position + bytes;
    }

    /**
     * Drops every byte from {@code position} on (the batches of an append that failed part way),
     * then rebuilds the indexes and the offsets from what is left; the segment is active again.
     * Not thread-safe; concurrent readers must read below {@code position} only.
     */
    void truncateTo(long position) throws IOException {
        log.truncate(position);
        log.force(true);
        recover();
    }

    /** Whether the log holds exactly {@code size} bytes, in its file too (no torn write past it). */
    boolean holdsExactly(long size) {
        try {
            return this.size == size && log.size() == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Forces the appended bytes to disk. */
    void sync() throws IOException {
        log.force(false);
    }

    /** Syncs the log and its indexes and writes the meta file: the segment will not change again. */
    void seal() throws IOException {
        log.force(true);
        offsetIndex.flush(true);
        timeIndex.flush(true);
        Path meta = dir.resolve(fileName(baseOffset, ".meta"));
        Path tmp = dir.resolve(fileName(baseOffset, ".meta.tmp"));
        ByteBuffer m = ByteBuffer.allocate(32).putLong(nextOffset).putLong(minLogTime).putLong(maxLogTime).putLong(size).flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (m.hasRemaining()) {
                ch.write(m);
            }
            ch.force(true);
        }
        Files.move(tmp, meta, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads records from {@code fromOffset} in whole batches below {@code limitPosition}, until
     * {@code maxBytes} of batches are read (at least one batch when there is one). Thread-safe.
     */
    List<LogRecord> read(long fromOffset, long limitPosition, int maxBytes) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        long position = offsetIndex.floorValue(fromOffset, 0);
        long read = 0;
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        long expected = -1;
        while (position < limitPosition && (out.isEmpty() || read < maxBytes)) {
            Batch b = readBatch(position, limitPosition - position, expected, buf);
            if (b == null) {
                throw corrupt(position);
            }
            RecordBatch.Header h = b.header();
            if (h.nextOffset() > fromOffset) {
                out.addAll(RecordBatch.decode(b.data(), h, fromOffset));
                read += h.size();
            }
            if (b.data().capacity() > buf.capacity()) {
                buf = b.data();
            }
            position += h.size();
            expected = h.nextOffset();
        }
        return out;
    }

    /**
     * The first offset at or after the time-index hint whose record's log time is at least
     * {@code time}, or {@link #nextOffset()} when there is none. Thread-safe.
     */
    long offsetForTime(long time, long limitPosition) throws IOException {
        if (maxLogTime < time) {
            return nextOffset;
        }
        long from = timeIndex.lowerValue(time, baseOffset);
        long position = offsetIndex.floorValue(from, 0);
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        while (position < limitPosition) {
            Batch b = readBatch(position, limitPosition - position, -1, buf);
            if (b == null) {
                throw corrupt(position);
            }
            RecordBatch.Header h = b.header();
            if (h.maxLogTime() >= time) {
                for (LogRecord r : RecordBatch.decode(b.data(), h, 0)) {
                    if (r.logTime() >= time) {
                        return r.offset();
                    }
                }
            }
            position += h.size();
        }
        return nextOffset;
    }

    private IOException corrupt(long position) {
        return new IOException("segment " + dir.resolve(fileName(baseOffset, ".log")) + " has a corrupt batch at position "
                + position + " (checksum or length mismatch)");
    }

    long baseOffset() {
        return baseOffset;
    }

    long nextOffset() {
        return nextOffset;
    }

    long size() {
        return size;
    }

    long minLogTime() {
        return minLogTime;
    }

    long maxLogTime() {
        return maxLogTime;
    }

    long lastModifiedMillis() throws IOException {
        return Files.getLastModifiedTime(dir.resolve(fileName(baseOffset, ".log"))).toMillis();
    }

    void close() throws IOException {
        offsetIndex.flush(false);
        timeIndex.flush(false);
        log.close();
    }

    /** Closes and deletes the segment's files. */
    void delete() throws IOException {
        log.close();
        for (String suffix : List.of(".log", ".index", ".timeindex", ".meta")) {
            Files.deleteIfExists(dir.resolve(fileName(baseOffset, suffix)));
        }
    }
}
