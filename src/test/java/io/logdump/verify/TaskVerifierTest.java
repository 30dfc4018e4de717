package io.logdump.verify;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static io.logdump.testutil.TestCatalog.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.dump.DumpWorker;
import io.logdump.dump.UploadPolicy;
import io.logdump.history.DumpFile;
import io.logdump.history.FileStatus;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.history.jdbc.JdbcHistoryAudit;
import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.local.LocalObjectStorage;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.TestCatalog;
import io.logdump.verify.VerifyReport.Discrepancy;
import io.logdump.verify.VerifyReport.Kind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A task's files written by a real {@link DumpWorker} into a local bucket, then checked by the
 * verifier: clean, and after each kind of damage done to the bucket or the history.
 */
class TaskVerifierTest {
    private static final SubjectId SUBJECT = new SubjectId(ACCOUNT, "servicecode", "test-log");
    private static final String PREFIX = "servicecode/test-log/";

    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    LocalLogStore store;
    Jdbi jdbi;
    JdbcDumpHistory history;
    ObjectStore bucket;
    DumpTasks tasks;
    DumpTask task;
    long segmentBytes = LocalLogStore.Settings.DEFAULT.segmentBytes();

    @AfterEach
    void tearDown() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    /**
     * Dumps 300 records in two batches: batch 1 (offsets 0–150) across midnight, so into two files
     * of 2017-07-16 and 2017-07-17, and batch 2 (150–300) into one file of 2017-07-18.
     */
    private void dumpTwoBatches(String format, String compression) throws Exception {
        store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(segmentBytes, true));
        jdbi = MetadataDatabase.openEmbedded(dir);
        history = new JdbcDumpHistory(jdbi);
        LocalObjectStorage storage = new LocalObjectStorage(dir.resolve("buckets"));
        storage.createBucket("archive");
        bucket = storage.bucket("archive");
        String spec = format.equals("csv") ? "{'type':'csv','columns':['__time__','__raw__'],'delimiter':',','header':true}"
                : "{'type':'" + format + "'}";
        tasks = TestCatalog.open(jdbi, clock, "archive").rawSubject(SUBJECT.logset(), SUBJECT.subject()).tasks();
        task = tasks.create(ACTOR, TestCatalog.body("{'name':'nightly','logset':'" + SUBJECT.logset() + "','subject':'"
                + SUBJECT.subject() + "','bucket':'archive','prefix':'" + PREFIX + "','partitionFormat':'%Y/%m/%d',"
                + "'timeZone':'UTC','maxFileSizeMB':5,'intervalSeconds':60,'format':" + spec + ",'compression':'" + compression
                + "','startDelaySeconds':0,'startFrom':'earliest'}"));
        DumpWorker worker = new DumpWorker(task, 0, new DumpWorker.Deps(store, history, bucket, dir.resolve("spool"), clock,
                new UploadPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)), id -> task.settings()));
        ingest(0, 150, Instant.parse("2017-07-16T23:59:00Z"));
        dumpOneBatch(worker);
        ingest(150, 150, Instant.parse("2017-07-18T10:00:00Z"));
        dumpOneBatch(worker);
        assertThat(history.checkpoint(task.id(), 0)).hasValue(300);
    }

    private void ingest(int from, int count, Instant start) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String raw = "record " + (from + i) + " said \"hello, world\"";
            records.add(new LogRecord(-1, start.plusSeconds(i).toEpochMilli(), clock.millis(), utf8("10.0.0.1"), utf8(raw), LogRecord.NONE));
        }
        store.append(SUBJECT, 0, records);
    }

    private void dumpOneBatch(DumpWorker worker) throws Exception {
        while (worker.step() == 0) {
            // more to read
        }
        clock.advance(Duration.ofSeconds(61));
        worker.step();
    }

    private TaskVerifier createObjectUnderTest() {
        return new TaskVerifier(tasks, store, new JdbcHistoryAudit(jdbi), t -> bucket);
    }

    private VerifyReport verify() throws Exception {
        return createObjectUnderTest().verify(ACCOUNT, task.id(), null, null);
    }

    private DumpFile file(int index) {
        return history.files(ACCOUNT, null, null, task.id(), FileStatus.SUCCEEDED, 100, null).stream()
                .sorted((a, b) -> a.objectKey().compareTo(b.objectKey())).toList().get(index);
    }

    private Path objectPath(String key) {
        return dir.resolve("buckets/archive").resolve(key);
    }

    private static List<Kind> kinds(VerifyReport report) {
        return report.discrepancies().stream().map(Discrepancy::kind).toList();
    }

    @ParameterizedTest
    @CsvSource({"json, gzip", "raw, zstd", "csv, lz4", "json, snappy", "csv, none"})
    void aCleanTaskVerifiesWithEveryCountChecked(String format, String compression) throws Exception {
        dumpTwoBatches(format, compression);

        VerifyReport report = verify();

        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.counts().files()).as("two files of batch 1, one of batch 2").isEqualTo(3);
        assertThat(report.counts().expectedRecords()).isEqualTo(300);
        assertThat(report.counts().decodedRecords()).as("decoded from the objects").isEqualTo(300);
        assertThat(report.counts().batches()).isEqualTo(2);
        assertThat(report.counts().comparedBatches()).as("json and raw lines are compared with the log store's records")
                .isEqualTo(format.equals("csv") ? 0 : 2);
        assertThat(report.counts().bytes()).isEqualTo(history.files(ACCOUNT, null, null, task.id(), null, 100, null).stream()
                .mapToLong(DumpFile::storedBytes).sum());
        assertThat(report.ranges()).containsExactly(new VerifyReport.Range(0, 0, 300));
        assertThat(report.counts().pendingRecords()).isZero();
    }

    @Test
    void aChangedByteIsReportedAsAShaMismatch() throws Exception {
        dumpTwoBatches("json", "gzip");
        DumpFile f = file(0);
        byte[] bytes = Files.readAllBytes(objectPath(f.objectKey()));
        bytes[bytes.length / 2] ^= 1;
        Files.write(objectPath(f.objectKey()), bytes);

        VerifyReport report = verify();

        assertThat(report.ok()).isFalse();
        assertThat(kinds(report)).containsExactly(Kind.CHANGED);
        Discrepancy d = report.discrepancies().get(0);
        assertThat(d.objectKey()).isEqualTo(f.objectKey());
        assertThat(d.detail()).contains(f.sha256()).contains("does not decode");
        assertThat(report.counts().changed()).isEqualTo(1);
    }

    @Test
    void aDeletedObjectIsMissing() throws Exception {
        dumpTwoBatches("json", "zstd");
        DumpFile f = file(2);
        bucket.delete(f.objectKey());

        VerifyReport report = verify();

        assertThat(report.ok()).isFalse();
        assertThat(kinds(report)).containsExactly(Kind.MISSING);
        assertThat(report.discrepancies().get(0).detail()).contains(f.objectKey()).contains(f.records() + " records");
        assertThat(report.counts().missing()).isEqualTo(1);
    }

    @Test
    void anObjectOfTheTaskThatTheHistoryDoesNotKnowIsExtraButOtherNamesAreLeftAlone() throws Exception {
        dumpTwoBatches("raw", "none");
        DumpFile f = file(0);
        String extra = PREFIX + "2017/07/16_" + task.id() + "_99.log";
        try (InputStream in = bucket.get(f.objectKey())) {
            Path copy = Files.write(dir.resolve("copy"), in.readAllBytes());
            bucket.put(extra, copy, null, null);
            bucket.put(PREFIX + "README.txt", copy, null, null);
            bucket.put(PREFIX + "2017/07/16_dt-other123_1.log", copy, null, null);
        }

        VerifyReport report = verify();

        assertThat(report.ok()).isFalse();
        assertThat(report.discrepancies()).extracting(Discrepancy::kind, Discrepancy::objectKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.EXTRA, extra));
        assertThat(report.counts().extra()).isEqualTo(1);
    }

    @Test
    void offsetsDumpedTwiceAreADuplicatedRange() throws Exception {
        dumpTwoBatches("json", "none");
        // a third batch that starts again inside batch 2: offsets 200-300 would be in the bucket twice
        DumpFile copied = file(2);
        long batch = history.openBatch(task.id(), 0, 200, clock.instant());
        String key = PREFIX + "2017/07/18_" + task.id() + "_" + batch + ".json";
        DumpFile again = new DumpFile(task.id() + "-" + batch + "-0", task.id(), batch, 0, ACCOUNT, task.logset(), task.subject(),
                "archive",
                key, FileStatus.UPLOADING, 100, 0, copied.rawBytes(), copied.storedBytes(), copied.sha256(), copied.minLogTime(),
                copied.maxLogTime(), clock.instant(), null, 0, null, null, 200L, 300L, null, copied.contentType(), null);
        history.sealBatch(task.id(), batch, 300, List.of(again));
        try (InputStream in = bucket.get(copied.objectKey())) {
            bucket.put(key, Files.write(dir.resolve("again"), in.readAllBytes()), null, null);
        }
        history.commitBatch(task.id(), batch, 0, 300, List.of(again.id()), clock.instant());

        VerifyReport report = verify();

        assertThat(report.ok()).isFalse();
        assertThat(report.discrepancies()).filteredOn(d -> d.kind() == Kind.DUPLICATE)
                .extracting(Discrepancy::fromOffset, Discrepancy::toOffset).containsExactly(org.assertj.core.groups.Tuple.tuple(200L, 300L));
        assertThat(report.counts().duplicates()).isEqualTo(1);
        assertThat(kinds(report)).as("the copy holds 150 records where the history says 100").contains(Kind.RECORDS);
    }

    @Test
    void offsetsInNoBatchAreAGapNamingTheLogStoresLossWhenItRecordedOne() throws Exception {
        dumpTwoBatches("json", "none");
        ingest(300, 100, Instant.parse("2017-07-19T10:00:00Z"));
        long batch = history.openBatch(task.id(), 0, 350, clock.instant());
        history.sealBatch(task.id(), batch, 400, List.of());
        history.commitBatch(task.id(), batch, 0, 400, List.of(), clock.instant());

        VerifyReport report = verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.discrepancies()).filteredOn(d -> d.kind() == Kind.GAP)
                .extracting(Discrepancy::fromOffset, Discrepancy::toOffset).containsExactly(org.assertj.core.groups.Tuple.tuple(300L, 350L));
        assertThat(report.ranges()).containsExactly(new VerifyReport.Range(0, 0, 300), new VerifyReport.Range(0, 350, 400));

        history.recordLost(task.id(), SUBJECT, "archive", 0, 300, 400, clock.instant(),
                "the disk limit of 1 MiB was reached");
        VerifyReport explained = verify();
        assertThat(explained.discrepancies()).extracting(Discrepancy::kind).as("the lost batch holds no record, rightly")
                .containsExactly(Kind.GAP);
        assertThat(explained.discrepancies().get(0).detail()).contains("the disk limit of 1 MiB was reached");
    }

    @Test
    void filesHoldingOtherRecordsThanTheBatchsOffsetsDoNotMatchTheLogStore() throws Exception {
        dumpTwoBatches("json", "zstd");
        ingest(300, 10, Instant.parse("2017-07-19T10:00:00Z"));
        // a batch over offsets 300-310 whose file, sealed and uploaded as it is, holds the records of offsets 0-9
        long batch = history.openBatch(task.id(), 0, 300, clock.instant());
        Path spool = dir.resolve("wrong.json.zst");
        try (var out = io.logdump.codec.Compression.ZSTD.wrap(Files.newOutputStream(spool))) {
            var encoder = io.logdump.format.Formats.of(new io.logdump.format.FormatSettings("json", null, ',', false)).open(out, null, null);
            for (LogRecord r : store.read(SUBJECT, 0, 0, 1 << 20).subList(0, 10)) {
                encoder.write(r);
            }
            encoder.finish();
        }
        String key = PREFIX + "2017/07/19_" + task.id() + "_" + batch + ".json.zst";
        DumpFile wrong = new DumpFile(task.id() + "-" + batch + "-0", task.id(), batch, 0, ACCOUNT, task.logset(), task.subject(),
                "archive",
                key, FileStatus.UPLOADING, 10, 0, 0, Files.size(spool), sha256(spool), clock.instant(), clock.instant(), clock.instant(),
                null, 0, null, null, 300L, 310L, null, null, null);
        history.sealBatch(task.id(), batch, 310, List.of(wrong));
        bucket.put(key, spool, null, null);
        history.commitBatch(task.id(), batch, 0, 310, List.of(wrong.id()), clock.instant());

        VerifyReport report = verify();

        assertThat(report.ok()).isFalse();
        assertThat(report.discrepancies()).extracting(Discrepancy::kind, Discrepancy::fromOffset, Discrepancy::toOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.CONTENT, 300L, 310L));
        assertThat(report.counts().content()).isEqualTo(1);
        assertThat(report.counts().comparedBatches()).isEqualTo(3);
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void recordsStoredButNotDumpedYetArePendingNotADiscrepancy() throws Exception {
        dumpTwoBatches("json", "none");
        ingest(300, 7, Instant.parse("2017-07-19T10:00:00Z"));

        VerifyReport report = verify();

        assertThat(report.ok()).isTrue();
        assertThat(report.counts().pendingRecords()).isEqualTo(7);
    }

    @Test
    void aWindowChecksOnlyTheBatchesWhoseFilesMeetIt() throws Exception {
        dumpTwoBatches("json", "gzip");
        bucket.delete(file(0).objectKey());

        VerifyReport day18 = createObjectUnderTest().verify(ACCOUNT, task.id(), Instant.parse("2017-07-18T00:00:00Z"),
                Instant.parse("2017-07-19T00:00:00Z"));
        assertThat(day18.ok()).as(day18.discrepancies().toString()).isTrue();
        assertThat(day18.counts().files()).isEqualTo(1);
        assertThat(day18.counts().batches()).isEqualTo(1);
        assertThat(day18.ranges()).containsExactly(new VerifyReport.Range(0, 150, 300));

        VerifyReport day16 = createObjectUnderTest().verify(ACCOUNT, task.id(), Instant.parse("2017-07-16T00:00:00Z"),
                Instant.parse("2017-07-17T00:00:00Z"));
        assertThat(kinds(day16)).containsExactly(Kind.MISSING);
        assertThat(day16.counts().files()).as("both files of batch 1").isEqualTo(2);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsRetentionDeletedAfterTheTaskDumpedThemAreNoDiscrepancy() throws Exception {
        segmentBytes = 4_000; // a few dozen records a segment
        dumpTwoBatches("json", "gzip");
        ingest(300, 10, Instant.parse("2017-07-19T10:00:00Z")); // rolls the last dumped segment
        // the disk limit deletes every sealed segment; no record of this task's was lost (it had dumped them all),
        // but another, slower task of the subject had not dumped them
        store.enforceDiskLimit(1, s -> 0L, (subject, partition, from, to, reason) -> history.recordLost("dt-slower00",
                subject, "archive", partition, from, to, clock.instant(), reason));
        assertThat(store.startOffset(SUBJECT, 0)).as("the dumped records are gone from the store").isGreaterThan(150);

        VerifyReport report = verify();
        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.counts().decodedRecords()).isEqualTo(300);
        assertThat(report.notes()).anyMatch(n -> n.contains("compared by counts only"));
    }
}
