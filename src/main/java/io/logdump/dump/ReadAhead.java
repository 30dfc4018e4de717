package io.logdump.dump;

import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.store.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads one log-store partition in chunks for a worker, reading the next chunk on another thread
 * while the worker encodes this one, so that a single task keeps a second core busy with reading,
 * decoding and checking batches. A chunk read ahead is used only when the worker asks for exactly
 * the offset it starts at and it holds records; otherwise it is dropped and the read is done
 * in place. At most one chunk is read ahead. Not thread-safe: one worker drives it.
 */
final class ReadAhead {
    private static final ExecutorService READERS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "logdump-read");
                t.setDaemon(true);
                return t;
            });

    private final LogStore store;
    private final SubjectId subject;
    private final int partition;
    private final int maxBytes;
    private List<LogRecord> last = List.of();
    private long pendingOffset = -1;
    private Future<List<LogRecord>> pending;

    ReadAhead(LogStore store, SubjectId subject, int partition, int maxBytes) {
        this.store = store;
        this.subject = subject;
        this.partition = partition;
        this.maxBytes = maxBytes;
    }

    /**
     * The records from {@code offset} on, at most about {@code maxBytes}; then starts reading the
     * chunk after them. An offset inside the previous chunk (a worker that stopped in its middle to
     * seal a file) gets the rest of that chunk, and the chunk after it stays on its way.
     */
    List<LogRecord> read(long offset) throws IOException {
        if (!last.isEmpty() && offset > last.get(0).offset() && offset < pendingOffset) {
            int from = (int) (offset - last.get(0).offset());
            if (from < last.size() && last.get(from).offset() == offset) {
                return last.subList(from, last.size());
            }
        }
        List<LogRecord> records = pendingOffset == offset ? take() : null;
        cancel();
        if (records == null || records.isEmpty()) {
            records = store.read(subject, partition, offset, maxBytes);
        }
        last = records;
        if (!records.isEmpty()) {
            long next = records.get(records.size() - 1).offset() + 1;
            pendingOffset = next;
            pending = READERS.submit(() -> store.read(subject, partition, next, maxBytes));
        }
        return records;
    }

    /** Drops the chunk being read ahead, if any. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        pendingOffset = -1;
        last = List.of();
    }

    private List<LogRecord> take() throws IOException {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("reading ahead failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        }
    }
}
