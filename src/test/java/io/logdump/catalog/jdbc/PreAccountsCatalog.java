package io.logdump.catalog.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.LogSet;
import io.logdump.catalog.LogSubject;
import io.logdump.catalog.TaskOperation;
import io.logdump.catalog.TaskStatus;
import io.logdump.core.Accounts;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import io.logdump.history.LostRange;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.history.jdbc.JdbcLostRanges;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.TestCatalog;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * A metadata database as migrations V1–V5 left it, before accounts, holding one of everything
 * (log sets, subjects with a collection configuration, a task and the operations log of a deleted
 * one, a batch, a file, a lost range, a checkpoint), and the checks that migration V6 put all of
 * it into the account {@code default}. Shared by the SQLite test and the PostgreSQL one.
 */
final class PreAccountsCatalog {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private PreAccountsCatalog() {}

    /** Runs V1–V5 on the database at {@code url} (naming its user, if any) and fills it. */
    static void create(String url, String vendor) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration", "classpath:db/migration-" + vendor)
                .target("5").load().migrate();
        Jdbi.create(url).useTransaction(h -> {
            long t = T0.toEpochMilli();
            h.execute("INSERT INTO logsets (name, region, description, created_at) VALUES ('shop', 'local', 'the shop', ?), "
                    + "('web', 'local', NULL, ?)", t, t);
            h.execute("INSERT INTO subjects (logset, name, description, retention_hours, collection, created_at) VALUES "
                    + "('shop', 'app', NULL, 24, ?, ?), ('shop', 'nginx', 'front', 72, NULL, ?), ('web', 'access', NULL, 48, NULL, ?)",
                    "{\"parser\":{\"type\":\"raw\"},\"onParseError\":\"keep\"}", t, t, t);
            h.execute("INSERT INTO dump_tasks (id, name, logset, subject, bucket, prefix, partition_format, time_zone, max_file_size_mb, "
                    + "interval_seconds, format, compression, start_delay_seconds, start_from, status, created_at, updated_at, "
                    + "starts_at, next_batch) VALUES ('dt-aaaaaaaa', 'nightly', 'shop', 'app', 'archive', 'shop/app/', '%Y/%m/%d', "
                    + "'UTC', 100, 300, '{\"type\":\"json\"}', 'gzip', 0, 'earliest', 'RUNNING', ?, ?, ?, 2)", t, t, t);
            h.execute("INSERT INTO task_operations (task_id, seq, time, operation, detail) VALUES "
                    + "('dt-aaaaaaaa', 1, ?, 'CREATED', 'created in bucket archive'), ('dt-gone0000', 1, ?, 'CREATED', 'created'), "
                    + "('dt-gone0000', 2, ?, 'DELETED', 'deleted (was RUNNING)')", t, t, t + 1);
            h.execute("INSERT INTO dump_batches (task_id, batch, partition_no, start_offset, end_offset, status, created_at) "
                    + "VALUES ('dt-aaaaaaaa', 1, 0, 0, 10, 'COMMITTED', ?)", t);
            h.execute("INSERT INTO dump_checkpoints (task_id, partition_no, next_offset) VALUES ('dt-aaaaaaaa', 0, 10)");
            h.execute("INSERT INTO dump_files (id, task_id, batch, partition_no, logset, subject, bucket, object_key, status, records, "
                    + "raw_bytes, stored_bytes, sha256, min_log_time, max_log_time, created_at, finished_at, attempts, content_type, "
                    + "content_encoding, conversion_nulls, from_offset, to_offset) VALUES ('dt-aaaaaaaa-1-0', 'dt-aaaaaaaa', 1, 0, "
                    + "'shop', 'app', 'archive', 'shop/app/2026/11/20_dt-aaaaaaaa_1.json.gz', 'SUCCEEDED', 10, 500, 120, ?, ?, ?, ?, ?, "
                    + "1, 'application/x-ndjson', 'gzip', 0, 0, 10)", "ab".repeat(32), t, t, t, t + 5);
            h.execute("INSERT INTO lost_ranges (logset, subject, partition_no, from_offset, to_offset, time, reason) "
                    + "VALUES ('shop', 'app', 0, 10, 20, ?, 'the disk limit')", t);
        });
    }

    /** After V6: everything is the default account's, unchanged, and another account sees none of it. */
    static void assertAllInDefault(Jdbi jdbi) {
        String account = Accounts.DEFAULT;
        List<String> accounts = jdbi.withHandle(h -> h.createQuery("SELECT name FROM accounts").mapTo(String.class).list());
        assertThat(accounts).containsExactly(account);
        TestCatalog catalog = TestCatalog.open(jdbi, new FakeClock(T0.plusSeconds(3600)), "archive").addAccount("other");

        assertThat(catalog.logSets().list(account)).containsExactly(
                new LogSet(account, "shop", "local", "the shop", T0), new LogSet(account, "web", "local", null, T0));
        assertThat(catalog.logSets().subjects(account, "shop")).containsExactly(
                new LogSubject(account, "shop", "app", null, 24, T0, true), new LogSubject(account, "shop", "nginx", "front", 72, T0, false));
        assertThat(catalog.logSets().collection(account, "shop", "app").parser().type()).isEqualTo("raw");
        assertThat(catalog.logSets().allSubjects()).extracting(LogSubject::id).containsExactly(new SubjectId(account, "shop", "app"),
                new SubjectId(account, "shop", "nginx"), new SubjectId(account, "web", "access"));

        DumpTask task = catalog.tasks().get(account, "dt-aaaaaaaa");
        assertThat(task.account()).isEqualTo(account);
        assertThat(task.subjectId()).isEqualTo(new SubjectId(account, "shop", "app"));
        assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(task.settings().compression()).isEqualTo("gzip");
        assertThat(task.settings().format().type()).isEqualTo("json");
        assertThat(catalog.tasks().operations(account, "dt-aaaaaaaa")).extracting(TaskOperation::operation, TaskOperation::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskOperation.Kind.CREATED, null));
        assertThat(catalog.tasks().operations(account, "dt-gone0000")).as("the log of a deleted task")
                .extracting(TaskOperation::operation).containsExactly(TaskOperation.Kind.CREATED, TaskOperation.Kind.DELETED);
        assertThat(catalog.regions().bucketExists(account, "local", "archive")).as("an unclaimed bucket is the default account's").isTrue();

        JdbcDumpHistory history = new JdbcDumpHistory(jdbi);
        List<DumpFile> files = history.files(new DumpHistory.Filter(account, "shop", "app", null, null, null, null), 10, null);
        assertThat(files).extracting(DumpFile::id, DumpFile::account, DumpFile::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dt-aaaaaaaa-1-0", account, FileStatus.SUCCEEDED));
        assertThat(files.get(0).sha256()).isEqualTo("ab".repeat(32));
        assertThat(history.checkpoint("dt-aaaaaaaa", 0)).hasValue(10);
        assertThat(new JdbcLostRanges(jdbi).of(new SubjectId(account, "shop", "app")))
                .extracting(LostRange::fromOffset, LostRange::toOffset).containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 20L));

        assertThat(catalog.logSets().list("other")).isEmpty();
        assertThat(catalog.tasks().list("other", null, null, null)).isEmpty();
        assertThat(history.files(new DumpHistory.Filter("other", null, null, null, null, null, null), 10, null)).isEmpty();
        assertThat(new JdbcLostRanges(jdbi).of(new SubjectId("other", "shop", "app"))).isEmpty();
        assertThat(catalog.regions().buckets("other", "local")).isEmpty();

        // the keys and foreign keys hold the account: the same names in another account, but no subject without its log set
        catalog.logSets().create("other", TestCatalog.body("{'name':'shop','region':'local'}"));
        assertThat(catalog.logSets().list("other")).extracting(LogSet::name).containsExactly("shop");
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO subjects (account, logset, name, retention_hours, "
                + "created_at) VALUES ('other', 'web', 'access', 1, 0)"))).as("the log set 'web' is the default account's only")
                .hasMessageContaining("oreign");
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO logsets (account, name, region, created_at) "
                + "VALUES ('nobody', 'x', 'local', 0)"))).as("a log set of no account").hasMessageContaining("oreign");
    }
}
