package io.logdump.catalog.jdbc;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import io.logdump.history.jdbc.JdbcDumpHistory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same migrations and SQL on a real PostgreSQL server, through the HTTP API. */
class PostgresCatalogIT {
    @TempDir
    static Path dir;
    static EmbeddedPostgres postgres;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        server = TestServer.start(dir, "metadata: {url: \"" + url + "\", user: postgres}\n");
        api = server.api;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        postgres.close();
    }

    @Test
    void theMigrationsCreateTheSchemaOnPostgres() {
        Jdbi jdbi = Jdbi.create(postgres.getPostgresDatabase());
        List<String> tables = jdbi.withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")
                .mapTo(String.class).list());
        assertThat(tables).contains("accounts", "buckets", "logsets", "subjects", "dump_tasks", "task_operations", "flyway_schema_history");
        assertThat(dir.resolve("metadata.db")).as("no embedded database is used").doesNotExist();
    }

    @Test
    void anInstallFromBeforeAccountsLandsInTheDefaultAccountOnPostgres() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE before_accounts");
        }
        String url = postgres.getJdbcUrl("postgres", "before_accounts");
        PreAccountsCatalog.create(url, "postgresql");

        PreAccountsCatalog.assertAllInDefault(MetadataDatabase.open(url, null, null));
    }

    @Test
    void theCatalogWorksOnPostgres() {
        assertThat(api.post("/api/v1/buckets", j("{'name':'pg-bucket','region':'local'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets", j("{'name':'pg','region':'local'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets", j("{'name':'pg','region':'local'}")).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/logsets/pg/subjects", j("{'name':'app','retentionHours':24}")).status()).isEqualTo(201);
        Response config = api.put("/api/v1/logsets/pg/subjects/app/collection",
                j("{'parser':{'type':'delimiter','delimiter':',','fields':['time','msg']},'time':{'field':'time','format':'iso8601'}}"));
        assertThat(config.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/logsets/pg/subjects/app/collection").json()).isEqualTo(config.json());

        Response task = api.post("/api/v1/dump-tasks", j("{'name':'日志转储_pg','logset':'pg','subject':'app','bucket':'pg-bucket',"
                + "'format':{'type':'csv','columns':['__time__','msg']},'compression':'zstd'}"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = task.json().get("id").asText();
        assertThat(api.post("/api/v1/dump-tasks", j("{'name':'日志转储_pg','logset':'pg','subject':'app','bucket':'pg-bucket'}")).status())
                .isEqualTo(409);
        assertThat(api.patch("/api/v1/dump-tasks/" + id, j("{'maxFileSizeMB':50}")).json().get("maxFileSizeMB").asInt()).isEqualTo(50);
        assertThat(api.post("/api/v1/dump-tasks/" + id + "/stop", "").json().get("status").asText()).isEqualTo("STOPPED");
        assertThat(api.get("/api/v1/dump-tasks?status=STOPPED&logset=pg").json().findValuesAsText("id")).containsExactly(id);
        assertThat(api.get("/api/v1/dump-tasks/" + id).json().get("format").get("columns").size()).isEqualTo(2);
        assertThat(api.delete("/api/v1/logsets/pg/subjects/app").status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/dump-tasks/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/dump-tasks/" + id + "/operations").json().findValuesAsText("operation"))
                .containsExactly("CREATED", "MODIFIED", "STOPPED", "DELETED");
        assertThat(api.delete("/api/v1/logsets/pg/subjects/app").status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/logsets/pg").status()).isEqualTo(204);
    }

    @Test
    void theDumpHistoryRetryExpiryLostRangesAndPruningWorkOnPostgres() {
        JdbcDumpHistory history = new JdbcDumpHistory(Jdbi.create(postgres.getPostgresDatabase()));
        Instant t0 = Instant.parse("2026-11-26T08:00:00Z");
        long batch = history.openBatch("dt-pgpgpgpg", 0, 0, t0);
        DumpFile file = new DumpFile("dt-pgpgpgpg-" + batch + "-0", "dt-pgpgpgpg", batch, 0, "default", "pg", "app", "pg-bucket",
                "k/1.log", FileStatus.UPLOADING, 10, 0, 100, 100, "ab".repeat(32), t0, t0, t0, null, 0, null, null, 0L, 10L,
                "/nonexistent/spool", "text/plain", null);
        history.sealBatch("dt-pgpgpgpg", batch, 10, List.of(file));
        history.fileFailed(file.id(), "gave up", t0, t0.plus(Duration.ofHours(1)));
        history.commitBatch("dt-pgpgpgpg", batch, 0, 10, List.of(), t0);
        assertThat(history.claimRetry(file.id(), t0.plusSeconds(60))).isTrue();
        assertThat(history.claimRetry(file.id(), t0.plusSeconds(61))).as("one retry at a time").isFalse();
        history.retryFailed(file.id(), "still down");
        assertThat(history.overdue(t0.plus(Duration.ofHours(1)))).extracting(DumpFile::id).containsExactly(file.id());
        history.expire(file.id());
        assertThat(history.file(file.id()).status()).isEqualTo(FileStatus.EXPIRED);
        history.recordLost("dt-pgpgpgpg", new SubjectId("default", "pg", "app"), "pg-bucket", 0, 10, 20, t0.plusSeconds(5), "the disk limit");
        assertThat(history.files(new DumpHistory.Filter("default", "pg", null, null, FileStatus.EXPIRED, t0, t0.plusSeconds(6)), 10, null))
                .extracting(DumpFile::fromOffset).containsExactly(10L, 0L);
        history.openBatch("dt-pgpgpgpg", 0, 10, t0.plusSeconds(10));
        assertThat(history.prune(t0.plus(Duration.ofDays(8)))).isEqualTo(2);
        assertThat(history.openBatch("dt-pgpgpgpg", 0, 10, t0.plus(Duration.ofDays(8))))
                .as("batch numbers never repeat after pruning").isEqualTo(batch + 2);
    }
}
