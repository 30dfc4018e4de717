package io.logdump.app;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static io.logdump.testutil.TestCatalog.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.JsonFields;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.FileStatus;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.history.jdbc.JdbcLostRanges;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.TestCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention keeps what a dump task may need; the disk limit does not, and records the loss. */
class RetentionJobTest {
    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));

    private static JsonFields body(String json) {
        return TestCatalog.body(json);
    }

    /** Fills a subject with several sealed segments last written 100 hours ago. */
    private void fillOld(LocalLogStore store, SubjectId subject) throws Exception {
        for (int b = 0; b < 20; b++) {
            List<LogRecord> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                records.add(new LogRecord(-1, 1, 1, LogRecord.NONE, ("line " + b + " " + i + " padding padding").getBytes(StandardCharsets.UTF_8),
                        LogRecord.NONE));
            }
            store.append(subject, 0, records);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(clock.instant().minus(Duration.ofHours(100))));
            }
        }
    }

    @Test
    void retentionSparesSubjectsWithDumpTasksAndTheDiskLimitRecordsWhatItDeletes() throws Exception {
        Jdbi jdbi = MetadataDatabase.openEmbedded(dir);
        TestCatalog catalog = TestCatalog.open(jdbi, clock, "archive");
        LogSets logSets = catalog.logSets();
        DumpTasks tasks = catalog.tasks();
        logSets.create(ACCOUNT, body("{'name':'shop','region':'local'}"));
        logSets.createSubject(ACCOUNT, "shop", body("{'name':'kept'}"));
        logSets.createSubject(ACCOUNT, "shop", body("{'name':'aged'}"));
        logSets.putCollection(ACCOUNT, "shop", "kept", body("{'parser':{'type':'raw'}}"));
        tasks.create(ACTOR, body("{'name':'t','logset':'shop','subject':'kept','bucket':'archive','startFrom':'earliest'}"));
        SubjectId kept = new SubjectId(ACCOUNT, "shop", "kept");
        SubjectId aged = new SubjectId(ACCOUNT, "shop", "aged");
        JdbcLostRanges lost = new JdbcLostRanges(jdbi);
        JdbcDumpHistory history = new JdbcDumpHistory(jdbi);
        String taskId = tasks.list(ACCOUNT, "shop", "kept", null).get(0).id();
        try (LocalLogStore store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(100_000, true))) {
            fillOld(store, kept);
            fillOld(store, aged);

            new RetentionJob(logSets, tasks, store, lost, history, 0, clock).run();
            assertThat(store.startOffset(kept, 0)).as("a dump task may still need them").isZero();
            assertThat(store.startOffset(aged, 0)).as("older than the 72-hour retention").isPositive();
            assertThat(lost.of(kept)).isEmpty();

            long limit = store.stats(kept).bytes() / 2;
            new RetentionJob(logSets, tasks, store, lost, history, limit, clock).run();
            assertThat(store.startOffset(kept, 0)).as("the disk limit wins").isPositive();
            assertThat(lost.of(kept)).isNotEmpty();
            assertThat(lost.of(kept).get(0).fromOffset()).isZero();
            assertThat(lost.of(kept).get(0).reason()).contains("disk limit");

            List<DumpFile> shown = history.files(ACCOUNT, null, null, taskId, null, 10, null);
            assertThat(shown).as("the task had dumped nothing, so each loss is in its history").hasSize(lost.of(kept).size());
            long next = 0;
            for (int i = shown.size() - 1; i >= 0; i--) { // oldest first
                DumpFile entry = shown.get(i);
                assertThat(entry.status()).isEqualTo(FileStatus.EXPIRED);
                assertThat(entry.objectKey()).as("no object stands for it").isNull();
                assertThat(entry.fromOffset()).as("the entries cover the lost offsets without a gap").isEqualTo(next);
                assertThat(entry.records()).isEqualTo(entry.toOffset() - entry.fromOffset());
                assertThat(entry.error()).contains("deleted before this task dumped them").contains("disk limit");
                next = entry.toOffset();
            }
            assertThat(next).isEqualTo(store.startOffset(kept, 0));
        }
    }

    /** Commits an empty batch that moves the task's checkpoint to {@code to}, as a worker's commit would. */
    private static void dumpedTo(JdbcDumpHistory history, String taskId, long to) {
        long batch = history.openBatch(taskId, 0, 0, Instant.EPOCH);
        history.sealBatch(taskId, batch, to, List.of());
        history.commitBatch(taskId, batch, 0, to, List.of(), Instant.EPOCH);
    }

    @Test
    void retentionFreesWhatEveryTaskHasDumpedAndTheDiskLimitCountsALossOnlyForTasksThatHadNotDumpedIt() throws Exception {
        Jdbi jdbi = MetadataDatabase.openEmbedded(dir);
        TestCatalog catalog = TestCatalog.open(jdbi, clock, "archive");
        LogSets logSets = catalog.logSets();
        DumpTasks tasks = catalog.tasks();
        logSets.create(ACCOUNT, body("{'name':'shop','region':'local'}"));
        logSets.createSubject(ACCOUNT, "shop", body("{'name':'app'}"));
        logSets.putCollection(ACCOUNT, "shop", "app", body("{'parser':{'type':'raw'}}"));
        String slow = tasks.create(ACTOR, body("{'name':'slow','logset':'shop','subject':'app','bucket':'archive',"
                + "'startFrom':'earliest'}")).id();
        String fast = tasks.create(ACTOR, body("{'name':'fast','logset':'shop','subject':'app','bucket':'archive',"
                + "'startFrom':'earliest'}")).id();
        String late = tasks.create(ACTOR, body("{'name':'late','logset':'shop','subject':'app','bucket':'archive'}")).id(); // starts "now"
        SubjectId app = new SubjectId(ACCOUNT, "shop", "app");
        JdbcLostRanges lost = new JdbcLostRanges(jdbi);
        JdbcDumpHistory history = new JdbcDumpHistory(jdbi);
        try (LocalLogStore store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(100_000, true))) {
            fillOld(store, app); // 4,000 records, logged long before the tasks were created
            long end = store.endOffset(app, 0);
            dumpedTo(history, slow, 2000); // segments hold about 1,700 records each
            dumpedTo(history, fast, 3000);

            new RetentionJob(logSets, tasks, store, lost, history, 0, clock).run();
            long start = store.startOffset(app, 0);
            assertThat(start).as("what both tasks dumped is freed").isPositive().isLessThanOrEqualTo(2000);
            assertThat(store.read(app, 0, 2000, 100).get(0).offset()).as("what the slow task needs is kept").isEqualTo(2000);
            assertThat(lost.of(app)).isEmpty();

            // a FAILED file the slow task may still retry keeps its records too
            long batch = history.openBatch(slow, 0, 2000, clock.instant());
            DumpFile failed = new DumpFile(slow + "-" + batch + "-0", slow, batch, 0, ACCOUNT, "shop", "app", "archive", "k",
                    FileStatus.UPLOADING, 1, 0, 1, 1, "00".repeat(32), clock.instant(), clock.instant(), clock.instant(), null, 0, null,
                    null, 2000L, 3500L, dir.resolve("spool-file").toString(), null, null);
            history.sealBatch(slow, batch, 3500, List.of(failed));
            history.fileFailed(failed.id(), "refused", clock.instant(), clock.instant().plus(Duration.ofHours(1)));
            history.commitBatch(slow, batch, 0, 3500, List.of(), clock.instant());
            dumpedTo(history, fast, 3500);
            new RetentionJob(logSets, tasks, store, lost, history, 0, clock).run();
            assertThat(store.startOffset(app, 0)).as("the retryable file's first offset is kept").isLessThanOrEqualTo(2000);

            dumpedTo(history, slow, end);
            dumpedTo(history, fast, end);
            new RetentionJob(logSets, tasks, store, lost, history, 1, clock).run(); // a disk limit of one byte
            assertThat(store.startOffset(app, 0)).as("the disk limit deleted every sealed segment").isGreaterThan(2000);
            assertThat(lost.of(app)).as("recorded from the first offset a task still needed").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.fromOffset()).isGreaterThanOrEqualTo(2000));
            for (String task : List.of(slow, fast)) {
                assertThat(history.files(ACCOUNT, null, null, task, FileStatus.EXPIRED, 100, null))
                        .as("task %s had dumped everything deleted", task).isEmpty();
            }
            assertThat(history.files(ACCOUNT, null, null, late, null, 100, null))
                    .as("the task starting now never needed records logged before it").isEmpty();
        }
    }
}
