package io.logdump.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.codec.Compression;
import io.logdump.codec.EncodingPool;
import io.logdump.core.LogRecord;
import io.logdump.format.FormatSettings;
import io.logdump.format.Formats;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import io.logdump.format.json.JsonFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chunks of a batch's files on the encoding pool: written in record order whatever order they
 * are encoded in, bounded in flight, a failing chunk failing the batch (not the pool), and one
 * shared, bounded pool.
 */
class EncodedChunksTest {
    private static final int CHUNK_BYTES = 2_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static List<LogRecord> records(int n) {
        List<LogRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] raw = ("line " + i + " \"quoted\" \t " + "x".repeat(i % 97)).getBytes(StandardCharsets.UTF_8);
            out.add(new LogRecord(i, 1_500_000_000_000L + i, 1_500_000_001_000L + i, "10.0.0.1".getBytes(StandardCharsets.UTF_8),
                    raw, LogRecord.NONE));
        }
        return out;
    }

    /** The file one encoder writes on this thread: what the chunks must add up to. */
    private static byte[] sequential(RecordFormat format, List<LogRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordEncoder e = format.open(out, null, null);
        for (LogRecord r : records) {
            e.write(r);
        }
        e.finish();
        return out.toByteArray();
    }

    /** Queues the pool's tasks; {@link #runNewestFirst} runs them in reverse order. */
    private static final class QueuedExecutor implements Executor {
        final Deque<Runnable> queued = new ArrayDeque<>();
        int executed;

        @Override
        public void execute(Runnable task) {
            executed++;
            queued.add(task);
        }

        void runNewestFirst() {
            while (!queued.isEmpty()) {
                queued.pollLast().run();
            }
        }
    }

    @Test
    void chunksEncodedOutOfOrderAreWrittenInRecordOrder() throws Exception {
        List<LogRecord> records = records(3_000);
        QueuedExecutor executor = new QueuedExecutor();
        EncodedChunks chunks = new EncodedChunks(executor, 1_000);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        RecordEncoder encoder = chunks.open(file, JsonFormat.INSTANCE, Compression.NONE, CHUNK_BYTES);
        for (LogRecord r : records) {
            encoder.write(r);
        }
        assertThat(executor.executed).as("chunks submitted before any was encoded").isGreaterThan(10);
        assertThat(file.size()).as("nothing written before the chunks are encoded").isZero();
        executor.runNewestFirst();
        encoder.finish();

        byte[] expected = sequential(JsonFormat.INSTANCE, records);
        assertThat(file.toByteArray()).isEqualTo(expected);
        assertThat(encoder.uncompressedBytes()).isEqualTo(expected.length);
        assertThat(chunks.inFlight()).isZero();
    }

    @Test
    void gzipAndZstdFilesAreTheirUnitsInOrderAndDecompressToTheRecords() throws Exception {
        List<LogRecord> records = records(5_000);
        byte[] expected = sequential(JsonFormat.INSTANCE, records);
        for (Compression c : List.of(Compression.GZIP, Compression.ZSTD, Compression.LZ4, Compression.SNAPPY)) {
            QueuedExecutor executor = new QueuedExecutor();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            RecordEncoder encoder = new EncodedChunks(executor, 1_000).open(file, JsonFormat.INSTANCE, c, CHUNK_BYTES);
            for (LogRecord r : records) {
                encoder.write(r);
            }
            executor.runNewestFirst();
            encoder.finish();
            try (InputStream in = c.unwrap(new ByteArrayInputStream(file.toByteArray()))) {
                assertThat(in.readAllBytes()).as(c.word()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aCsvFileHasItsHeaderOnceWhateverTheChunks() throws Exception {
        RecordFormat csv = Formats.of(new FormatSettings("csv", List.of(new FormatSettings.Column("__time__", null),
                new FormatSettings.Column("__raw__", null)), ',', true));
        List<LogRecord> records = records(2_000);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        RecordEncoder encoder = new EncodedChunks(pool, 3).open(file, csv, Compression.NONE, CHUNK_BYTES);
        for (LogRecord r : records) {
            encoder.write(r);
        }
        encoder.finish();
        assertThat(file.toByteArray()).isEqualTo(sequential(csv, records));
    }

    @Test
    void neverHasMoreChunksInFlightThanItsBoundOverAllTheBatchsFiles() throws Exception {
        int bound = 3;
        AtomicInteger most = new AtomicInteger();
        EncodedChunks[] holder = new EncodedChunks[1];
        Executor counting = task -> {
            // called when a chunk is submitted: the chunks already in flight, plus this one
            most.accumulateAndGet(holder[0].inFlight() + 1, Math::max);
            pool.execute(task);
        };
        EncodedChunks chunks = new EncodedChunks(counting, bound);
        holder[0] = chunks;
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        RecordEncoder fileA = chunks.open(a, JsonFormat.INSTANCE, Compression.GZIP, CHUNK_BYTES);
        RecordEncoder fileB = chunks.open(b, JsonFormat.INSTANCE, Compression.GZIP, CHUNK_BYTES);
        List<LogRecord> records = records(4_000);
        for (LogRecord r : records) {
            (r.offset() % 2 == 0 ? fileA : fileB).write(r);
        }
        fileA.finish();
        fileB.finish();
        assertThat(most.get()).as("most chunks in flight").isBetween(2, bound);
        List<LogRecord> even = records.stream().filter(r -> r.offset() % 2 == 0).toList();
        try (InputStream in = Compression.GZIP.unwrap(new ByteArrayInputStream(a.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(sequential(JsonFormat.INSTANCE, even));
        }
    }

    /** JSON, except that the record at offset {@code failAt} throws, as a bug in an encoder would. */
    private record FailingFormat(long failAt, Throwable failure) implements RecordFormat {
        @Override
        public String extension() {
            return JsonFormat.INSTANCE.extension();
        }

        @Override
        public boolean compressesInternally() {
            return JsonFormat.INSTANCE.compressesInternally();
        }

        @Override
        public String contentType() {
            return JsonFormat.INSTANCE.contentType();
        }

        @Override
        public RecordEncoder open(OutputStream out, Path file, String compression) {
            RecordEncoder json = JsonFormat.INSTANCE.open(out, file, compression);
            return new RecordEncoder() {
                @Override
                public void write(LogRecord record) throws IOException {
                    if (record.offset() == failAt) {
                        if (failure instanceof Error e) {
                            throw e;
                        }
                        throw (RuntimeException) failure;
                    }
                    json.write(record);
                }

                @Override
                public long uncompressedBytes() {
                    return json.uncompressedBytes();
                }

                @Override
                public void finish() throws IOException {
                    json.finish();
                }
            };
        }
    }

    @Test
    void aFailingChunkFailsTheBatchButNotThePoolThread() throws Exception {
        for (Throwable failure : List.of(new IllegalStateException("a bug"), new OutOfMemoryError("a big chunk"))) {
            ExecutorService single = Executors.newSingleThreadExecutor();
            try {
                EncodedChunks chunks = new EncodedChunks(single, 2);
                RecordEncoder encoder = chunks.open(new ByteArrayOutputStream(), new FailingFormat(700, failure), Compression.GZIP,
                        CHUNK_BYTES);
                assertThatThrownBy(() -> {
                    for (LogRecord r : records(3_000)) {
                        encoder.write(r);
                    }
                    encoder.finish();
                }).isInstanceOf(IOException.class).hasMessageContaining("encoding chunk").hasRootCauseMessage(failure.getMessage());
                assertThatThrownBy(() -> encoder.write(records(1).get(0))).as("later writes of the batch")
                        .isInstanceOf(IOException.class);
                chunks.abandon(); // what the worker does with a failed batch before writing it again
                assertThat(chunks.inFlight()).isZero();
            } finally {
                Future<String> after = single.submit(() -> Thread.currentThread().getName());
                assertThat(after.get()).as("the pool thread still works after " + failure).isNotNull();
                single.shutdownNow();
            }
        }
    }

    @Test
    void theEncodingPoolIsOneSharedPoolOfOneDaemonThreadPerProcessor() throws Exception {
        // Use the shared pool through a batch and through a compressing stream.
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        RecordEncoder encoder = new EncodedChunks().open(file, JsonFormat.INSTANCE, Compression.ZSTD);
        for (LogRecord r : records(50_000)) {
            encoder.write(r);
        }
        encoder.finish();
        try (OutputStream out = Compression.GZIP.wrap(new ByteArrayOutputStream())) {
            out.write(new byte[3 << 20]);
        }
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("logdump-encode-")).toList();
        assertThat(threads).isNotEmpty().hasSizeLessThanOrEqualTo(Runtime.getRuntime().availableProcessors()).allMatch(Thread::isDaemon);
        assertThat(EncodingPool.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("logdump-codec-")))
                .as("no second pool").isEmpty();
    }
}
