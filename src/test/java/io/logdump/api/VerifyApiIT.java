package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.s3.S3ObjectStorage;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.S3ProxyServer;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/dump-tasks/{id}/verify} on a task that dumps into a bucket of a real S3 server (S3Proxy). */
class VerifyApiIT {
    @TempDir
    static Path dir;
    static S3ProxyServer s3;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer();
        server = TestServer.start(dir, "dump:\n  limits: {minIntervalSeconds: 1}\nregions:\n" + s3.regionYaml("cn-north-1"));
        api = server.api;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        s3.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aTaskInAnS3BucketVerifiesThenReportsADeletedAndAnExtraObject() throws Exception {
        assertThat(api.post("/api/v1/buckets", j("{'name':'verified','region':'cn-north-1'}")).status()).isEqualTo(201);
        api.post("/api/v1/logsets", j("{'name':'cloud','region':'cn-north-1'}"));
        api.post("/api/v1/logsets/cloud/subjects", j("{'name':'app'}"));
        api.put("/api/v1/logsets/cloud/subjects/app/collection", j("{'parser':{'type':'json'}}"));
        Response created = api.post("/api/v1/dump-tasks", j("{'name':'checked','logset':'cloud','subject':'app','bucket':'verified',"
                + "'format':{'type':'csv','columns':['__time__','msg'],'header':true},'compression':'lz4','intervalSeconds':60,"
                + "'startDelaySeconds':0,'startFrom':'earliest'}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            body.append("{\"msg\":\"line ").append(i).append(", with \\\"quotes\\\"\\nand a line end\"}\n");
        }
        Response ingested = api.postBytes("/api/v1/logsets/cloud/subjects/app/logs", body.toString().getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-ndjson");
        assertThat(ingested.json().get("accepted").asLong()).isEqualTo(500);
        await("the batch to open", () -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING")
                && !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(Duration.ofSeconds(61));
        await("the upload", () -> api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("files").asLong() == 1);

        JsonNode clean = api.post("/api/v1/dump-tasks/" + id + "/verify", "").json();
        assertThat(clean.get("ok").asBoolean()).as(clean.toString()).isTrue();
        assertThat(clean.get("counts").get("decodedRecords").asLong()).isEqualTo(500);
        assertThat(clean.get("discrepancies")).isEmpty();

        String key = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0).get("objectKey").asText();
        String extra = key.replace("_1.csv.lz4", "_7.csv.lz4");
        try (S3ObjectStorage direct = new S3ObjectStorage(new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1",
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))) {
            ObjectStore bucket = direct.bucket("verified");
            Path copy = dir.resolve("copy");
            try (var in = bucket.get(key)) {
                Files.copy(in, copy);
            }
            bucket.put(extra, copy, null, null);
            bucket.delete(key);
        }

        JsonNode damaged = api.post("/api/v1/dump-tasks/" + id + "/verify", "").json();
        assertThat(damaged.get("ok").asBoolean()).isFalse();
        assertThat(damaged.get("counts").get("missing").asLong()).isEqualTo(1);
        assertThat(damaged.get("counts").get("extra").asLong()).isEqualTo(1);
        assertThat(damaged.get("discrepancies").findValuesAsText("objectKey")).containsExactlyInAnyOrder(key, extra);
    }

    @Test
    void anUnknownTaskIs404AndAMalformedWindowIs400() {
        assertThat(api.post("/api/v1/dump-tasks/dt-nosuch00/verify", "").status()).isEqualTo(404);
        Response badFrom = api.post("/api/v1/dump-tasks/dt-nosuch00/verify?from=soon", "");
        assertThat(badFrom.status()).as(badFrom.toString()).isIn(400, 404);
        api.post("/api/v1/buckets", j("{'name':'window','region':'cn-north-1'}"));
        api.post("/api/v1/logsets", j("{'name':'window','region':'cn-north-1'}"));
        api.post("/api/v1/logsets/window/subjects", j("{'name':'app'}"));
        api.put("/api/v1/logsets/window/subjects/app/collection", j("{'parser':{'type':'raw'}}"));
        String id = api.post("/api/v1/dump-tasks", j("{'name':'w','logset':'window','subject':'app','bucket':'window'}"))
                .json().get("id").asText();

        Response malformed = api.post("/api/v1/dump-tasks/" + id + "/verify?from=soon", "");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorFields()).containsExactly("from");
        Response backwards = api.post("/api/v1/dump-tasks/" + id + "/verify?from=2026-11-26T09:00:00Z&to=2026-11-26T08:00:00Z", "");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.errorFields()).containsExactly("to");
        Response empty = api.post("/api/v1/dump-tasks/" + id + "/verify", "");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("ok").asBoolean()).as("a task with no file yet has nothing wrong").isTrue();
    }
}
