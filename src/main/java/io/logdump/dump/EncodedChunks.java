package io.logdump.dump;

import io.logdump.codec.Compression;
import io.logdump.codec.EncodingPool;
import io.logdump.core.LogRecord;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * The spool files of one batch, encoded and compressed in chunks on the shared {@link EncodingPool}
 * while the worker goes on reading. A file of a text format with GZIP or ZSTD is the concatenation
 * of independently compressed units (gzip members, zstd frames: {@link Compression#compressUnit}),
 * one per chunk of records, each encoded and compressed by one pool task; with NONE, SNAPPY or LZ4
 * a task only encodes, and the worker's thread writes (and compresses) the encoded bytes. Either way
 * the bytes reach each file in record order: chunks are collected oldest first, over all the
 * batch's files, on the worker's thread, which writes them.
 *
 * <p><b>Bounded.</b> At most {@code maxInFlight} chunks of the batch are submitted and not yet
 * written (by default {@link EncodingPool#threads()} + 2), plus the one each file is filling. A
 * chunk holds about {@link Compression#unitBytes()} of encoded records. When the bound is reached
 * the worker writes the oldest chunk, encoding it itself if no pool thread has started it, so a busy
 * pool (many tasks) slows a task down but neither stops it nor grows its memory.
 *
 * <p><b>Failures.</b> A chunk whose encoding throws (anything, an {@link Error} included) fails the
 * {@code write} or {@code finish} that collects it with an {@link IOException}, and every later call
 * of that batch fails too: the worker's step fails and the batch is written again from its start
 * offset (the dump protocol's recovery). The pool thread goes on with other work.
 *
 * <p><b>Size.</b> A file's {@link RecordEncoder#uncompressedBytes()} is exact for the chunks written
 * and an estimate for the others (the records' stored bytes times the ratio the written chunks
 * showed), so a batch closes on size within a few chunks of where it would exactly.
 *
 * <p>Not thread-safe: the worker's thread uses it; the pool runs only the encoding tasks.
 */
final class EncodedChunks {
    /** Stored bytes a record is counted for beyond its texts, before any chunk showed the real ratio. */
    static final int RECORD_OVERHEAD_ESTIMATE = 64;

    private final Executor executor;
    private final int maxInFlight;
    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    private IOException failure;
    private boolean abandoned;

    /** Encoding on the shared pool with {@link EncodingPool#threads()} + 2 chunks in flight. */
    EncodedChunks() {
        this(EncodingPool.shared(), EncodingPool.threads() + 2);
    }

    // visible for testing
    EncodedChunks(Executor executor, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight " + maxInFlight + " must be at least 1");
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.maxInFlight = maxInFlight;
    }

    /**
     * A file written in chunks to {@code out} (which it closes when finished). {@code format} must
     * encode in chunks (not compress internally).
     */
    RecordEncoder open(OutputStream out, RecordFormat format, Compression compression) throws IOException {
        return open(out, format, compression, compression.unitBytes());
    }

    // visible for testing: a chunk size
    RecordEncoder open(OutputStream out, RecordFormat format, Compression compression, int chunkBytes) throws IOException {
        if (format.compressesInternally()) {
            throw new IllegalArgumentException(format + " writes whole files, not chunks");
        }
        return new File(out, format, compression, chunkBytes);
    }

    /** Chunks submitted and not yet written. */
    int inFlight() {
        return inFlight.size();
    }

    /**
     * Gives up every chunk in flight (the batch is thrown away or written again): nothing more is
     * written, and finishing a file only closes its output.
     */
    void abandon() {
        abandoned = true;
        for (Chunk c : inFlight) {
            c.task.cancel(false);
        }
        inFlight.clear();
    }

    /** A chunk's encoding: the bytes to write (compressed when the codec works in units) and the encoded size. */
    private record Encoded(byte[] bytes, long encodedBytes) {}

    private record Chunk(File file, FutureTask<Encoded> task, long index, long estimate) {}

    private void submit(File file, FutureTask<Encoded> task, long index, long estimate) throws IOException {
        ensureUsable();
        collectFinished();
        while (inFlight.size() >= maxInFlight) {
            collectOldest();
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // the pool is gone (shutting down): encode here
        }
        inFlight.add(new Chunk(file, task, index, estimate));
    }

    private void collectFinished() throws IOException {
        while (!inFlight.isEmpty() && inFlight.peek().task().isDone()) {
            collectOldest();
        }
    }

    /** Writes the oldest chunk of the batch to its file, encoding it here if no pool thread has started it. */
    private void collectOldest() throws IOException {
        Chunk oldest = inFlight.peek();
        Encoded encoded;
        try {
            oldest.task().run();
            encoded = oldest.task().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("interrupted while waiting for chunk " + oldest.index() + " of " + oldest.file());
            throw failure;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failure = new IOException("encoding chunk " + oldest.index() + " of " + oldest.file() + " failed: " + cause, cause);
            throw failure;
        }
        inFlight.poll();
        try {
            oldest.file().written(oldest, encoded);
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException("writing chunk " + oldest.index() + " failed: " + e, e);
            throw failure;
        }
    }

    private void ensureUsable() throws IOException {
        if (failure != null) {
            throw new IOException("an earlier chunk of this batch failed: " + failure.getMessage(), failure);
        }
        if (abandoned) {
            throw new IOException("the batch's chunks were abandoned");
        }
    }

    /** Encodes one chunk into a reused buffer, then compresses it into a unit when the codec works in units. Thread-safe. */
    private static Encoded encode(RecordFormat format, Compression compression, List<LogRecord> records, boolean first)
            throws IOException {
        ChunkBuffer buffer = ChunkBuffer.borrow();
        try {
            RecordEncoder encoder = format.openChunk(buffer, first);
            for (LogRecord r : records) {
                encoder.write(r);
            }
            encoder.finish();
            byte[] bytes = compression.compressesInUnits() ? compression.compressUnit(buffer.bytes, buffer.length)
                    : Arrays.copyOf(buffer.bytes, buffer.length);
            return new Encoded(bytes, buffer.length);
        } finally {
            ChunkBuffer.release(buffer);
        }
    }

    /** One file being written in chunks. */
    private final class File implements RecordEncoder {
        private final OutputStream file;
        private final OutputStream sink;
        private final RecordFormat format;
        private final Compression compression;
        private final int chunkBytes;
        private List<LogRecord> chunk = new ArrayList<>();
        private long chunkEstimate;
        private long chunks;
        private int pending;
        private long pendingEstimate;
        private long writtenEstimate;
        private long writtenBytes;
        private boolean finished;

        File(OutputStream out, RecordFormat format, Compression compression, int chunkBytes) throws IOException {
            this.file = Objects.requireNonNull(out, "out");
            this.sink = compression.compressesInUnits() ? out : compression.wrap(out);
            this.format = format;
            this.compression = compression;
            this.chunkBytes = chunkBytes;
        }

        @Override
        public void write(LogRecord record) throws IOException {
            if (finished) {
                throw new IllegalStateException("the encoder is finished");
            }
            ensureUsable();
            chunk.add(record);
            chunkEstimate += estimate(record);
            if (chunkEstimate * ratio() >= chunkBytes) {
                submitChunk();
            }
        }

        @Override
        public long uncompressedBytes() {
            return writtenBytes + Math.round((pendingEstimate + chunkEstimate) * ratio());
        }

        /** Submits the rest, writes every chunk of this file in order, and closes the output (also after a failure). */
        @Override
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            try {
                if (!abandoned && failure == null) {
                    if (!chunk.isEmpty() || chunks == 0) {
                        submitChunk();
                    }
                    while (pending > 0) {
                        collectOldest();
                    }
                }
            } finally {
                chunk = List.of();
                if (abandoned || failure != null) {
                    try {
                        sink.close();
                    } catch (IOException | RuntimeException ignored) {
                        // the batch is thrown away
                    }
                } else {
                    sink.close();
                }
            }
            ensureUsable();
        }

        @Override
        public String toString() {
            return format + (compression == Compression.NONE ? "" : "+" + compression.word()) + " file";
        }

        private void submitChunk() throws IOException {
            List<LogRecord> records = chunk;
            boolean first = chunks == 0;
            long estimate = chunkEstimate;
            chunk = new ArrayList<>(records.size());
            chunkEstimate = 0;
            FutureTask<Encoded> task = new FutureTask<>(() -> encode(format, compression, records, first));
            submit(this, task, chunks, estimate);
            chunks++;
            pending++;
            pendingEstimate += estimate;
        }

        void written(Chunk c, Encoded encoded) throws IOException {
            sink.write(encoded.bytes());
            pending--;
            pendingEstimate -= c.estimate();
            writtenEstimate += c.estimate();
            writtenBytes += encoded.encodedBytes();
        }

        /** Encoded bytes per estimated byte, from the chunks written; 1 before any. */
        private double ratio() {
            return writtenEstimate == 0 ? 1.0 : (double) writtenBytes / writtenEstimate;
        }
    }

    /** What a record is counted for before it is encoded: its stored texts plus a fixed overhead. */
    static long estimate(LogRecord r) {
        return r.raw().length + (r.fieldsAreRaw() ? 0 : r.fields().length) + r.source().length + RECORD_OVERHEAD_ESTIMATE;
    }

    /**
     * A growable byte array that a chunk is encoded into, reused from chunk to chunk: a few are
     * kept idle (one per pool thread), larger ones than {@link #KEEP_BYTES} are dropped.
     */
    static final class ChunkBuffer extends OutputStream {
        private static final int KEEP_BYTES = 16 << 20;
        private static final ConcurrentLinkedDeque<ChunkBuffer> IDLE = new ConcurrentLinkedDeque<>();

        private byte[] bytes = new byte[1 << 20];
        private int length;

        static ChunkBuffer borrow() {
            ChunkBuffer b = IDLE.pollFirst();
            if (b == null) {
                b = new ChunkBuffer();
            }
            b.length = 0;
            return b;
        }

        static void release(ChunkBuffer b) {
            if (b.bytes.length <= KEEP_BYTES && IDLE.size() < EncodingPool.threads()) {
                IDLE.addFirst(b);
            }
        }

        @Override
        public void write(int b) {
            if (length == bytes.length) {
                grow(1);
            }
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len > bytes.length - length) {
                grow(len);
            }
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }

        private void grow(int more) {
            long size = Math.max(bytes.length * 2L, (long) length + more);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a chunk cannot exceed 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) size);
        }
    }
}
