package io.logdump.dump.schedule;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static io.logdump.testutil.TestCatalog.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.JsonFields;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.dump.UploadPolicy;
import io.logdump.history.BatchStatus;
import io.logdump.history.HistoryAudit;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.history.jdbc.JdbcHistoryAudit;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.FakeObjectStore;
import io.logdump.testutil.FakeScheduler;
import io.logdump.testutil.TestCatalog;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's reconciliation, driven by hand: a fake clock and a scheduler that runs only when told (nothing sleeps). */
class DumpEngineTest {
    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    final FakeScheduler scheduler = new FakeScheduler();
    final FakeObjectStore bucket = new FakeObjectStore();
    final SubjectId subject = new SubjectId(ACCOUNT, "shop", "app");
    LocalLogStore store;
    DumpTasks tasks;
    JdbcHistoryAudit audit;
    DumpEngine engine;

    private static JsonFields body(String json) {
        return TestCatalog.body(json);
    }

    @BeforeEach
    void setUp() throws Exception {
        Jdbi jdbi = MetadataDatabase.openEmbedded(dir);
        tasks = TestCatalog.open(jdbi, clock, "archive").rawSubject("shop", "app").tasks();
        store = new LocalLogStore(dir.resolve("store"), LocalLogStore.Settings.DEFAULT);
        audit = new JdbcHistoryAudit(jdbi);
        engine = new DumpEngine(tasks, store, new JdbcDumpHistory(jdbi), t -> bucket, dir.resolve("spool"), clock,
                new UploadPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofHours(1)), Duration.ofDays(7), scheduler);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        store.close();
    }

    private void append(int from, int count) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            long now = clock.millis();
            records.add(new LogRecord(-1, now, now, LogRecord.NONE, ("line " + i).getBytes(StandardCharsets.UTF_8), LogRecord.NONE));
        }
        store.append(subject, 0, records);
    }

    private List<BatchStatus> batches(String taskId) {
        return audit.batches(taskId).stream().map(HistoryAudit.Batch::status).toList();
    }

    @Test
    void stopThenStartWaitsForTheStoppedWorkerToExitBeforeANewOneTakesThePartition() throws Exception {
        append(0, 100);
        String id = tasks.create(ACTOR, body("{'name':'t','logset':'shop','subject':'app','bucket':'archive','startDelaySeconds':0,"
                + "'startFrom':'earliest','intervalSeconds':60}")).id();
        engine.reconcile();
        assertThat(scheduler.runPending()).as("the task's one worker took a step").isEqualTo(1);
        assertThat(batches(id)).containsExactly(BatchStatus.WRITING);
        Path batchOne = dir.resolve("spool").resolve(id).resolve("1");
        assertThat(batchOne).isDirectory();

        tasks.stop(ACTOR, id);
        engine.reconcile();
        tasks.start(ACTOR, id);
        engine.reconcile();
        assertThat(scheduler.pending()).as("no second worker while the stopped one has not exited").isEqualTo(1);

        scheduler.runPending(); // the stopped worker's last step: its batch is discarded
        assertThat(batches(id)).containsExactly(BatchStatus.DISCARDED);
        assertThat(batchOne).doesNotExist();
        assertThat(scheduler.pending()).as("the stopped worker exited").isZero();

        engine.reconcile();
        assertThat(scheduler.runPending()).as("now the new worker runs").isEqualTo(1);
        assertThat(batches(id)).containsExactly(BatchStatus.DISCARDED, BatchStatus.WRITING);
        Path batchTwo = dir.resolve("spool").resolve(id).resolve("2");
        assertThat(batchTwo).isDirectory();

        clock.advance(Duration.ofSeconds(61));
        scheduler.runPending();
        assertThat(batches(id)).containsExactly(BatchStatus.DISCARDED, BatchStatus.COMMITTED);
        List<String> keys = bucket.list("");
        assertThat(keys).hasSize(1);
        try (InputStream in = bucket.get(keys.get(0))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")).as("every record once").hasSize(100);
        }
        assertThat(Files.exists(batchTwo)).as("the committed batch's spool is gone").isFalse();
    }

    @Test
    void theLagOfATaskThatStartsNowCountsFromWhereItStartsNotFromTheOldestStoredRecord() throws Exception {
        append(0, 500); // logged before the task exists
        clock.advance(Duration.ofSeconds(1));
        var task = tasks.create(ACTOR, body("{'name':'t','logset':'shop','subject':'app','bucket':'archive','startFrom':'now'}"));
        var earliest = tasks.create(ACTOR, body("{'name':'e','logset':'shop','subject':'app','bucket':'archive','startFrom':'earliest'}"));
        assertThat(engine.counters(task).lagRecords()).isZero();
        assertThat(engine.counters(earliest).lagRecords()).isEqualTo(500);
        clock.advance(Duration.ofSeconds(1));
        append(500, 7);
        assertThat(engine.counters(task).lagRecords()).isEqualTo(7);
        assertThat(engine.counters(earliest).lagRecords()).isEqualTo(507);
    }
}
