package io.logdump.dump;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.DumpSettings;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.FormatSpec;
import io.logdump.catalog.TaskStatus;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.FileStatus;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.objectstore.ObjectStoreException;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.FakeObjectStore;
import io.logdump.testutil.FlakyObjectStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dump protocol of one worker, driven step by step with a fake clock (nothing sleeps). */
class DumpWorkerTest {
    private static final SubjectId SUBJECT = new SubjectId(ACCOUNT, "servicecode", "test-log");
    private static final Instant T0 = Instant.parse("2017-07-16T23:59:00Z");

    @TempDir
    Path dir;
    FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    LocalLogStore store;
    JdbcDumpHistory history;
    FlakyObjectStore bucket;

    @BeforeEach
    void setUp() throws Exception {
        store = new LocalLogStore(dir.resolve("store"), LocalLogStore.Settings.DEFAULT);
        history = new JdbcDumpHistory(MetadataDatabase.openEmbedded(dir));
        bucket = new FlakyObjectStore(new FakeObjectStore());
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    private DumpTask task(String partitionFormat, int maxFileSizeMB, int intervalSeconds) {
        DumpSettings settings = new DumpSettings("servicecode/test-log/test-logapi", partitionFormat, "UTC", maxFileSizeMB,
                intervalSeconds, FormatSpec.JSON, "none");
        return new DumpTask("dt-k3x9q2ab", ACCOUNT, "t", SUBJECT.logset(), SUBJECT.subject(), "bk1", settings, 0, "earliest",
                TaskStatus.RUNNING, clock.instant(), clock.instant(), clock.instant());
    }

    private DumpWorker worker(DumpTask task) {
        return worker(task, new AtomicReference<>(task.settings()));
    }

    /** A worker whose task's settings are read from {@code settings} (what a modification changes). */
    private DumpWorker worker(DumpTask task, AtomicReference<DumpSettings> settings) {
        return worker(task, settings, new UploadPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)));
    }

    private DumpWorker worker(DumpTask task, AtomicReference<DumpSettings> settings, UploadPolicy uploads) {
        return new DumpWorker(task, 0, new DumpWorker.Deps(store, history, bucket, dir.resolve("spool"), clock, uploads,
                id -> settings.get()));
    }

    private void ingest(int from, int count, Instant time, int padding) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String raw = "record " + i + " " + "x".repeat(padding);
            records.add(new LogRecord(-1, time.plusMillis(i).toEpochMilli(), clock.millis(), "10.0.0.1".getBytes(StandardCharsets.UTF_8),
                    raw.getBytes(StandardCharsets.UTF_8), LogRecord.NONE));
        }
        store.append(SUBJECT, 0, records);
    }

    /** Runs steps until the worker is idle. */
    private static void drain(DumpWorker w) throws Exception {
        for (int i = 0; i < 10_000 && w.step() == 0; i++) {
            // more to read
        }
    }

    /** Every record number in the bucket, with how often it appears. */
    private Map<Integer, Integer> recordsInBucket() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, Integer> seen = new HashMap<>();
        for (String key : bucket.list("")) {
            try (InputStream in = bucket.get(key)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    JsonNode n = json.readTree(line);
                    int number = Integer.parseInt(n.get("__raw__").asText().split(" ")[1]);
                    seen.merge(number, 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    @Test
    void filesRolledInTheMiddleOfAReadLoseAndRepeatNothing() throws Exception {
        Instant t = Instant.parse("2017-07-16T12:00:00Z");
        for (int from = 0; from < 60_000; from += 500) {
            ingest(from, 500, t, 200);
        }
        DumpWorker w = worker(task("%Y/%m/%d", 1, 3600));
        drain(w);
        clock.advance(Duration.ofSeconds(3600));
        w.step();
        Map<Integer, Integer> seen = recordsInBucket();
        assertThat(bucket.list("")).as("about 13 MB of lines in files of 1 MB").hasSizeGreaterThan(10);
        assertThat(seen).hasSize(60_000);
        assertThat(seen.values()).as("each record once").containsOnly(1);
        assertThat(history.checkpoint("dt-k3x9q2ab", 0).getAsLong()).isEqualTo(60_000);
    }

    @Test
    void anIdleBatchIsSealedWhenTheIntervalElapsesAndNamedAsDocumented() throws Exception {
        ingest(0, 10, Instant.parse("2017-07-16T12:00:00Z"), 0);
        DumpWorker w = worker(task("%Y/%m/%d", 100, 300));
        drain(w);
        assertThat(bucket.list("")).as("the interval has not elapsed").isEmpty();
        assertThat(w.nextDumpTime()).isEqualTo(clock.instant().plusSeconds(300));
        clock.advance(Duration.ofSeconds(300));
        w.step();
        assertThat(bucket.list("")).containsExactly("servicecode/test-log/test-logapi/2017/07/16_dt-k3x9q2ab_1.json");
        assertThat(history.checkpoint("dt-k3x9q2ab", 0).getAsLong()).isEqualTo(10);
        DumpFile f = history.files(ACCOUNT, null, null, "dt-k3x9q2ab", null, 10, null).get(0);
        assertThat(f.status()).isEqualTo(FileStatus.SUCCEEDED);
        assertThat(f.records()).isEqualTo(10);
        assertThat(f.attempts()).isEqualTo(1);
        assertThat(f.sha256()).hasSize(64);
        assertThat(f.minLogTime()).isEqualTo(Instant.parse("2017-07-16T12:00:00Z"));
        assertThat(f.maxLogTime()).isEqualTo(Instant.parse("2017-07-16T12:00:00.009Z"));
    }

    @Test
    void aModificationAppliesFromTheNextFile() throws Exception {
        DumpTask task = task("%Y/%m/%d", 100, 60);
        AtomicReference<DumpSettings> settings = new AtomicReference<>(task.settings());
        DumpWorker w = worker(task, settings);
        ingest(0, 10, Instant.parse("2017-07-16T12:00:00Z"), 0);
        drain(w);
        DumpSettings s = task.settings();
        settings.set(new DumpSettings("modified", "%Y%m%d", s.timeZone(), s.maxFileSizeMB(), s.intervalSeconds(),
                new FormatSpec("raw", null, null, null), "none"));
        clock.advance(Duration.ofMinutes(1));
        w.step();
        ingest(10, 10, Instant.parse("2017-07-16T12:00:00Z"), 0);
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        w.step();
        assertThat(bucket.list("")).as("the open batch keeps its settings; the next one takes the new ones").containsExactly(
                "modified/20170716_dt-k3x9q2ab_2.log",
                "servicecode/test-log/test-logapi/2017/07/16_dt-k3x9q2ab_1.json");
    }

    @Test
    void noEmptyFileIsWrittenWhenNothingArrives() throws Exception {
        DumpWorker w = worker(task("%Y/%m/%d", 100, 60));
        w.step();
        clock.advance(Duration.ofHours(2));
        w.step();
        assertThat(bucket.list("")).isEmpty();
        assertThat(history.files(ACCOUNT, null, null, null, null, 10, null)).isEmpty();
    }

    @Test
    void aBatchIsSealedWhenItReachesTheFileSize() throws Exception {
        ingest(0, 3000, T0, 1000);
        DumpWorker w = worker(task("%Y%m%d", 1, 3600));
        drain(w);
        List<String> keys = bucket.list("");
        assertThat(keys).as("about 3 MB in files of 1 MB").hasSizeGreaterThanOrEqualTo(2);
        assertThat(recordsInBucket()).as("the sealed batches hold their records once each").allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    }

    @Test
    void recordsOfOneBatchInDifferentPartitionsGoToFilesWithTheSameBatchNumber() throws Exception {
        ingest(0, 5, Instant.parse("2017-07-16T23:59:59.990Z"), 0);
        ingest(5, 5, Instant.parse("2017-07-17T00:00:00.000Z"), 0);
        DumpWorker w = worker(task("dt=%Y-%m-%d/", 100, 60));
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        w.step();
        assertThat(bucket.list("")).containsExactly(
                "servicecode/test-log/test-logapi/dt=2017-07-16/dt-k3x9q2ab_1.json",
                "servicecode/test-log/test-logapi/dt=2017-07-17/dt-k3x9q2ab_1.json");
        assertThat(recordsInBucket()).hasSize(10);
    }

    @Test
    void aCrashAfterSealingIsFinishedByUploadingTheSameFilesAgain() throws Exception {
        ingest(0, 100, T0, 10);
        DumpWorker first = worker(task("%Y/%m/%d", 100, 60));
        drain(first);
        clock.advance(Duration.ofMinutes(1));
        bucket.crashOnPut = true;
        assertThatThrownBy(first::step).isInstanceOf(Error.class);
        assertThat(history.unfinishedBatch("dt-k3x9q2ab", 0)).isPresent();
        assertThat(history.checkpoint("dt-k3x9q2ab", 0)).isEmpty();

        bucket.crashOnPut = false;
        DumpWorker restarted = worker(task("%Y/%m/%d", 100, 60));
        restarted.step();
        assertThat(history.unfinishedBatch("dt-k3x9q2ab", 0)).isEmpty();
        assertThat(history.checkpoint("dt-k3x9q2ab", 0).getAsLong()).isEqualTo(100);
        assertThat(bucket.list("")).containsExactly("servicecode/test-log/test-logapi/2017/07/16_dt-k3x9q2ab_1.json");
        assertThat(recordsInBucket()).hasSize(100).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    }

    @Test
    void aCrashWhileWritingRewritesTheBatchFromItsStartWithItsNumber() throws Exception {
        ingest(0, 50, T0, 10);
        DumpWorker first = worker(task("%Y/%m/%d", 100, 60));
        drain(first);
        // the process dies here: batch 1 is WRITING, its spool files half written
        ingest(50, 50, T0, 10);
        DumpWorker restarted = worker(task("%Y/%m/%d", 100, 60));
        drain(restarted);
        clock.advance(Duration.ofMinutes(1));
        restarted.step();
        assertThat(bucket.list("")).containsExactly("servicecode/test-log/test-logapi/2017/07/16_dt-k3x9q2ab_1.json");
        assertThat(recordsInBucket()).hasSize(100).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    }

    @Test
    void aFileWhoseUploadsKeepFailingIsFailedWithItsSpoolKeptAndTheTaskGoesOn() throws Exception {
        ingest(0, 20, T0, 0);
        DumpWorker w = worker(task("%Y/%m/%d", 100, 60));
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        bucket.failNextPuts.set(2);
        w.step();
        DumpFile failed = history.files(ACCOUNT, null, null, "dt-k3x9q2ab", FileStatus.FAILED, 10, null).get(0);
        assertThat(failed.attempts()).as("both attempts are counted").isEqualTo(2);
        assertThat(failed.error()).contains("503").contains(failed.objectKey());
        assertThat(failed.retryableUntil()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(Path.of(failed.spoolPath())).exists();
        assertThat(history.checkpoint("dt-k3x9q2ab", 0).getAsLong()).as("the task moves on").isEqualTo(20);

        ingest(20, 5, T0, 0);
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        w.step();
        assertThat(history.files(ACCOUNT, null, null, "dt-k3x9q2ab", FileStatus.SUCCEEDED, 10, null)).hasSize(1);
    }

    @Test
    void stoppingDiscardsTheOpenBatchAndItsRecordsAreDumpedAfterAStart() throws Exception {
        ingest(0, 30, T0, 0);
        DumpWorker w = worker(task("%Y/%m/%d", 100, 60));
        drain(w);
        w.requestStop();
        assertThat(w.step()).isEqualTo(-1);
        assertThat(Files.list(dir.resolve("spool").resolve("dt-k3x9q2ab")).toList()).isEmpty();
        DumpWorker again = worker(task("%Y/%m/%d", 100, 60));
        drain(again);
        clock.advance(Duration.ofMinutes(1));
        again.step();
        assertThat(recordsInBucket()).hasSize(30).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(bucket.list("").get(0)).as("batch numbers never repeat").endsWith("_2.json");
    }

    @Test
    void aFailedUploadIsTriedAgainAfterABackoffMeasuredOnTheClockWithoutBlockingTheThread() throws Exception {
        ingest(0, 20, T0, 0);
        DumpTask task = task("%Y/%m/%d", 100, 60);
        DumpWorker w = worker(task, new AtomicReference<>(task.settings()),
                new UploadPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(40), Duration.ofHours(1)));
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        bucket.failNextPuts.set(2);
        long wait = w.step();
        assertThat(wait).as("the step returns instead of sleeping").isBetween(1L, DumpWorker.IDLE_POLL_MS);
        DumpFile f = history.files(ACCOUNT, null, null, "dt-k3x9q2ab", null, 10, null).get(0);
        assertThat(f.status()).isEqualTo(FileStatus.UPLOADING);
        assertThat(f.attempts()).isEqualTo(1);
        assertThat(f.error()).contains("attempt 1 of 3").contains("503");
        w.step();
        assertThat(history.file(f.id()).attempts()).as("not before the backoff has passed on the clock").isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        w.step();
        assertThat(history.file(f.id()).attempts()).as("the first pause is between 5 and 10 s (jitter)").isBetween(1, 2);
        clock.advance(Duration.ofSeconds(5));
        w.step();
        assertThat(history.file(f.id()).attempts()).isEqualTo(2);
        assertThat(history.checkpoint("dt-k3x9q2ab", 0)).as("the batch is not committed while its upload is retried").isEmpty();
        clock.advance(Duration.ofSeconds(20));
        w.step();
        DumpFile done = history.file(f.id());
        assertThat(done.status()).isEqualTo(FileStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.error()).isNull();
        assertThat(bucket.puts.get()).as("one put reached the bucket").isEqualTo(1);
        assertThat(recordsInBucket()).hasSize(20).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(history.checkpoint("dt-k3x9q2ab", 0).getAsLong()).isEqualTo(20);
    }

    @Test
    void aPermanentErrorFailsTheFileAtOnceAndTheHistorySaysWhy() throws Exception {
        ingest(0, 20, T0, 0);
        DumpTask task = task("%Y/%m/%d", 100, 60);
        DumpWorker w = worker(task, new AtomicReference<>(task.settings()),
                new UploadPolicy(5, Duration.ofSeconds(10), Duration.ofSeconds(40), Duration.ofHours(1)));
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        bucket.failure = new ObjectStoreException("putting x as 'k' in bucket bk1 failed (HTTP 403): Access Denied", null,
                ObjectStoreException.Kind.PERMANENT);
        bucket.failNextPuts.set(5);
        w.step();
        DumpFile f = history.files(ACCOUNT, null, null, "dt-k3x9q2ab", null, 10, null).get(0);
        assertThat(f.status()).isEqualTo(FileStatus.FAILED);
        assertThat(f.attempts()).as("a 403 is not retried").isEqualTo(1);
        assertThat(f.error()).contains("permanent error").contains("not retried").contains("HTTP 403").contains(f.objectKey());
        assertThat(history.checkpoint("dt-k3x9q2ab", 0).getAsLong()).as("the task goes on").isEqualTo(20);
    }

    @Test
    void aFullSpoolDiskFailsTheBatchWhichIsWrittenAgainOnceThereIsRoom() throws Exception {
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "needs /dev/full");
        ingest(0, 50, T0, 100);
        Path batchDir = dir.resolve("spool").resolve("dt-k3x9q2ab").resolve("1");
        Files.createDirectories(batchDir);
        Files.createSymbolicLink(batchDir.resolve("0.json"), devFull); // every write of batch 1's file: ENOSPC
        DumpWorker w = worker(task("%Y/%m/%d", 100, 60));
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(w::step).as("sealing cannot write the spool file").hasMessageContaining("No space left on device");
        assertThat(bucket.list("")).isEmpty();
        assertThat(history.files(ACCOUNT, null, null, null, null, 10, null)).as("no file was recorded").isEmpty();
        assertThat(history.checkpoint("dt-k3x9q2ab", 0)).isEmpty();

        w.step(); // the next step starts from the recorded state: batch 1 is written again from its start
        ingest(50, 10, T0, 100);
        drain(w);
        clock.advance(Duration.ofMinutes(1));
        w.step();
        assertThat(bucket.list("")).containsExactly("servicecode/test-log/test-logapi/2017/07/16_dt-k3x9q2ab_1.json");
        assertThat(recordsInBucket()).hasSize(60).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(history.checkpoint("dt-k3x9q2ab", 0).getAsLong()).isEqualTo(60);
    }
}
