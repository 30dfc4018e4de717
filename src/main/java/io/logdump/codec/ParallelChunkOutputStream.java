package io.logdump.codec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A compressing stream that uses several cores for one stream, like pigz: the input is cut into
 * fixed-size chunks, each chunk is compressed on its own by a worker of a shared pool into a
 * self-contained unit (a gzip member, a zstd frame), and the units are written to {@code out} in
 * input order. The result is the concatenation of the units, which gzip (RFC 1952 §2.2) and zstd
 * (format spec §"Frames") both define as one valid file.
 *
 * <p>Memory is bounded: at most {@code maxInFlight} chunks are being compressed or waiting to be
 * written, plus the one being filled, so a stream holds at most about
 * {@code (maxInFlight + 1) × chunkSize} bytes of input plus their compressed forms, whatever is
 * written through it. A write that would exceed this waits for the oldest chunk, or compresses it
 * itself if no worker has started it. So the writing thread helps when the pool is busy with other
 * streams, and a stream still finishes if the pool's threads have died (an
 * {@link OutOfMemoryError} outside a task stops a pool thread for good, and its queued tasks would
 * otherwise never run).
 *
 * <p>An exception thrown while compressing a chunk surfaces as an {@link IOException} from the
 * {@code write}, {@code flush} or {@code close} that collects that chunk, and every later call
 * fails too; {@code close} still closes {@code out}.
 *
 * <p>Not thread-safe: one thread writes and closes a stream. The pool is the process's one
 * {@link EncodingPool}, which dump batches share.
 */
final class ParallelChunkOutputStream extends OutputStream {

    /**
     * Compresses one chunk into one self-contained unit of the format. Called concurrently from
     * pool threads and writing threads, so implementations must be thread-safe.
     */
    @FunctionalInterface
    interface ChunkCompressor {
        /** The whole compressed unit for {@code chunk[0, length)}, which must not be modified. */
        byte[] compress(byte[] chunk, int length) throws IOException;
    }

    private record Pending(FutureTask<byte[]> result, byte[] chunk, long index) {}

    private final OutputStream out;
    private final String format;
    private final ChunkCompressor compressor;
    private final Executor executor;
    private final int chunkSize;
    private final int maxInFlight;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spareChunks = new ArrayDeque<>();
    private byte[] chunk;
    private int filled;
    private long chunksSubmitted;
    private boolean closed;
    private IOException failure;

    /** A stream on the shared pool with 2 chunks in flight per pool thread. */
    ParallelChunkOutputStream(OutputStream out, String format, ChunkCompressor compressor, int chunkSize) {
        this(out, format, compressor, EncodingPool.shared(), chunkSize, 2 * EncodingPool.threads());
    }

    // visible for testing
    ParallelChunkOutputStream(OutputStream out, String format, ChunkCompressor compressor,
            Executor executor, int chunkSize, int maxInFlight) {
        if (chunkSize < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("chunkSize " + chunkSize + " and maxInFlight " + maxInFlight
                    + " must be at least 1");
        }
        this.out = Objects.requireNonNull(out, "out");
        this.format = format;
        this.compressor = compressor;
        this.executor = executor;
        this.chunkSize = chunkSize;
        this.maxInFlight = maxInFlight;
    }

    /** Threads of the shared pool, which is also the default number of chunks compressed at once. */
    static int poolThreads() {
        return EncodingPool.threads();
    }

    @Override
    public void write(int b) throws IOException {
        ensureWritable();
        if (chunk == null) {
            chunk = takeChunkBuffer();
        }
        chunk[filled++] = (byte) b;
        if (filled == chunkSize) {
            submitChunk();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureWritable();
        while (len > 0) {
            if (chunk == null) {
                chunk = takeChunkBuffer();
            }
            int n = Math.min(len, chunkSize - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunkSize) {
                submitChunk();
            }
        }
    }

    /**
     * Writes the chunks already compressed to {@code out} and flushes it. It does not end the chunk
     * being filled (that would make small units), so up to {@code (maxInFlight + 1) × chunkSize}
     * input bytes may not have reached {@code out} yet; only {@link #close()} writes everything.
     */
    @Override
    public void flush() throws IOException {
        ensureWritable();
        guard(() -> {
            writeFinishedChunks();
            out.flush();
        });
    }

    /**
     * Compresses the rest, writes every unit in order and closes {@code out}, even after a failure.
     * Empty input gives one empty unit, so the file is still valid. Closing again does nothing.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException error = failure == null ? null : failedEarlier();
        if (error == null) {
            try {
                guard(() -> {
                    if (filled > 0 || chunksSubmitted == 0) {
                        submitChunk();
                    }
                    while (!pending.isEmpty()) {
                        writeOldestChunk();
                    }
                });
            } catch (IOException e) {
                error = e;
            }
        }
        for (Pending p : pending) {
            p.result().cancel(false);
        }
        pending.clear();
        spareChunks.clear();
        chunk = null;
        try {
            out.close();
        } catch (IOException e) {
            if (error == null) {
                error = e;
            } else {
                error.addSuppressed(e);
            }
        }
        if (error != null) {
            throw error;
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** Runs an action that may fail the stream; a failure is kept so later calls fail too. */
    private void guard(IoAction action) throws IOException {
        try {
            action.run();
        } catch (IOException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = new IOException(format + " stream failed: " + e, e);
            throw failure;
        }
    }

    private void ensureWritable() throws IOException {
        if (closed) {
            throw new IOException(format + " stream is closed");
        }
        if (failure != null) {
            throw failedEarlier();
        }
    }

    /** A new exception for a stream that failed before, with the cause but not the first exception,
     *  which try-with-resources may already be throwing. */
    private IOException failedEarlier() {
        return new IOException(format + " stream failed earlier: " + failure.getMessage(), failure.getCause());
    }

    private byte[] takeChunkBuffer() {
        byte[] spare = spareChunks.poll();
        return spare != null ? spare : new byte[chunkSize];
    }

    /** Hands the filled chunk to the pool, first waiting for the oldest one if too many are in flight. */
    private void submitChunk() throws IOException {
        guard(() -> {
            writeFinishedChunks();
            while (pending.size() >= maxInFlight) {
                writeOldestChunk();
            }
            byte[] data = chunk != null ? chunk : new byte[0];
            int length = filled;
            FutureTask<byte[]> task = new FutureTask<>(() -> compressor.compress(data, length));
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                throw new IOException(format + " compression pool refused chunk " + chunksSubmitted, e);
            }
            pending.add(new Pending(task, data, chunksSubmitted));
            chunksSubmitted++;
            chunk = null;
            filled = 0;
        });
    }

    private void writeFinishedChunks() throws IOException {
        while (!pending.isEmpty() && pending.peek().result().isDone()) {
            writeOldestChunk();
        }
    }

    /**
     * Writes the oldest chunk's compressed unit to {@code out}, compressing it on this thread if no
     * worker has started it yet (a task runs once, whoever starts it), else waiting for it.
     */
    private void writeOldestChunk() throws IOException {
        Pending oldest = pending.peek();
        byte[] unit;
        try {
            oldest.result().run();
            unit = oldest.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + format + " chunk " + oldest.index());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(format + " compression of chunk " + oldest.index() + " (input bytes from "
                    + oldest.index() * chunkSize + ") failed: " + cause, cause);
        }
        pending.poll();
        if (oldest.chunk().length == chunkSize) {
            spareChunks.push(oldest.chunk());
        }
        out.write(unit);
    }
}
