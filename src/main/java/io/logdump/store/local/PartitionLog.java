package io.logdump.store.local;

import io.logdump.core.LogRecord;
import io.logdump.store.LogStore;
import io.logdump.store.RecordSlices;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition of one subject: a folder of {@link Segment}s named by base offset.
 * Appends are serialised; each append is split into batches of about {@link #BATCH_BYTES}; the
 * active segment is rolled (sealed) when the next batch would take it past the segment size.
 *
 * <p>Durability and group commit: with {@code fsync} on, {@link #append} returns only after the
 * log has been forced to disk up to its records. Concurrent appenders share one force
 * ({@link GroupCommit}): one of them forces everything committed so far, and the others that
 * committed before that force began return with it. Readers see only durable records (the high
 * watermark), so nothing a reader saw can be lost by a crash. A force that fails fails every
 * waiting appender and every later append until the log is reopened. With {@code fsync} off,
 * records are visible once written and the operating system decides when they reach the disk.
 *
 * <p>Thread-safe.
 */
final class PartitionLog {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
    static final int BATCH_BYTES = 1 << 20;

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Object writeLock = new Object();
    /** Held by one append (or append transaction) from its first write to its commit or roll-back. */
    private final ReentrantLock appendLock = new ReentrantLock();
    private Segment active;
    private ByteBuffer encodeBuffer;
    /** The end of the last whole (committed) append; guarded by the write lock. */
    private Watermark committed;
    /** The durable end: every record below this offset is on disk and readable. */
    private volatile Watermark watermark;
    /** Shares forces between appenders (with fsync on). */
    private GroupCommit groupCommit;

    private record Watermark(long offset, Segment segment, long position) {}

    private PartitionLog(Path dir, long segmentBytes, boolean fsync) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
    }

    /** Opens (creating if needed) the partition in {@code dir}, recovering its active segment. */
    static PartitionLog open(Path dir, long segmentBytes, boolean fsync) throws IOException {
        Files.createDirectories(dir);
        PartitionLog p = new PartitionLog(dir, segmentBytes, fsync);
        List<Long> bases;
        try (Stream<Path> files = Files.list(dir)) {
            bases = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.log"))
                    .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path tmp : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(tmp);
            }
        }
        for (int i = 0; i < bases.size(); i++) {
            boolean last = i == bases.size() - 1;
            Segment s = Segment.open(dir, bases.get(i), !last);
            if (!last && s.nextOffset() != bases.get(i + 1)) {
                LOG.warn("segment {} in {} ends at offset {} but the next one starts at {}", bases.get(i), dir, s.nextOffset(), bases.get(i + 1));
            }
            p.segments.put(s.baseOffset(), s);
        }
        if (p.segments.isEmpty()) {
            p.segments.put(0L, Segment.create(dir, 0));
        }
        p.active = p.segments.lastEntry().getValue();
        p.watermark = new Watermark(p.active.nextOffset(), p.active, p.active.size());
        p.committed = p.watermark;
        p.groupCommit = new GroupCommit(p::force, p.watermark.offset());
        return p;
    }

    /**
     * Appends records durably (see the class comment) and returns the offset given to the first.
     * All or nothing, as an {@link Append} of one part. Thread-safe.
     */
    long append(List<LogRecord> records) throws IOException {
        if (records.isEmpty()) {
            return watermark.offset();
        }
        try (Append append = begin()) {
            append.add(records);
            return append.commit();
        }
    }

    /**
     * Starts an append of several parts that is all or nothing: readers see none of its records
     * until {@link Append#commit}, and closing it without a commit (or a part that fails to write:
     * the disk full, a segment that cannot be rolled) truncates away everything it wrote, so a
     * client's retry cannot duplicate a record. Other appends to the partition wait until it is
     * committed or closed, so keep the time between its parts short. Thread-safe; the Append itself
     * belongs to the calling thread.
     */
    Append begin() {
        appendLock.lock();
        synchronized (writeLock) {
            return new Append(active, active.size(), active.nextOffset());
        }
    }

    /** An append in progress (see {@link #begin}). Not thread-safe: one thread adds, commits and closes it. */
    final class Append implements LogStore.Append {
        private final Segment startSegment;
        private final long startSize;
        private final long first;
        private boolean done;

        private Append(Segment startSegment, long startSize, long first) {
            this.startSegment = startSegment;
            this.startSize = startSize;
            this.first = first;
        }

        /** Writes a part; on failure everything this append wrote is gone and it is closed for parts. */
        @Override
        public void add(List<LogRecord> records) throws IOException {
            add(() -> write(records));
        }

        /** Writes a part straight from its slices (no record objects); as {@link #add(List)}. */
        @Override
        public void add(RecordSlices records) throws IOException {
            add(() -> write(records));
        }

        private void add(Write write) throws IOException {
            if (done) {
                throw new IllegalStateException("the append is committed or rolled back already");
            }
            if (fsync) {
                groupCommit.check();
            }
            synchronized (writeLock) {
                try {
                    write.run();
                } catch (IOException | RuntimeException | Error e) {
                    done = true;
                    rollBack(startSegment, startSize, first, e);
                    throw e;
                }
            }
        }

        /** Makes every part readable and, with fsync, durable; returns the offset of the first record. */
        @Override
        public long commit() throws IOException {
            if (done) {
                throw new IllegalStateException("the append is committed or rolled back already");
            }
            done = true;
            long end;
            synchronized (writeLock) {
                committed = new Watermark(active.nextOffset(), active, active.size());
                end = committed.offset();
                if (!fsync) {
                    watermark = committed;
                }
            }
            appendLock.unlock(); // the next append may write while this one waits for its force
            if (fsync) {
                groupCommit.await(end);
            }
            return first;
        }

        /** Rolls back what was written unless committed, and lets the next append in. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                synchronized (writeLock) {
                    rollBack(startSegment, startSize, first, null);
                }
            }
            if (appendLock.isHeldByCurrentThread()) {
                appendLock.unlock();
            }
        }
    }

    /** A write of a part, under the write lock. */
    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    /** Writes the records as batches of about {@link #BATCH_BYTES}, rolling segments as needed. Called under the write lock. */
    private void write(List<LogRecord> records) throws IOException {
        int from = 0;
        while (from < records.size()) {
            int to = from;
            long bytes = RecordBatch.HEADER;
            while (to < records.size()) {
                long size = recordSize(records.get(to));
                if (to > from && bytes + size > BATCH_BYTES) {
                    break;
                }
                bytes += size;
                to++;
            }
            List<LogRecord> chunk = records.subList(from, to);
            if (active.size() > 0 && active.size() + bytes > segmentBytes) {
                roll();
            }
            long base = active.nextOffset();
            encodeBuffer = RecordBatch.encode(base, chunk, encodeBuffer);
            active.append(encodeBuffer, base, chunk.size(), RecordBatch.minLogTime(encodeBuffer), RecordBatch.maxLogTime(encodeBuffer));
            if (encodeBuffer.capacity() > 4 * BATCH_BYTES) {
                encodeBuffer = null;
            }
            from = to;
        }
    }

    /** Writes the slices as {@link #write(List)} writes records, encoding each line from its slice. Called under the write lock. */
    private void write(RecordSlices records) throws IOException {
        int from = 0;
        int n = records.size();
        while (from < n) {
            int to = from;
            int bytes = RecordBatch.HEADER;
            while (to < n) {
                int size = RecordBatch.recordSize(records, to);
                if (to > from && bytes + size > BATCH_BYTES) {
                    break;
                }
                bytes += size;
                to++;
            }
            if (active.size() > 0 && active.size() + bytes > segmentBytes) {
                roll();
            }
            long base = active.nextOffset();
            encodeBuffer = RecordBatch.encode(base, records, from, to, bytes, encodeBuffer);
            active.append(encodeBuffer, base, to - from, RecordBatch.minLogTime(encodeBuffer), RecordBatch.maxLogTime(encodeBuffer));
            if (encodeBuffer.capacity() > 4 * BATCH_BYTES) {
                encodeBuffer = null;
            }
            from = to;
        }
    }

    /**
     * Undoes a failed append: deletes the segments it rolled into and truncates the segment it
     * started in back to where it began. Readers never saw those bytes (the watermark only moves
     * after a whole append). Called under the write lock.
     */
    private void rollBack(Segment startSegment, long startSize, long startOffset, Throwable cause) {
        if (active == startSegment && startSegment.holdsExactly(startSize)) {
            return; // nothing was written
        }
        try {
            for (Segment s : List.copyOf(segments.tailMap(startSegment.baseOffset(), false).values())) {
                segments.remove(s.baseOffset());
                s.delete();
            }
            startSegment.truncateTo(startSize);
            active = startSegment;
            if (active.nextOffset() != startOffset) {
                throw new IOException("after truncating to " + startSize + " bytes the segment ends at offset "
                        + active.nextOffset() + ", not " + startOffset);
            }
        } catch (IOException | RuntimeException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.error("undoing a failed append in {} failed; the partition is recovered at the next start", dir, e);
        }
    }

    private static long recordSize(LogRecord r) {
        return RecordBatch.RECORD_OVERHEAD + r.source().length + r.raw().length + (r.fieldsAreRaw() ? 0 : r.fields().length);
    }

    /**
     * One force of the group commit: makes every committed record durable and readable, and
     * returns the offset that now ends them. Called by {@link GroupCommit}, one at a time.
     */
    private long force() throws IOException {
        Watermark target;
        synchronized (writeLock) {
            target = committed; // never the parts of an append still in progress
        }
        target.segment().sync();
        watermark = target;
        return target.offset();
    }

    /**
     * Seals the active segment (which makes all of it durable) and starts a new one. The
     * watermark stays: the append that rolls publishes its records when it is whole. Called under
     * the write lock.
     */
    private void roll() throws IOException {
        active.seal();
        Segment next = Segment.create(dir, active.nextOffset());
        segments.put(next.baseOffset(), next);
        active = next;
    }

    /** Records from {@code offset} up to about {@code maxBytes} of batches (at least one batch when any). Thread-safe. */
    List<LogRecord> read(long offset, int maxBytes) throws IOException {
        Watermark w = watermark;
        if (offset >= w.offset()) {
            return List.of();
        }
        List<LogRecord> out = new ArrayList<>();
        int budget = maxBytes;
        for (Map.Entry<Long, Segment> e : segments.tailMap(segmentBase(offset), true).entrySet()) {
            Segment s = e.getValue();
            long limit = s == w.segment() ? w.position() : s.size();
            long from = Math.max(offset, s.baseOffset());
            List<LogRecord> records = s.read(from, limit, budget);
            for (LogRecord r : records) {
                if (r.offset() < w.offset()) {
                    out.add(r);
                    budget -= recordSize(r);
                }
            }
            if (s == w.segment() || budget <= 0) {
                break;
            }
            if (!records.isEmpty() && records.get(records.size() - 1).offset() + 1 < s.nextOffset()) {
                break; // the segment's read stopped at its byte budget: the next read goes on from there, not from the next segment
            }
        }
        return out;
    }

    /** The first offset whose record's log time is at least {@code time} (the end offset when none). Thread-safe. */
    long offsetForTime(long time) throws IOException {
        Watermark w = watermark;
        for (Segment s : segments.values()) {
            long limit = s == w.segment() ? w.position() : s.size();
            long found = s.offsetForTime(time, limit);
            if (found < s.nextOffset()) {
                return Math.min(found, w.offset());
            }
            if (s == w.segment()) {
                break;
            }
        }
        return w.offset();
    }

    long startOffset() {
        return segments.firstKey();
    }

    long endOffset() {
        return watermark.offset();
    }

    /** Statistics over the whole partition: bytes on disk and the log time range. */
    long[] stats() {
        long bytes = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Segment s : segments.values()) {
            bytes += s.size();
            if (s.size() > 0) {
                min = Math.min(min, s.minLogTime());
                max = Math.max(max, s.maxLogTime());
            }
        }
        return new long[] {bytes, min, max};
    }

    /** The sealed segments, oldest first (the active one is never among them). */
    List<Segment> sealedSegments() {
        List<Segment> out = new ArrayList<>(segments.values());
        out.remove(out.size() - 1);
        return out;
    }

    /** Deletes a sealed segment (retention). */
    void deleteSegment(Segment s) throws IOException {
        synchronized (writeLock) {
            if (s == active) {
                throw new IllegalArgumentException("the active segment cannot be deleted");
            }
            segments.remove(s.baseOffset());
            s.delete();
        }
    }

    private long segmentBase(long offset) {
        Long base = segments.floorKey(offset);
        return base == null ? segments.firstKey() : base;
    }

    void close() throws IOException {
        synchronized (writeLock) {
            if (fsync) {
                active.sync();
            }
            for (Segment s : segments.values()) {
                s.close();
            }
        }
    }
}
