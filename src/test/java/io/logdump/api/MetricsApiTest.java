package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.core.FileTrees;
import io.logdump.testutil.Api;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of Logdump's metrics, scraped from {@code GET /metrics} of a real server after doing what it counts. */
class MetricsApiTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "dump:\n  limits: {minIntervalSeconds: 1, minFileSizeMB: 1}\n");
        api = server.api;
        api.post("/api/v1/buckets", j("{'name':'archive','region':'local'}"));
        api.post("/api/v1/logsets", j("{'name':'shop','region':'local'}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A subject whose lines are {@code <iso time> <level> <msg>}, other lines rejected. */
    private static void subject(String name) {
        api.post("/api/v1/logsets/shop/subjects", j("{'name':'" + name + "'}"));
        api.put("/api/v1/logsets/shop/subjects/" + name + "/collection",
                j("{'parser':{'type':'regex','pattern':'(?<time>\\\\S+) (?<level>\\\\w+) (?<msg>.*)'},"
                        + "'time':{'field':'time','format':'iso8601'},'onParseError':'reject'}"));
    }

    private static Api.Response ingest(String subject, String body) {
        return api.postBytes("/api/v1/logsets/shop/subjects/" + subject + "/logs", body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain");
    }

    private static String task(String subject, String prefix, int intervalSeconds) throws InterruptedException {
        Api.Response created = api.post("/api/v1/dump-tasks", j("{'name':'t','logset':'shop','subject':'" + subject + "',"
                + "'bucket':'archive','prefix':'" + prefix + "','startDelaySeconds':0,'startFrom':'earliest','intervalSeconds':"
                + intervalSeconds + "}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        await("the task to run", () -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));
        return id;
    }

    /** The value of the sample {@code name} whose labels include {@code labels} (name, value, ...), if scraped. */
    static OptionalDouble sample(String text, String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (String line : text.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (found.entrySet().containsAll(wanted.entrySet())) {
                return OptionalDouble.of(Double.parseDouble(m.group(3)));
            }
        }
        return OptionalDouble.empty();
    }

    private static double metric(String name, String... labels) {
        Api.Response r = api.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        OptionalDouble v = sample(r.text(), name, labels);
        assertThat(v).as(name + " " + String.join(",", labels) + " in\n" + r.text()).isPresent();
        return v.getAsDouble();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void ingestCountsRecordsAndBytesStoredAndRejectedPerSubject() {
        subject("ingest");
        String good = "2026-11-26T08:00:00Z INFO hello";
        String bad = "no time here";
        assertThat(ingest("ingest", good + "\n" + bad + "\n" + good + "\n").json().get("rejected").asLong()).isEqualTo(1);

        assertThat(metric("logdump_ingest_records_total", "account", "default", "logset", "shop", "subject", "ingest")).isEqualTo(2);
        assertThat(metric("logdump_ingest_bytes_total", "logset", "shop", "subject", "ingest")).isEqualTo(2 * good.length());
        assertThat(metric("logdump_ingest_rejected_records_total", "logset", "shop", "subject", "ingest")).isEqualTo(1);
        assertThat(metric("logdump_ingest_rejected_bytes_total", "logset", "shop", "subject", "ingest")).isEqualTo(bad.length());
    }

    @Test
    void storeBytesPerSubjectAreWhatTheLogStoreHolds() {
        subject("stored");
        ingest("stored", "2026-11-26T08:00:00Z INFO one\n2026-11-26T08:00:01Z INFO two\n");
        long bytes = api.get("/api/v1/logsets/shop/subjects/stored").json().get("stats").get("bytes").asLong();

        assertThat(bytes).isPositive();
        assertThat(metric("logdump_store_bytes", "account", "default", "logset", "shop", "subject", "stored")).isEqualTo(bytes);
    }

    @Test
    void aDumpedFileShowsInFilesByStatusUploadedBytesAndUploadLatency() throws Exception {
        subject("dumped");
        String id = task("dumped", "dumped", 1);
        ingest("dumped", "2026-11-26T08:00:00Z INFO one\n2026-11-26T08:00:01Z INFO two\n");
        await("the batch to open", () -> !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(Duration.ofSeconds(2));
        await("the file", () -> api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("files").asLong() == 1);
        JsonNode file = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0);

        assertThat(metric("logdump_dump_files", "account", "default", "task", id, "status", "SUCCEEDED")).isEqualTo(1);
        assertThat(metric("logdump_dump_files", "task", id, "status", "FAILED")).isZero();
        assertThat(metric("logdump_dump_uploaded_bytes_total", "account", "default", "task", id)).isEqualTo(file.get("storedBytes").asLong());
        assertThat(metric("logdump_dump_upload_seconds_count", "task", id)).isEqualTo(1);
        assertThat(metric("logdump_dump_upload_seconds_sum", "task", id)).isPositive();
        assertThat(metric("logdump_dump_upload_retries_total", "task", id)).isZero();

        api.delete("/api/v1/dump-tasks/" + id);
        assertThat(sample(api.get("/metrics").text(), "logdump_dump_files", "task", id)).as("a deleted task's gauges go").isEmpty();
    }

    @Test
    void lagCountsRecordsNotDumpedYetAndTheAgeOfTheOldest() throws Exception {
        subject("lagging");
        String id = task("lagging", "lagging", 3600);
        ingest("lagging", "2026-11-26T08:00:00Z INFO one\n2026-11-26T08:00:01Z INFO two\n2026-11-26T08:00:02Z INFO three\n");
        server.clock.advance(Duration.ofSeconds(40));

        assertThat(metric("logdump_dump_lag_records", "account", "default", "task", id)).isEqualTo(3);
        assertThat(metric("logdump_dump_lag_seconds", "task", id)).isEqualTo(40);
    }

    @Test
    void aFailedUploadKeepsItsSpoolFileAndItsRetryIsCounted() throws Exception {
        subject("retried");
        String id = task("retried", "retried", 1);
        // a non-empty folder where the object should go makes the upload fail (a permanent error)
        Path blocker = dir.resolve("buckets/archive/retried/2026/11/26_" + id + "_1.json");
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("in-the-way"), "x");
        ingest("retried", "2026-11-26T08:00:00Z INFO one\n");
        await("the batch to open", () -> !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(Duration.ofSeconds(2));
        await("the file to fail", () -> {
            JsonNode items = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items");
            return items.size() == 1 && items.get(0).get("status").asText().equals("FAILED");
        });
        JsonNode file = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0);
        assertThat(metric("logdump_dump_files", "task", id, "status", "FAILED")).isEqualTo(1);
        assertThat(metric("logdump_spool_bytes")).as("the spool file waits for the retry").isGreaterThanOrEqualTo(file.get("storedBytes").asLong());

        FileTrees.deleteRecursively(blocker);
        Api.Response retried = api.post("/api/v1/dump-tasks/" + id + "/files/" + file.get("id").asText() + "/retry", "");
        assertThat(retried.json().get("status").asText()).isEqualTo("SUCCEEDED");
        int attempts = retried.json().get("attempts").asInt();
        assertThat(metric("logdump_dump_upload_retries_total", "task", id)).isEqualTo(attempts - 1).isPositive();
        assertThat(metric("logdump_dump_upload_seconds_count", "task", id)).isEqualTo(attempts);
        assertThat(metric("logdump_dump_files", "task", id, "status", "SUCCEEDED")).isEqualTo(1);
        assertThat(metric("logdump_dump_files", "task", id, "status", "FAILED")).isZero();
    }
}
