package io.logdump.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.core.LogRecord;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery keeps exactly the valid prefix of a damaged log, and rebuilds missing or wrong indexes. */
class SegmentRecoveryTest {
    private static final long SEED = 20261126L;

    @TempDir
    Path dir;

    /** Writes batches of random sizes and returns the end position of each batch. */
    private List<long[]> writeBatches(Path folder, Random random) throws IOException {
        List<long[]> ends = new ArrayList<>();
        PartitionLog log = PartitionLog.open(folder, 1L << 30, true);
        long n = 0;
        for (int i = 0; i < 40; i++) {
            int count = 1 + random.nextInt(200);
            log.append(Records.batch(n, count));
            n += count;
            ends.add(new long[] {Files.size(folder.resolve(Segment.fileName(0, ".log"))), n});
        }
        log.close();
        return ends;
    }

    @RepeatedTest(25)
    void garbageAtARandomPositionKeepsExactlyTheBatchesBeforeIt(org.junit.jupiter.api.RepetitionInfo info) throws IOException {
        Random random = new Random(SEED + info.getCurrentRepetition());
        Path folder = dir.resolve("garbage");
        List<long[]> ends = writeBatches(folder, random);
        Path file = folder.resolve(Segment.fileName(0, ".log"));
        long size = Files.size(file);
        long position = (long) (random.nextDouble() * size);
        int length = 1 + random.nextInt(64);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 0; i < length && position + i < size; i++) {
                raf.seek(position + i);
                int old = raf.read();
                raf.seek(position + i);
                raf.write(old ^ (1 + random.nextInt(255)));
            }
        }
        long expectedRecords = 0;
        long expectedSize = 0;
        for (long[] end : ends) {
            if (end[0] <= position) {
                expectedRecords = end[1];
                expectedSize = end[0];
            }
        }
        assertRecovered(folder, expectedRecords, expectedSize);
    }

    @RepeatedTest(25)
    void truncationAtARandomLengthKeepsExactlyTheWholeBatches(org.junit.jupiter.api.RepetitionInfo info) throws IOException {
        Random random = new Random(SEED * 7 + info.getCurrentRepetition());
        Path folder = dir.resolve("torn");
        List<long[]> ends = writeBatches(folder, random);
        Path file = folder.resolve(Segment.fileName(0, ".log"));
        long size = Files.size(file);
        long keep = (long) (random.nextDouble() * size);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(keep);
        }
        long expectedRecords = 0;
        long expectedSize = 0;
        for (long[] end : ends) {
            if (end[0] <= keep) {
                expectedRecords = end[1];
                expectedSize = end[0];
            }
        }
        assertRecovered(folder, expectedRecords, expectedSize);
    }

    private void assertRecovered(Path folder, long expectedRecords, long expectedSize) throws IOException {
        PartitionLog log = PartitionLog.open(folder, 1L << 30, true);
        assertThat(log.endOffset()).as("records surviving").isEqualTo(expectedRecords);
        assertThat(Files.size(folder.resolve(Segment.fileName(0, ".log")))).as("the torn tail is cut off").isEqualTo(expectedSize);
        List<LogRecord> all = readAll(log);
        assertThat(all).hasSize((int) expectedRecords);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).offset()).isEqualTo(i);
            assertThat(Records.numberOf(all.get(i))).isEqualTo(i);
        }
        long next = log.append(Records.batch(expectedRecords, 5));
        assertThat(next).as("appending goes on right after the valid prefix").isEqualTo(expectedRecords);
        log.close();
    }

    @Test
    void recoverReturnsTheBytesItDropped() throws IOException {
        Path folder = dir.resolve("count");
        PartitionLog log = PartitionLog.open(folder, 1L << 30, true);
        log.append(Records.batch(0, 10));
        log.close();
        Path file = folder.resolve(Segment.fileName(0, ".log"));
        long good = Files.size(file);
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7}, java.nio.file.StandardOpenOption.APPEND);
        Segment s = Segment.open(folder, 0, false);
        assertThat(s.nextOffset()).isEqualTo(10);
        assertThat(Files.size(file)).isEqualTo(good);
        assertThat(s.recover()).as("already clean").isZero();
        s.close();
    }

    @Test
    void missingOrWrongIndexesOfASealedSegmentAreRebuilt() throws IOException {
        Path folder = dir.resolve("indexes");
        PartitionLog log = PartitionLog.open(folder, 200_000, true);
        for (int i = 0; i < 60; i++) {
            log.append(Records.batch(i * 100L, 100));
        }
        long end = log.endOffset();
        log.close();
        List<Path> indexes;
        try (var files = Files.list(folder)) {
            indexes = files.filter(f -> f.toString().endsWith("index")).sorted().toList();
        }
        assertThat(indexes.size()).as("several segments were rolled").isGreaterThan(4);
        Files.delete(indexes.get(0));
        Files.write(indexes.get(1), new byte[] {9, 9, 9});
        byte[] wrong = new byte[32];
        java.nio.ByteBuffer.wrap(wrong).putLong(5).putLong(Long.MAX_VALUE / 2).putLong(1).putLong(0);
        Files.write(indexes.get(2), wrong);

        PartitionLog reopened = PartitionLog.open(folder, 200_000, true);
        assertThat(reopened.endOffset()).isEqualTo(end);
        List<LogRecord> all = readAll(reopened);
        assertThat(all).hasSize((int) end);
        for (long offset : new long[] {0, 1234, 2500, 4999, end - 1}) {
            List<LogRecord> one = reopened.read(offset, 1);
            assertThat(one.get(0).offset()).isEqualTo(offset);
            assertThat(Records.numberOf(one.get(0))).isEqualTo(offset);
        }
        assertThat(reopened.offsetForTime(1_500_000_000_000L + 3333 * 1000)).isEqualTo(3333);
        reopened.close();
    }

    private static List<LogRecord> readAll(PartitionLog log) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        long offset = log.startOffset();
        while (true) {
            List<LogRecord> chunk = log.read(offset, 256 << 10);
            if (chunk.isEmpty()) {
                return out;
            }
            out.addAll(chunk);
            offset = chunk.get(chunk.size() - 1).offset() + 1;
        }
    }
}
