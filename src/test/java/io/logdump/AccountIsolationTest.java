package io.logdump;

import static io.logdump.testutil.TestCatalog.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSet;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.LogSubject;
import io.logdump.catalog.Regions;
import io.logdump.catalog.TaskOperation;
import io.logdump.catalog.TaskStatus;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.Actor;
import io.logdump.core.ConflictException;
import io.logdump.core.SubjectId;
import io.logdump.core.ValidationException;
import io.logdump.dump.DumpWorker;
import io.logdump.dump.FileRetries;
import io.logdump.dump.UploadPolicy;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import io.logdump.history.LostRange;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.history.jdbc.JdbcHistoryAudit;
import io.logdump.history.jdbc.JdbcLostRanges;
import io.logdump.ingest.BodyFormat;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.IngestListener;
import io.logdump.ingest.IngestSettings;
import io.logdump.ingest.LogReader;
import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.ObjectStoreException;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.FakeObjectStore;
import io.logdump.testutil.FlakyObjectStore;
import io.logdump.testutil.TestCatalog;
import io.logdump.verify.TaskVerifier;
import io.logdump.verify.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two accounts with the same names everywhere (log set {@code servicecode}, subject {@code app},
 * dump task {@code nightly}), below the API: each sees and changes only its own catalog, stored
 * logs, dump history, retries, verify reports and buckets. To each, the other's resources do not
 * exist: the refusal is the one for a name or id that nobody has.
 */
class AccountIsolationTest {
    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";
    private static final Actor ALICE = new Actor(ACME, "alice");
    private static final Actor BOB = new Actor(GLOBEX, "token:ci");
    private static final SubjectId ACME_APP = new SubjectId(ACME, "servicecode", "app");
    private static final SubjectId GLOBEX_APP = new SubjectId(GLOBEX, "servicecode", "app");

    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    final Map<String, FlakyObjectStore> buckets = new HashMap<>();
    Jdbi jdbi;
    Regions regions;
    LogSets logSets;
    DumpTasks tasks;
    LocalLogStore store;
    Ingest ingest;
    LogReader reader;
    JdbcDumpHistory history;
    FileRetries retries;
    TaskVerifier verifier;
    DumpTask acmeTask;
    DumpTask globexTask;

    @BeforeEach
    void setUp() throws Exception {
        jdbi = MetadataDatabase.openEmbedded(dir);
        TestCatalog catalog = TestCatalog.open(jdbi, clock, "archive").addAccount(ACME).addAccount(GLOBEX);
        regions = catalog.regions();
        logSets = catalog.logSets();
        tasks = catalog.tasks();
        store = new LocalLogStore(dir.resolve("store"), LocalLogStore.Settings.DEFAULT);
        ingest = new Ingest(logSets, store, IngestSettings.DEFAULT, clock, () -> Long.MAX_VALUE, IngestListener.NONE);
        reader = new LogReader(logSets, store);
        history = new JdbcDumpHistory(jdbi);
        Function<DumpTask, ObjectStore> bucketOf = task -> buckets.get(task.bucket());
        retries = new FileRetries(tasks, history, bucketOf, clock);
        verifier = new TaskVerifier(tasks, store, new JdbcHistoryAudit(jdbi), bucketOf);
        acmeTask = account(ALICE, "bucket-one", "services of acme");
        globexTask = account(BOB, "bucket-two", "services of globex");
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    /** The account's bucket, log set servicecode with subject app (raw lines) and task nightly into the bucket. */
    private DumpTask account(Actor actor, String bucket, String description) {
        regions.createBucket(actor.account(), "local", bucket);
        buckets.put(bucket, new FlakyObjectStore(new FakeObjectStore()));
        logSets.create(actor.account(), body("{'name':'servicecode','region':'local','description':'" + description + "'}"));
        logSets.createSubject(actor.account(), "servicecode", body("{'name':'app'}"));
        logSets.putCollection(actor.account(), "servicecode", "app", body("{'parser':{'type':'raw'}}"));
        return tasks.create(actor, body("{'name':'nightly','logset':'servicecode','subject':'app','bucket':'" + bucket + "',"
                + "'format':{'type':'raw'},'intervalSeconds':60,'startDelaySeconds':0,'startFrom':'earliest','partitionFormat':''}"));
    }

    /** Asserts that {@code call} is refused exactly as {@code nobodys}, with {@code name} in place of the name nobody has. */
    private static void refusedAsIfAbsent(ThrowingCallable call, ThrowingCallable nobodys, String name, String nobodysName) {
        Throwable absent = org.assertj.core.api.Assertions.catchThrowable(nobodys);
        assertThat(absent).as("the refusal of what nobody has").isNotNull();
        assertThatThrownBy(call).isExactlyInstanceOf(absent.getClass())
                .hasMessage(absent.getMessage().replace(nobodysName, name));
    }

    @Test
    void eachAccountHasItsOwnCatalogUnderTheSameNames() {
        assertThat(logSets.list(ACME)).extracting(LogSet::description).containsExactly("services of acme");
        assertThat(logSets.list(GLOBEX)).extracting(LogSet::description).containsExactly("services of globex");
        assertThat(logSets.subjects(GLOBEX, "servicecode")).extracting(LogSubject::id).containsExactly(GLOBEX_APP);
        assertThat(tasks.list(ACME, "servicecode", "app", null)).containsExactly(acmeTask);
        assertThat(tasks.list(GLOBEX, null, null, null)).containsExactly(globexTask);
        assertThat(tasks.all()).containsExactlyInAnyOrder(acmeTask, globexTask);
        assertThat(acmeTask.id()).isNotEqualTo(globexTask.id());
        assertThatThrownBy(() -> logSets.create(ACME, body("{'name':'servicecode','region':'local'}")))
                .as("names are unique within an account").isInstanceOf(ConflictException.class);

        logSets.create(ACME, body("{'name':'private','region':'local'}"));
        refusedAsIfAbsent(() -> logSets.get(GLOBEX, "private"), () -> logSets.get(GLOBEX, "nothing"), "private", "nothing");
        refusedAsIfAbsent(() -> logSets.subjects(GLOBEX, "private"), () -> logSets.subjects(GLOBEX, "nothing"), "private", "nothing");
        refusedAsIfAbsent(() -> logSets.delete(GLOBEX, "private"), () -> logSets.delete(GLOBEX, "nothing"), "private", "nothing");
        refusedAsIfAbsent(() -> tasks.create(BOB, body("{'name':'t','logset':'private','subject':'app','bucket':'bucket-two'}")),
                () -> tasks.create(BOB, body("{'name':'t','logset':'nothing','subject':'app','bucket':'bucket-two'}")), "private", "nothing");

        String id = acmeTask.id();
        String none = "dt-zzzzzzzz";
        refusedAsIfAbsent(() -> tasks.get(GLOBEX, id), () -> tasks.get(GLOBEX, none), id, none);
        refusedAsIfAbsent(() -> tasks.stop(BOB, id), () -> tasks.stop(BOB, none), id, none);
        refusedAsIfAbsent(() -> tasks.start(BOB, id), () -> tasks.start(BOB, none), id, none);
        refusedAsIfAbsent(() -> tasks.modify(BOB, id, body("{'maxFileSizeMB':50}")),
                () -> tasks.modify(BOB, none, body("{'maxFileSizeMB':50}")), id, none);
        refusedAsIfAbsent(() -> tasks.operations(GLOBEX, id), () -> tasks.operations(GLOBEX, none), id, none);
        refusedAsIfAbsent(() -> tasks.delete(BOB, id), () -> tasks.delete(BOB, none), id, none);
        assertThat(tasks.get(ACME, id)).as("nothing of it changed").isEqualTo(acmeTask);

        tasks.stop(BOB, globexTask.id());
        assertThat(tasks.get(ACME, id).status()).as("the other account's task of the same name").isEqualTo(TaskStatus.WAITING);
        tasks.delete(ALICE, id);
        assertThat(tasks.operations(ACME, id)).as("the log of the deleted task names who did what")
                .extracting(TaskOperation::operation, TaskOperation::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskOperation.Kind.CREATED, "alice"),
                        org.assertj.core.groups.Tuple.tuple(TaskOperation.Kind.DELETED, "alice"));
        refusedAsIfAbsent(() -> tasks.operations(GLOBEX, id), () -> tasks.operations(GLOBEX, none), id, none);
        assertThat(tasks.operations(GLOBEX, globexTask.id())).extracting(TaskOperation::actor).containsExactly("token:ci", "token:ci");
        logSets.deleteSubject(ACME, "servicecode", "app");
        assertThat(logSets.subjects(GLOBEX, "servicecode")).as("deleting a subject leaves the other account's").hasSize(1);
    }

    @Test
    void eachAccountIngestsAndReadsItsOwnStoredLogs() throws Exception {
        ingest.ingest(ACME_APP, BodyFormat.TEXT, utf8("acme 1\nacme 2\n"), "10.0.0.1");
        ingest.ingest(GLOBEX_APP, BodyFormat.TEXT, utf8("globex 1\n"), "10.0.0.2");

        assertThat(reader.read(ACME_APP, null, null, 100, null).items()).extracting(LogReader.Item::raw).containsExactly("acme 1", "acme 2");
        assertThat(reader.read(GLOBEX_APP, null, null, 100, null).items()).extracting(LogReader.Item::raw).containsExactly("globex 1");
        assertThat(store.subjectsOnDisk()).containsExactlyInAnyOrder(ACME_APP, GLOBEX_APP);

        logSets.create(ACME, body("{'name':'private','region':'local'}"));
        logSets.createSubject(ACME, "private", body("{'name':'app'}"));
        logSets.putCollection(ACME, "private", "app", body("{'parser':{'type':'raw'}}"));
        SubjectId theirs = new SubjectId(GLOBEX, "private", "app");
        SubjectId nobodys = new SubjectId(GLOBEX, "nothing", "app");
        refusedAsIfAbsent(() -> ingest.ingest(theirs, BodyFormat.TEXT, utf8("x\n"), "10.0.0.2"),
                () -> ingest.ingest(nobodys, BodyFormat.TEXT, utf8("x\n"), "10.0.0.2"), "private", "nothing");
        refusedAsIfAbsent(() -> reader.read(theirs, null, null, 100, null), () -> reader.read(nobodys, null, null, 100, null),
                "private", "nothing");

        JdbcLostRanges lost = new JdbcLostRanges(jdbi);
        lost.record(new LostRange(ACME_APP, 0, 0, 2, clock.instant(), "the disk limit"));
        assertThat(lost.of(ACME_APP)).hasSize(1);
        assertThat(lost.of(GLOBEX_APP)).isEmpty();
    }

    /** Ingests one line and lets the task's worker dump it as a file of its own; the clock moves on by 61 s. */
    private void dumpOneFile(DumpWorker worker, SubjectId subject, String line) throws Exception {
        ingest.ingest(subject, BodyFormat.TEXT, utf8(line + "\n"), "10.0.0.1");
        while (worker.step() == 0) {
            // more to read
        }
        clock.advance(Duration.ofSeconds(61));
        worker.step();
    }

    private DumpWorker worker(DumpTask task) {
        return new DumpWorker(task, 0, new DumpWorker.Deps(store, history, buckets.get(task.bucket()), dir.resolve("spool"), clock,
                new UploadPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)), id -> tasks.get(task.account(), id).settings()));
    }

    @Test
    void theDumpHistoryItsFiltersAndItsCursorsStayInTheAccount() throws Exception {
        DumpWorker acme = worker(acmeTask);
        DumpWorker globex = worker(globexTask);
        dumpOneFile(acme, ACME_APP, "acme 1");
        dumpOneFile(globex, GLOBEX_APP, "globex 1");
        dumpOneFile(acme, ACME_APP, "acme 2");
        dumpOneFile(globex, GLOBEX_APP, "globex 2");

        List<DumpFile> acmes = history.files(new DumpHistory.Filter(ACME, "servicecode", "app", null, FileStatus.SUCCEEDED, null, null),
                10, null);
        assertThat(acmes).hasSize(2).allSatisfy(f -> {
            assertThat(f.account()).isEqualTo(ACME);
            assertThat(f.taskId()).isEqualTo(acmeTask.id());
            assertThat(f.bucket()).isEqualTo("bucket-one");
        });
        assertThat(history.files(DumpHistory.Filter.ofTask(GLOBEX, acmeTask.id(), null), 10, null))
                .as("another account's task id selects nothing").isEmpty();
        assertThat(history.files(GLOBEX, null, null, null, null, 10, null)).extracting(DumpFile::taskId)
                .containsOnly(globexTask.id()).hasSize(2);

        List<DumpFile> globexPage = history.files(GLOBEX, null, null, null, null, 1, null);
        DumpFile last = globexPage.get(0);
        String globexCursor = last.createdAt().toEpochMilli() + ":" + last.id();
        assertThat(history.files(ACME, null, null, null, null, 10, globexCursor))
                .as("another account's cursor only says where to go on").extracting(DumpFile::account).containsOnly(ACME).hasSize(2);
        DumpFile acmeNewest = acmes.get(0);
        assertThat(history.files(GLOBEX, null, null, null, null, 10, acmeNewest.createdAt().toEpochMilli() + ":" + acmeNewest.id()))
                .extracting(DumpFile::id).containsExactly(history.files(GLOBEX, null, null, null, null, 10, null).get(1).id());
    }

    @Test
    void aRetryOrAVerifyOfAnotherAccountsTaskIsRefusedAsIfItDidNotExist() throws Exception {
        FlakyObjectStore acmeBucket = buckets.get("bucket-one");
        acmeBucket.failure = new ObjectStoreException("refused (HTTP 403)", null, ObjectStoreException.Kind.PERMANENT);
        acmeBucket.failNextPuts.set(1);
        dumpOneFile(worker(acmeTask), ACME_APP, "acme 1");
        dumpOneFile(worker(globexTask), GLOBEX_APP, "globex 1");
        DumpFile failed = history.files(ACME, null, null, acmeTask.id(), FileStatus.FAILED, 10, null).get(0);
        String globexFile = history.files(GLOBEX, null, null, null, null, 10, null).get(0).id();

        String id = acmeTask.id();
        String none = "dt-zzzzzzzz";
        refusedAsIfAbsent(() -> retries.retry(BOB, id, failed.id()), () -> retries.retry(BOB, none, failed.id()), id, none);
        refusedAsIfAbsent(() -> retries.retry(BOB, globexTask.id(), failed.id()), () -> retries.retry(BOB, globexTask.id(), "nothing"),
                failed.id(), "nothing");
        refusedAsIfAbsent(() -> retries.retry(ALICE, id, globexFile), () -> retries.retry(ALICE, id, "nothing"), globexFile, "nothing");
        assertThat(history.file(failed.id()).status()).as("nothing was tried").isEqualTo(FileStatus.FAILED);

        assertThat(retries.retry(ALICE, id, failed.id()).status()).isEqualTo(FileStatus.SUCCEEDED);
        assertThat(tasks.operations(ACME, id)).last().extracting(TaskOperation::operation, TaskOperation::actor)
                .containsExactly(TaskOperation.Kind.RETRIED, "alice");

        refusedAsIfAbsent(() -> verifier.verify(GLOBEX, id, null, null), () -> verifier.verify(GLOBEX, none, null, null), id, none);
        VerifyReport acme = verifier.verify(ACME, id, null, null);
        VerifyReport globex = verifier.verify(GLOBEX, globexTask.id(), null, null);
        assertThat(acme.ok()).as(acme.discrepancies().toString()).isTrue();
        assertThat(globex.ok()).as("its files hold its own subject's records: " + globex.discrepancies()).isTrue();
        assertThat(acme.counts().files()).isEqualTo(1);
        assertThat(globex.counts().comparedBatches()).as("compared with the account's own log store").isEqualTo(1);
    }

    @Test
    void aBucketBelongsToOneAccountAndItsNameIsNotAvailableToOthers() {
        assertThat(regions.buckets(ACME, "local")).containsExactly("bucket-one");
        assertThat(regions.buckets(GLOBEX, "local")).containsExactly("bucket-two");
        assertThat(regions.buckets(TestCatalog.ACCOUNT, "local")).as("a bucket no account has claimed is the default account's")
                .containsExactly("archive");

        regions.createBucket(ACME, "local", "bucket-one"); // one's own again: harmless
        for (String taken : List.of("bucket-one", "archive")) {
            assertThatThrownBy(() -> regions.createBucket(GLOBEX, "local", taken)).isInstanceOf(ConflictException.class)
                    .hasMessage("bucket name '" + taken + "' is not available in region local; choose another")
                    .hasMessageNotContaining(ACME).hasMessageNotContaining(TestCatalog.ACCOUNT);
        }
        assertThat(regions.buckets(GLOBEX, "local")).containsExactly("bucket-two");
        assertThat(regions.bucketExists(GLOBEX, "local", "bucket-one")).isFalse();

        refusedAsIfAbsent(() -> tasks.create(BOB, body("{'name':'t2','logset':'servicecode','subject':'app','bucket':'bucket-one'}")),
                () -> tasks.create(BOB, body("{'name':'t2','logset':'servicecode','subject':'app','bucket':'bucket-zzz'}")),
                "bucket-one", "bucket-zzz");
        assertThatThrownBy(() -> tasks.create(BOB, body("{'name':'t2','logset':'servicecode','subject':'app','bucket':'archive'}")))
                .isInstanceOf(ValidationException.class);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
