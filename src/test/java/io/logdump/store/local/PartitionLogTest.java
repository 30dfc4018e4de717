package io.logdump.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.core.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {
    @TempDir
    Path dir;

    @Test
    void offsetsAreContiguousAcrossRolledSegmentsAndSurviveAReopen() throws Exception {
        PartitionLog log = PartitionLog.open(dir, 100_000, true);
        for (int i = 0; i < 50; i++) {
            assertThat(log.append(Records.batch(i * 97L, 97))).isEqualTo(i * 97L);
        }
        log.close();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList())
                    .as("segments named by their 20-digit base offset").hasSizeGreaterThan(2)
                    .allMatch(n -> n.matches("\\d{20}\\.log")).first().isEqualTo("00000000000000000000.log");
        }
        PartitionLog reopened = PartitionLog.open(dir, 100_000, true);
        assertThat(reopened.endOffset()).isEqualTo(50 * 97);
        long offset = 0;
        while (offset < reopened.endOffset()) {
            List<LogRecord> chunk = reopened.read(offset, 10_000);
            assertThat(chunk).isNotEmpty();
            for (LogRecord r : chunk) {
                assertThat(r.offset()).isEqualTo(offset);
                assertThat(Records.numberOf(r)).isEqualTo(offset);
                offset++;
            }
        }
        reopened.close();
    }

    @Test
    void aReadStartsInsideABatchAndStopsNearTheByteLimit() throws Exception {
        PartitionLog log = PartitionLog.open(dir, 1L << 30, true);
        log.append(Records.batch(0, 1000));
        List<LogRecord> fromMiddle = log.read(500, 1);
        assertThat(fromMiddle.get(0).offset()).isEqualTo(500);
        assertThat(log.read(1000, 1 << 20)).as("nothing past the end").isEmpty();
        List<LogRecord> small = log.read(0, 1);
        assertThat(small).as("at least one whole batch").isNotEmpty();
        log.close();
    }

    @Test
    void offsetForTimeFindsTheFirstRecordAtOrAfterATimeEvenWhenTimesAreOutOfOrder() throws Exception {
        PartitionLog log = PartitionLog.open(dir, 50_000, true);
        long[] times = new long[3000];
        List<LogRecord> batch = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_000_000 + i * 10L + random.nextInt(200) - 100;
            batch.add(Records.record(i, times[i]));
            if (batch.size() == 100) {
                log.append(batch);
                batch = new ArrayList<>();
            }
        }
        for (long t : new long[] {0, 1_000_000, 1_005_000, 1_015_555, 1_029_990, 2_000_000}) {
            long expected = times.length;
            for (int i = 0; i < times.length; i++) {
                if (times[i] >= t) {
                    expected = i;
                    break;
                }
            }
            assertThat(log.offsetForTime(t)).as("time %d", t).isEqualTo(expected);
        }
        log.close();
    }

    @Test
    void concurrentAppendersShareForcesAndLoseNothing() throws Exception {
        PartitionLog log = PartitionLog.open(dir, 1_000_000, true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<Long> firsts = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    firsts.add(log.append(Records.batch(thread * 1_000_000L + i * 10L, 10)));
                }
                return firsts;
            }));
        }
        List<Long> firsts = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            firsts.addAll(f.get());
        }
        pool.shutdown();
        Collections.sort(firsts);
        for (int i = 0; i < firsts.size(); i++) {
            assertThat(firsts.get(i)).as("each append got its own range of offsets").isEqualTo(i * 10L);
        }
        assertThat(log.endOffset()).isEqualTo(8 * 50 * 10);
        log.close();
        PartitionLog reopened = PartitionLog.open(dir, 1_000_000, true);
        assertThat(reopened.endOffset()).isEqualTo(8 * 50 * 10);
        for (long first : firsts) {
            List<LogRecord> r = reopened.read(first, 1);
            long n = Records.numberOf(r.get(0));
            assertThat(n % 10).as("a batch is stored whole and in order").isZero();
            assertThat(Records.numberOf(r.get(9))).isEqualTo(n + 9);
        }
        reopened.close();
    }

    @Test
    void readersOnOtherThreadsSeeEveryRecordWhileTheAppenderRollsSegmentsAndGrowsIndexes() throws Exception {
        // 8 MiB segments hold over 100 index entries each (one per 64 KiB), so the index arrays grow while read
        PartitionLog log = PartitionLog.open(dir, 8L << 20, false);
        int appends = 700;
        int perAppend = 1000;
        long total = (long) appends * perAppend;
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> checked = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int stride = 3 + t * 4;
                checked.add(readers.submit(() -> {
                    long offset = 0;
                    long reads = 0;
                    while (offset < total) {
                        // every few reads, look an offset up again from inside the log (index lookups under appends)
                        long from = reads++ % stride == 0 && offset > 5000 ? offset - 4321 : offset;
                        List<LogRecord> chunk = log.read(from, 1 << 20);
                        for (LogRecord r : chunk) {
                            assertThat(r.offset()).isEqualTo(from);
                            assertThat(Records.numberOf(r)).isEqualTo(from);
                            from++;
                        }
                        offset = Math.max(offset, from);
                        long t0 = 1_500_000_000_000L + (offset / 2) * 1000;
                        long found = log.offsetForTime(t0);
                        assertThat(found).as("offset of a time already written").isLessThanOrEqualTo(Math.max(offset / 2, log.endOffset()));
                    }
                    return offset;
                }));
            }
            for (int i = 0; i < appends; i++) {
                assertThat(log.append(Records.batch((long) i * perAppend, perAppend))).isEqualTo((long) i * perAppend);
            }
            for (Future<Long> f : checked) {
                assertThat(f.get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(total);
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(log.sealedSegments()).as("the appends rolled segments").hasSizeGreaterThan(3);
        log.close();
    }

    @Test
    void anAppendThatFailsPartWayLeavesNothingOfItAndTheNextAppendTakesItsOffsets() throws Exception {
        PartitionLog log = PartitionLog.open(dir, 1_500_000, true);
        log.append(Records.batch(0, 100));
        long sizeBefore = Files.size(dir.resolve(Segment.fileName(0, ".log")));
        // 30,000 records are about three 1 MiB batches: the first goes into segment 0, then the roll out of
        // segment 0 cannot write its meta file, so the append fails after writing part of itself
        Path obstacle = dir.resolve(Segment.fileName(0, ".meta.tmp"));
        Files.createDirectories(obstacle.resolve("x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(Records.batch(100, 30_000)))
                .isInstanceOf(java.io.IOException.class);
        assertThat(log.endOffset()).isEqualTo(100);
        assertThat(Files.size(dir.resolve(Segment.fileName(0, ".log")))).as("segment 0 truncated back").isEqualTo(sizeBefore);
        assertThat(log.sealedSegments()).as("no segment left from the failed roll").isEmpty();
        assertThat(log.read(100, 1 << 20)).isEmpty();

        Files.delete(obstacle.resolve("x"));
        Files.delete(obstacle);
        assertThat(log.append(Records.batch(100, 30_000))).as("the retry gets the same offsets").isEqualTo(100);
        log.close();
        PartitionLog reopened = PartitionLog.open(dir, 1_500_000, true);
        assertThat(reopened.endOffset()).isEqualTo(30_100);
        long offset = 0;
        while (offset < reopened.endOffset()) {
            for (LogRecord r : reopened.read(offset, 1 << 20)) {
                assertThat(Records.numberOf(r)).as("each record once, in order").isEqualTo(offset++);
            }
        }
        reopened.close();
    }

    @Test
    void thePartsOfAnAppendAreReadableOnlyOnceItIsCommittedAndNothingOfItStaysWhenItIsClosedWithout() throws Exception {
        PartitionLog log = PartitionLog.open(dir, 1_500_000, false);
        log.append(Records.batch(0, 10));
        try (PartitionLog.Append append = log.begin()) {
            append.add(Records.batch(10, 20_000)); // rolls into a second segment
            append.add(Records.batch(20_010, 20_000));
            assertThat(log.endOffset()).as("no part is readable before the commit").isEqualTo(10);
            assertThat(log.read(10, 1 << 20)).isEmpty();
        } // closed without a commit
        assertThat(log.endOffset()).isEqualTo(10);
        assertThat(log.sealedSegments()).isEmpty();
        try (PartitionLog.Append append = log.begin()) {
            append.add(Records.batch(10, 20_000));
            append.add(Records.batch(20_010, 20_000));
            assertThat(append.commit()).as("the first record's offset").isEqualTo(10);
        }
        assertThat(log.endOffset()).isEqualTo(40_010);
        long offset = 0;
        while (offset < log.endOffset()) {
            for (LogRecord r : log.read(offset, 1 << 20)) {
                assertThat(Records.numberOf(r)).isEqualTo(offset++);
            }
        }
        log.close();
    }
}
