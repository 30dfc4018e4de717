package io.logdump.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pigz-like engine behind GZIP and ZSTD, with a test compressor and executor: order, the
 * in-flight bound and worker failures, each counted from outside the stream.
 */
class ParallelChunkOutputStreamTest {
    private static final int CHUNK = 16;
    private static final int MAX_IN_FLIGHT = 4;

    /** A "compression" that keeps the bytes, so the output must equal the input. */
    private static final ParallelChunkOutputStream.ChunkCompressor IDENTITY =
            (chunk, length) -> java.util.Arrays.copyOf(chunk, length);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private ParallelChunkOutputStream createObjectUnderTest(OutputStream out, ParallelChunkOutputStream.ChunkCompressor c,
            java.util.concurrent.Executor executor) {
        return new ParallelChunkOutputStream(out, "test", c, executor, CHUNK, MAX_IN_FLIGHT);
    }

    @Test
    void neverHasMoreChunksInFlightThanTheBoundAndWritesThemInInputOrder() throws Exception {
        byte[] data = LogLines.bytes(64 * CHUNK + 5, 1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        // Tasks are queued, not run: this test's thread runs them newest first, so chunks finish
        // out of order and the writer must wait whenever the bound is reached.
        LinkedBlockingDeque<Runnable> queued = new LinkedBlockingDeque<>();
        AtomicInteger executed = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        java.util.concurrent.Executor executor = task -> {
            // Runs on the writing thread, as do the writes to the sink: a chunk is in flight from
            // here until its bytes reach the sink.
            int inFlight = executed.incrementAndGet() - (sink.size() / CHUNK);
            mostInFlight.accumulateAndGet(inFlight, Math::max);
            queued.add(task);
        };
        ParallelChunkOutputStream out = createObjectUnderTest(sink, IDENTITY, executor);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (out) {
                out.write(data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        while (!writer.isDone() || !queued.isEmpty()) {
            Runnable newest = queued.pollLast(10, TimeUnit.MILLISECONDS);
            if (newest != null) {
                newest.run();
            }
        }

        writer.get();
        assertThat(mostInFlight.get()).as("most chunks in flight at once").isBetween(1, MAX_IN_FLIGHT);
        assertThat(executed.get()).as("chunks").isEqualTo(65);
        assertThat(sink.toByteArray()).as("output of an identity compression").isEqualTo(data);
    }

    @Test
    void anExceptionInAWorkerSurfacesAsAnIOExceptionNamingTheChunk() {
        byte[] data = new byte[40 * CHUNK];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i / CHUNK);
        }
        ParallelChunkOutputStream.ChunkCompressor failsOnThird = (chunk, length) -> {
            if (chunk[0] == 2) {
                throw new IllegalStateException("native compressor broke");
            }
            return java.util.Arrays.copyOf(chunk, length);
        };
        CloseTracking sink = new CloseTracking();
        ParallelChunkOutputStream out = createObjectUnderTest(sink, failsOnThird, pool);

        assertThatThrownBy(() -> {
            try (out) {
                for (int off = 0; off < data.length; off += 7) {
                    out.write(data, off, Math.min(7, data.length - off));
                }
            }
        })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("test compression of chunk 2 (input bytes from 32) failed")
                .hasRootCauseMessage("native compressor broke");
        assertThat(sink.closed).as("target closed despite the failure").isTrue();
        assertThat(sink.size()).as("bytes of the chunks before the failed one").isLessThanOrEqualTo(2 * CHUNK);
    }

    @Test
    void afterAWorkerFailsEveryLaterCallFails() throws Exception {
        ParallelChunkOutputStream.ChunkCompressor fails = (chunk, length) -> {
            throw new IOException("disk of the worker is full");
        };
        CloseTracking sink = new CloseTracking();
        ParallelChunkOutputStream out = createObjectUnderTest(sink, fails, Runnable::run);
        out.write(new byte[CHUNK]);
        // The one chunk has failed; the next write collects it.

        assertThatThrownBy(() -> out.write(new byte[CHUNK])).isInstanceOf(IOException.class)
                .hasMessageContaining("chunk 0").hasRootCauseMessage("disk of the worker is full");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void emptyInputStillCompressesOneEmptyChunk() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ParallelChunkOutputStream out = createObjectUnderTest(sink, (chunk, length) -> {
            calls.incrementAndGet();
            return new byte[] {(byte) length};
        }, pool);

        out.close();

        assertThat(calls.get()).isEqualTo(1);
        assertThat(sink.toByteArray()).containsExactly(0);
    }

    @Test
    void inputOfWholeChunksEndsWithoutAnEmptyChunk() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ParallelChunkOutputStream out = createObjectUnderTest(sink, (chunk, length) -> new byte[] {(byte) length}, pool);

        out.write(new byte[3 * CHUNK]);
        out.close();

        assertThat(sink.toByteArray()).containsExactly(CHUNK, CHUNK, CHUNK);
    }

    @Test
    void flushWritesFinishedChunksButKeepsThePartialOne() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ParallelChunkOutputStream out = createObjectUnderTest(sink, IDENTITY, Runnable::run);

        out.write(new byte[2 * CHUNK + 3]);
        out.flush();

        assertThat(sink.size()).isEqualTo(2 * CHUNK);
        out.close();
        assertThat(sink.size()).isEqualTo(2 * CHUNK + 3);
    }

    @Test
    void theSharedPoolHasAtMostOneDaemonThreadPerProcessor() throws Exception {
        try (OutputStream out = new ParallelChunkOutputStream(new ByteArrayOutputStream(), "test", IDENTITY, CHUNK)) {
            out.write(new byte[100 * CHUNK]);
        }

        java.util.List<Thread> poolThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("logdump-encode-")).toList();
        assertThat(poolThreads).as("pool threads").isNotEmpty()
                .hasSizeLessThanOrEqualTo(Runtime.getRuntime().availableProcessors())
                .allMatch(Thread::isDaemon, "is a daemon");
        assertThat(ParallelChunkOutputStream.poolThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static final class CloseTracking extends ByteArrayOutputStream {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
