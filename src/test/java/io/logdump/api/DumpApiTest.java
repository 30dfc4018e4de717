package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump task on a real server: from ingest to files in a local bucket, with its history and counters. */
class DumpApiTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "dump:\n  limits: {minIntervalSeconds: 1, minFileSizeMB: 1}\n");
        api = server.api;
        api.post("/api/v1/buckets", j("{'name':'archive','region':'local'}"));
        api.post("/api/v1/logsets", j("{'name':'servicecode','region':'local'}"));
        api.post("/api/v1/logsets/servicecode/subjects", j("{'name':'test-log'}"));
        api.put("/api/v1/logsets/servicecode/subjects/test-log/collection",
                j("{'parser':{'type':'delimiter','delimiter':' ','fields':['time','level','msg']},'time':{'field':'time','format':'iso8601'}}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Waits (for the engine's threads, not for time: the clock is fake) until the condition holds. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<Path> files(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTaskDumpsItsSubjectIntoTheBucketAndShowsItInTheHistory() throws Exception {
        Response created = api.post("/api/v1/dump-tasks", j("{'name':'nightly','logset':'servicecode','subject':'test-log',"
                + "'bucket':'archive','prefix':'servicecode/test-log/test-logapi','startDelaySeconds':0,'startFrom':'earliest',"
                + "'intervalSeconds':60}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        await("the task to run", () -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));

        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            body.append("2017-07-16T12:00:").append(String.format("%02d", i % 60)).append("Z INFO message-").append(i).append('\n');
        }
        Response ingested = api.postBytes("/api/v1/logsets/servicecode/subjects/test-log/logs",
                body.toString().getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        assertThat(ingested.json().get("accepted").asLong()).isEqualTo(100);
        await("the batch to open", () -> !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());

        server.clock.advance(Duration.ofSeconds(61));
        Path bucket = dir.resolve("buckets/archive");
        await("the file to land", () -> !files(bucket).isEmpty());
        assertThat(bucket.relativize(files(bucket).get(0)).toString())
                .isEqualTo("servicecode/test-log/test-logapi/2017/07/16_" + id + "_1.json");
        List<String> lines = Files.readAllLines(files(bucket).get(0));
        assertThat(lines).hasSize(100);
        assertThat(lines.get(0)).contains("\"level\":\"INFO\"").contains("\"__time__\":\"2017-07-16T12:00:00.000Z\"");

        await("the history to show it", () -> api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").size() == 1);
        JsonNode file = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0);
        assertThat(file.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(file.get("records").asLong()).isEqualTo(100);
        assertThat(file.get("objectKey").asText()).endsWith("_1.json");
        assertThat(file.get("sha256").asText()).hasSize(64);
        assertThat(api.get("/api/v1/dump-history?task=" + id + "&status=SUCCEEDED").json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/dump-history?status=BROKEN").status()).isEqualTo(400);
        JsonNode counters = api.get("/api/v1/dump-tasks/" + id).json().get("counters");
        assertThat(counters.get("files").asLong()).isEqualTo(1);
        assertThat(counters.get("records").asLong()).isEqualTo(100);
        assertThat(counters.get("lagRecords").asLong()).isZero();

        api.postBytes("/api/v1/logsets/servicecode/subjects/test-log/logs",
                "2017-07-17T08:00:00Z WARN later\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        await("the second batch to open", () -> !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(Duration.ofSeconds(61));
        await("the second file", () -> api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("files").asLong() == 2);
        JsonNode first = api.get("/api/v1/dump-history?task=" + id + "&limit=1").json();
        assertThat(first.get("items").get(0).get("batch").asLong()).as("newest first").isEqualTo(2);
        assertThat(first.get("next").isNull()).isFalse();
        JsonNode second = api.get("/api/v1/dump-history?task=" + id + "&limit=1&cursor=" + first.get("next").asText()).json();
        assertThat(second.get("items").get(0).get("batch").asLong()).isEqualTo(1);
        assertThat(second.get("next").isNull()).as("the last page").isTrue();
        assertThat(api.get("/api/v1/dump-history?cursor=nonsense").status()).isEqualTo(400);
    }

    @Test
    void aHistoryCursorWhoseTimeIsNoLongIsA400NotA500() {
        Response r = api.get("/api/v1/dump-history?cursor=99999999999999999999:dt-aaaaaaaa-1-0");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactly("cursor");
    }
}
