package io.logdump.app;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.KafkaBroker;
import io.logdump.testutil.TestServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server whose log store is Kafka (a real KRaft broker in this JVM): ingest, reading back,
 * and a dump task that puts every record in the bucket once, across the offsets Kafka's
 * transaction markers skip; and a 503, not a 500, when Kafka cannot be reached.
 */
class KafkaStoreServerTest {
    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void setUp(Api api) {
        assertThat(api.post("/api/v1/buckets", j("{'name':'archive','region':'local'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets", j("{'name':'servicecode','region':'local'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets/servicecode/subjects", j("{'name':'test-log'}")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/logsets/servicecode/subjects/test-log/collection",
                j("{'parser':{'type':'delimiter','delimiter':' ','fields':['time','level','msg']},'time':{'field':'time','format':'iso8601'}}"))
                .status()).isEqualTo(200);
    }

    private static Response ingest(Api api, int first, int count) {
        StringBuilder body = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            body.append("2017-07-16T12:").append(String.format("%02d:%02d", i / 60 % 60, i % 60)).append("Z INFO message-").append(i).append('\n');
        }
        return api.postBytes("/api/v1/logsets/servicecode/subjects/test-log/logs", body.toString().getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain");
    }

    private static List<Path> files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void ingestReadBackAndADumpTaskWorkOnKafkaWithEveryRecordInTheBucketOnce() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
             TestServer server = TestServer.start(dir, "dump:\n  limits: {minIntervalSeconds: 1, minFileSizeMB: 1}\n"
                     + "store: {type: kafka, bootstrapServers: \"" + broker.bootstrapServers() + "\", partitions: 1, clientId: test-server}\n")) {
            Api api = server.api;
            setUp(api);
            for (int r = 0; r < 3; r++) {
                Response ingested = ingest(api, r * 100, 100);
                assertThat(ingested.status()).as(ingested.toString()).isEqualTo(200);
                assertThat(ingested.json().get("accepted").asLong()).isEqualTo(100);
            }

            List<String> read = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = api.get("/api/v1/logsets/servicecode/subjects/test-log/logs?limit=70"
                        + (cursor == null ? "" : "&cursor=" + cursor)).json();
                page.get("items").forEach(item -> read.add(item.get("raw").asText()));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
            } while (cursor != null);
            assertThat(read).as("every record once, in order").hasSize(300).first().asString().endsWith("message-0");
            assertThat(read.get(299)).endsWith("message-299");
            JsonNode fromTime = api.get("/api/v1/logsets/servicecode/subjects/test-log/logs?limit=1&from=2017-07-16T12:02:30Z").json();
            assertThat(fromTime.get("items").get(0).get("raw").asText()).as("read by log time").endsWith("message-150");

            Response created = api.post("/api/v1/dump-tasks", j("{'name':'nightly','logset':'servicecode','subject':'test-log',"
                    + "'bucket':'archive','prefix':'k','startDelaySeconds':0,'startFrom':'earliest','intervalSeconds':60}"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("id").asText();
            await("the task to run", () -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));
            dumpEverything(server, api, id);
            assertThat(ingest(api, 300, 1).status()).isEqualTo(200);
            dumpEverything(server, api, id);

            List<String> dumped = new ArrayList<>();
            for (Path f : files(dir.resolve("buckets/archive"))) {
                dumped.addAll(Files.readAllLines(f));
            }
            List<String> messages = dumped.stream().map(l -> l.replaceAll(".*\"msg\":\"(message-\\d+)\".*", "$1")).sorted().toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i <= 300; i++) {
                expected.add("message-" + i);
            }
            assertThat(messages).as("every acknowledged record in the bucket exactly once").isEqualTo(expected.stream().sorted().toList());
            JsonNode counters = api.get("/api/v1/dump-tasks/" + id).json().get("counters");
            assertThat(counters.get("records").asLong()).isEqualTo(301);
            assertThat(counters.get("lagRecords").asLong()).as("the checkpoint is at the end").isZero();
        }
    }

    /** Lets interval after interval pass (on the fake clock) until the task's checkpoint is at the end of the subject. */
    private static void dumpEverything(TestServer server, Api api, String id) throws InterruptedException {
        await("the task to dump every record", () -> {
            JsonNode counters = api.get("/api/v1/dump-tasks/" + id).json().get("counters");
            if (counters.get("lagRecords").asLong() == 0) {
                return true;
            }
            server.clock.advance(Duration.ofSeconds(61));
            return false;
        });
    }

    @Test
    void kafkaOutOfReachIsA503WithRetryAfterAndTheRestOfTheServerWorks() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (TestServer server = TestServer.start(dir, "store: {type: kafka, bootstrapServers: \"127.0.0.1:" + port + "\", timeoutSeconds: 1}\n")) {
            Api api = server.api;
            setUp(api);
            Response ingested = ingest(api, 0, 10);
            assertThat(ingested.status()).as(ingested.toString()).isEqualTo(503);
            assertThat(ingested.headers().firstValue("Retry-After")).isPresent();
            assertThat(ingested.text()).contains("the log store (Kafka) could not").doesNotContain("127.0.0.1:" + port);
            Response read = api.get("/api/v1/logsets/servicecode/subjects/test-log/logs");
            assertThat(read.status()).as(read.toString()).isEqualTo(503);
            assertThat(api.get("/api/v1/logsets/servicecode/subjects/test-log").status()).as("its stats are Kafka's").isEqualTo(503);
            assertThat(api.get("/api/v1/logsets/servicecode").status()).as("the catalog is not").isEqualTo(200);
        }
    }
}
