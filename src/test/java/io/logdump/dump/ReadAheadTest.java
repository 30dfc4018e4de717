package io.logdump.dump;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.store.LogStore;
import io.logdump.store.StoreStats;
import io.logdump.store.local.LocalLogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {
    private static final SubjectId SUBJECT = new SubjectId("servicecode", "test-log");
    private static final int CHUNK = 4 << 10;

    @TempDir
    Path dir;
    LocalLogStore local;
    CountingStore store;

    @BeforeEach
    void open() throws IOException {
        local = new LocalLogStore(dir, LocalLogStore.Settings.DEFAULT);
        store = new CountingStore(local);
    }

    @AfterEach
    void close() throws IOException {
        local.close();
    }

    @Test
    void readingOnFromEachChunksEndGivesEveryRecordOnceInOrder() throws Exception {
        append(0, 2_000);
        ReadAhead reader = new ReadAhead(store, SUBJECT, 0, CHUNK);
        List<Long> offsets = new ArrayList<>();
        for (long next = 0; next < 2_000; ) {
            List<LogRecord> chunk = reader.read(next);
            assertThat(chunk).isNotEmpty();
            chunk.forEach(r -> offsets.add(r.offset()));
            next = chunk.get(chunk.size() - 1).offset() + 1;
        }
        assertThat(offsets).hasSize(2_000);
        for (int i = 0; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).isEqualTo(i);
        }
        assertThat(raw(local.read(SUBJECT, 0, 1_234, CHUNK).get(0))).isEqualTo("record 1234");
    }

    @Test
    void anOffsetInsideThePreviousChunkGetsItsRestWithoutReadingAgain() throws Exception {
        append(0, 2_000);
        ReadAhead reader = new ReadAhead(store, SUBJECT, 0, CHUNK);
        List<LogRecord> first = reader.read(0);
        assertThat(first.size()).as("a chunk is a part of the log").isLessThan(2_000);
        long end = first.get(first.size() - 1).offset() + 1;
        int readsAfterFirst = store.awaitReads(2);
        assertThat(readsAfterFirst).as("the chunk, and the next one read ahead").isEqualTo(2);

        List<LogRecord> rest = reader.read(10);
        assertThat(rest.get(0).offset()).isEqualTo(10);
        assertThat(rest.get(rest.size() - 1).offset()).isEqualTo(end - 1);
        assertThat(store.reads.get()).as("no read for the rest of a chunk").isEqualTo(readsAfterFirst);

        List<LogRecord> second = reader.read(end);
        assertThat(second.get(0).offset()).isEqualTo(end);
        assertThat(store.awaitReads(readsAfterFirst + 1)).as("the chunk read ahead is used, and one more is started")
                .isEqualTo(readsAfterFirst + 1);
    }

    @Test
    void recordsAppendedAfterAnEmptyReadAheadAreRead() throws Exception {
        append(0, 10);
        ReadAhead reader = new ReadAhead(store, SUBJECT, 0, CHUNK);
        assertThat(reader.read(0)).hasSize(10);
        Thread.sleep(50); // the read ahead finds nothing past offset 10
        append(10, 5);
        List<LogRecord> more = reader.read(10);
        assertThat(more).extracting(LogRecord::offset).containsExactly(10L, 11L, 12L, 13L, 14L);
    }

    @Test
    void anotherOffsetDropsTheChunkReadAhead() throws Exception {
        append(0, 2_000);
        ReadAhead reader = new ReadAhead(store, SUBJECT, 0, CHUNK);
        reader.read(0);
        List<LogRecord> elsewhere = reader.read(1_500);
        assertThat(elsewhere.get(0).offset()).isEqualTo(1_500);
        assertThat(raw(elsewhere.get(0))).isEqualTo("record 1500");
    }

    /** Appends records {@code from} on in batches of at most 100 (a read returns whole batches). */
    private void append(int from, int count) throws IOException {
        for (int start = from; start < from + count; start += 100) {
            List<LogRecord> records = new ArrayList<>();
            for (int i = start; i < Math.min(start + 100, from + count); i++) {
                records.add(new LogRecord(-1, Instant.EPOCH.toEpochMilli() + i, 0, new byte[0],
                        ("record " + i).getBytes(StandardCharsets.UTF_8), LogRecord.NONE));
            }
            local.append(SUBJECT, 0, records);
        }
    }

    private static String raw(LogRecord r) {
        return new String(r.raw(), StandardCharsets.UTF_8);
    }

    /** A log store that counts its reads. */
    private static final class CountingStore implements LogStore {
        final LogStore delegate;
        final AtomicInteger reads = new AtomicInteger();

        CountingStore(LogStore delegate) {
            this.delegate = delegate;
        }

        /** The number of reads once it is at least {@code n} (reads ahead run on another thread), or after 5 s. */
        int awaitReads(int n) throws InterruptedException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (reads.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(20);
            return reads.get();
        }

        @Override
        public int partitions(SubjectId subject) throws IOException {
            return delegate.partitions(subject);
        }

        @Override
        public long append(SubjectId subject, int partition, List<LogRecord> records) throws IOException {
            return delegate.append(subject, partition, records);
        }

        @Override
        public List<LogRecord> read(SubjectId subject, int partition, long offset, int maxBytes) throws IOException {
            reads.incrementAndGet();
            return delegate.read(subject, partition, offset, maxBytes);
        }

        @Override
        public long startOffset(SubjectId subject, int partition) throws IOException {
            return delegate.startOffset(subject, partition);
        }

        @Override
        public long endOffset(SubjectId subject, int partition) throws IOException {
            return delegate.endOffset(subject, partition);
        }

        @Override
        public long offsetForTime(SubjectId subject, int partition, Instant time) throws IOException {
            return delegate.offsetForTime(subject, partition, time);
        }

        @Override
        public StoreStats stats(SubjectId subject) throws IOException {
            return delegate.stats(subject);
        }

        @Override
        public void delete(SubjectId subject) throws IOException {
            delegate.delete(subject);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
