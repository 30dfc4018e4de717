package io.logdump.store.local;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.store.StoreStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLogStoreTest {
    private static final SubjectId SUBJECT = new SubjectId(ACCOUNT, "shop", "nginx");
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path dir;

    private LocalLogStore store() throws Exception {
        return new LocalLogStore(dir, new LocalLogStore.Settings(100_000, true));
    }

    @Test
    void aReadThatStopsInsideASegmentDoesNotJumpToTheNextOne() throws Exception {
        try (LocalLogStore store = store()) {
            for (int i = 0; i < 40; i++) {
                store.append(SUBJECT, 0, Records.batch(i * 200L, 200));
            }
            long end = store.endOffset(SUBJECT, 0);
            for (long from = 0; from < end; from += 37) {
                List<LogRecord> got = store.read(SUBJECT, 0, from, 6_000);
                assertThat(got).as("a read from %d", from).isNotEmpty();
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).offset()).as("a read from %d holds offsets without a gap", from).isEqualTo(from + i);
                }
            }
        }
    }

    /** Appends 20 batches and ages every sealed segment by {@code hours}. */
    private void fill(LocalLogStore store, int hours) throws Exception {
        for (int i = 0; i < 20; i++) {
            store.append(SUBJECT, 0, Records.batch(i * 200L, 200));
        }
        try (Stream<Path> files = Files.list(dir.resolve(ACCOUNT + "/shop/nginx/0"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(NOW.minus(Duration.ofHours(hours))));
            }
        }
    }

    @Test
    void statsCountRecordsBytesAndTheLogTimeRange() throws Exception {
        try (LocalLogStore store = store()) {
            store.append(SUBJECT, 0, Records.batch(0, 100));
            StoreStats stats = store.stats(SUBJECT);
            assertThat(stats.records()).isEqualTo(100);
            assertThat(stats.bytes()).isPositive();
            assertThat(stats.firstLogTime()).isEqualTo(Instant.ofEpochMilli(1_500_000_000_000L));
            assertThat(stats.lastLogTime()).isEqualTo(Instant.ofEpochMilli(1_500_000_000_000L + 99_000));
            assertThat(store.stats(new SubjectId(ACCOUNT, "shop", "empty")).records()).isZero();
        }
    }

    @Test
    void retentionDeletesOldSealedSegmentsButNeverWhatADumpTaskNeeds() throws Exception {
        try (LocalLogStore store = store()) {
            fill(store, 100);
            long end = store.endOffset(SUBJECT, 0);
            int deleted = store.enforceRetention(SUBJECT, Duration.ofHours(72), 1500, NOW);
            assertThat(deleted).isPositive();
            long start = store.startOffset(SUBJECT, 0);
            assertThat(start).as("the needed offset 1500 is still stored").isLessThanOrEqualTo(1500).isPositive();
            assertThat(store.read(SUBJECT, 0, 0, 1).get(0).offset()).as("a read below the start reads from the start").isEqualTo(start);
            store.enforceRetention(SUBJECT, Duration.ofHours(72), Long.MAX_VALUE, NOW);
            assertThat(store.endOffset(SUBJECT, 0)).isEqualTo(end);
            assertThat(store.read(SUBJECT, 0, end - 1, 1)).as("the active segment is never deleted").isNotEmpty();
        }
    }

    @Test
    void retentionKeepsSegmentsYoungerThanTheRetention() throws Exception {
        try (LocalLogStore store = store()) {
            fill(store, 10);
            assertThat(store.enforceRetention(SUBJECT, Duration.ofHours(72), Long.MAX_VALUE, NOW)).isZero();
            assertThat(store.startOffset(SUBJECT, 0)).isZero();
        }
    }

    @Test
    void theDiskLimitDeletesEvenNeededRecordsAndRecordsTheLostRange() throws Exception {
        try (LocalLogStore store = store()) {
            fill(store, 1);
            long before = store.stats(SUBJECT).bytes();
            List<long[]> lost = new ArrayList<>();
            store.enforceDiskLimit(before / 2, s -> 0L, (s, p, from, to, reason) -> lost.add(new long[] {from, to}));
            assertThat(store.stats(SUBJECT).bytes()).isLessThanOrEqualTo(before / 2);
            assertThat(lost).isNotEmpty();
            assertThat(lost.get(0)[0]).isZero();
            assertThat(lost.get(lost.size() - 1)[1]).isEqualTo(store.startOffset(SUBJECT, 0));
        }
    }

    @Test
    void deleteRemovesTheSubjectsFolder() throws Exception {
        try (LocalLogStore store = store()) {
            store.append(SUBJECT, 0, Records.batch(0, 10));
            store.delete(SUBJECT);
            assertThat(dir.resolve(ACCOUNT + "/shop/nginx")).doesNotExist();
            assertThat(store.endOffset(SUBJECT, 0)).isZero();
        }
    }

    @Test
    void eachAccountHasItsOwnFolderAndItsOwnRecordsForTheSameNames() throws Exception {
        SubjectId other = new SubjectId("other", SUBJECT.logset(), SUBJECT.subject());
        try (LocalLogStore store = store()) {
            store.append(SUBJECT, 0, Records.batch(0, 10));
            store.append(other, 0, Records.batch(100, 3));
            assertThat(store.endOffset(SUBJECT, 0)).isEqualTo(10);
            assertThat(store.read(other, 0, 0, 1 << 20)).extracting(Records::numberOf).containsExactly(100L, 101L, 102L);
            assertThat(dir.resolve("other/shop/nginx/0")).isDirectory();
            assertThat(store.subjectsOnDisk()).containsExactlyInAnyOrder(SUBJECT, other);
            store.delete(other);
            assertThat(store.endOffset(SUBJECT, 0)).as("the other account's subject of the same names is another subject").isEqualTo(10);
        }
    }
}
