package io.logdump.codec;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one pool of the process that encodes and compresses chunks of dump files: one daemon thread
 * per core ({@code logdump-encode-N}), created on first use, shared by every task and every
 * compressing stream. So many tasks together never run more encoding threads than there are
 * cores; what bounds memory is each user's own limit of chunks in flight (a dump batch holds a
 * few, {@link Compression#wrap} streams {@code 2 × cores}), and a user whose chunk has not started
 * yet runs it on its own thread rather than wait (see {@code ParallelChunkOutputStream} and
 * {@code dump.EncodedChunks}), so work still finishes when the pool is busy with others or its
 * threads have died (an {@link OutOfMemoryError} outside a task ends a pool thread for good).
 *
 * <p>A task that throws fails only its own future: the pool thread goes on. Thread-safe.
 */
public final class EncodingPool {
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(THREADS, daemonThreads());

    private EncodingPool() {}

    /** The shared executor. */
    public static Executor shared() {
        return EXECUTOR;
    }

    /** Its number of threads: the processors the JVM may use. */
    public static int threads() {
        return THREADS;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger seq = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "logdump-encode-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
