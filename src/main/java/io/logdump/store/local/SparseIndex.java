package io.logdump.store.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A sparse index file of a segment: entries of two big-endian int64s, {@code key → value}, with
 * keys and values both non-decreasing. A segment keeps two: the offset index (first offset of a
 * batch → its byte position) and the time index (greatest log time of all records before a batch
 * → the batch's first offset). An entry is added every few KiB of log, so an index stays small
 * and lives in memory; the file is its copy for the next start. The file is never checksummed:
 * it is flushed when its segment is rolled or closed, and after a crash it is checked and rebuilt
 * from the log when it is missing or wrong.
 *
 * <p>Thread-safety: one writer ({@link #add}, {@link #flush}, serialised by the owning segment's
 * partition) and any number of concurrent readers ({@link #floorValue}, {@link #lowerValue}).
 * Readers see an immutable snapshot: entries below a published size are never written again, and
 * the size and the arrays are published together through one volatile field, so a reader never
 * sees a key without its value or an array that is being grown.
 */
final class SparseIndex {
    static final int ENTRY = 16;

    private final Path file;
    /** The entries readers see; replaced (never changed below its size) by each {@link #add}. */
    private volatile Entries entries = new Entries(new long[64], new long[64], 0);
    private int persisted;

    /** The first {@code size} entries of {@code keys} and {@code values}. */
    private record Entries(long[] keys, long[] values, int size) {}

    private SparseIndex(Path file) {
        this.file = file;
    }

    /** An empty index whose file is (re)written from scratch. */
    static SparseIndex create(Path file) throws IOException {
        Files.deleteIfExists(file);
        return new SparseIndex(file);
    }

    /**
     * Loads the index file; null when it is missing or fails a sanity check (size not a multiple
     * of an entry, decreasing keys or values, a value beyond {@code maxValue}).
     */
    static SparseIndex load(Path file, long maxValue) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) % ENTRY != 0) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        SparseIndex index = new SparseIndex(file);
        while (buf.hasRemaining()) {
            long key = buf.getLong();
            long value = buf.getLong();
            Entries e = index.entries;
            if (value > maxValue || (e.size() > 0 && (key < e.keys()[e.size() - 1] || value < e.values()[e.size() - 1]))) {
                return null;
            }
            index.add(key, value);
        }
        index.persisted = index.entries.size();
        return index;
    }

    /** Appends an entry and publishes it to readers. Called by the single writer only. */
    void add(long key, long value) {
        Entries e = entries;
        long[] keys = e.keys();
        long[] values = e.values();
        int size = e.size();
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key; // beyond every published size: no reader looks here yet
        values[size] = value;
        entries = new Entries(keys, values, size + 1);
    }

    int size() {
        return entries.size();
    }

    /** The value of the last entry whose key is at most {@code key}, or {@code fallback} when none. */
    long floorValue(long key, long fallback) {
        Entries e = entries;
        int i = lastIndexAtMost(e, key);
        return i < 0 ? fallback : e.values()[i];
    }

    /** The value of the last entry whose key is below {@code key}, or {@code fallback} when none. */
    long lowerValue(long key, long fallback) {
        Entries e = entries;
        int i = key == Long.MIN_VALUE ? -1 : lastIndexAtMost(e, key - 1);
        return i < 0 ? fallback : e.values()[i];
    }


    /** Appends the entries not yet in the file and, when {@code sync}, forces them to disk. */
    void flush(boolean sync) throws IOException {
        Entries e = entries;
        int size = e.size();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate((long) persisted * ENTRY);
            if (persisted < size) {
                ByteBuffer buf = ByteBuffer.allocate((size - persisted) * ENTRY);
                for (int i = persisted; i < size; i++) {
                    buf.putLong(e.keys()[i]).putLong(e.values()[i]);
                }
                buf.flip();
                ch.position((long) persisted * ENTRY);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                persisted = size;
            }
            if (sync) {
                ch.force(true);
            }
        }
    }

    private static int lastIndexAtMost(Entries e, long key) {
        long[] keys = e.keys();
        int lo = 0;
        int hi = e.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
