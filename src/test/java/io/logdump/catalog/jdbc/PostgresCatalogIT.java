package io.logdump.catalog.jdbc;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
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
        assertThat(tables).contains("logsets", "subjects", "dump_tasks", "task_operations", "flyway_schema_history");
        assertThat(dir.resolve("metadata.db")).as("no embedded database is used").doesNotExist();
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
}
