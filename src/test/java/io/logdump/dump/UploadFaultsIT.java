package io.logdump.dump;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.s3.S3ObjectStorage;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.FaultProxy;
import io.logdump.testutil.S3ProxyServer;
import io.logdump.testutil.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploads to a real S3 server (S3Proxy on loopback) through a fault-injecting proxy: each fault
 * makes the file fail, be retried, and end SUCCEEDED or FAILED as the upload policy says, with no
 * partial object visible and nothing twice in the bucket. The backoff is measured on the server's
 * fake clock, which the tests move forward (small delays are configured).
 */
class UploadFaultsIT {
    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    @TempDir
    static java.nio.file.Path dir;
    static S3ProxyServer s3;
    static FaultProxy proxy;
    static TestServer server;
    static Api api;
    static S3ObjectStorage direct;
    static ObjectStore bucket;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer();
        proxy = new FaultProxy(URI.create(s3.endpoint()).getPort());
        server = TestServer.start(dir, "dump:\n  limits: {minIntervalSeconds: 1}\n"
                + "  uploads: {attempts: 3, firstDelayMs: 100, maxDelayMs: 200}\n"
                + "regions:\n" + proxy.regionYaml("faulty"));
        api = server.api;
        assertThat(api.post("/api/v1/buckets", j("{'name':'faults','region':'faulty'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets", j("{'name':'f','region':'faulty'}")).status()).isEqualTo(201);
        direct = new S3ObjectStorage(new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1",
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
        bucket = direct.bucket("faults");
    }

    @AfterEach
    void heal() throws Exception {
        proxy.pass();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        direct.close();
        proxy.close();
        s3.close();
    }

    /** A running task of a new subject of its own; returns its id. */
    private static String task() throws Exception {
        String subject = "s" + SUBJECTS.incrementAndGet();
        api.post("/api/v1/logsets/f/subjects", j("{'name':'" + subject + "'}"));
        api.put("/api/v1/logsets/f/subjects/" + subject + "/collection", j("{'parser':{'type':'raw'}}"));
        Response task = api.post("/api/v1/dump-tasks", j("{'name':'t','logset':'f','subject':'" + subject + "','bucket':'faults',"
                + "'format':{'type':'raw'},'intervalSeconds':60,'startDelaySeconds':0,'startFrom':'earliest','partitionFormat':''}"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = task.json().get("id").asText();
        awaitReal("the task to run", () -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));
        return id;
    }

    private static String subjectOf(String taskId) {
        return api.get("/api/v1/dump-tasks/" + taskId).json().get("subject").asText();
    }

    /** Ingests {@code count} lines tagged {@code tag} and lets the clock close the batch. */
    private static String ingestAndSeal(String taskId, String tag, int count) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append(tag).append(" line ").append(i).append(' ').append("x".repeat(40)).append('\n');
        }
        Response r = api.postBytes("/api/v1/logsets/f/subjects/" + subjectOf(taskId) + "/logs",
                body.toString().getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        assertThat(r.json().get("accepted").asInt()).isEqualTo(count);
        awaitReal("the batch to open", () -> !api.get("/api/v1/dump-tasks/" + taskId).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(Duration.ofSeconds(61));
        return body.toString();
    }

    private static JsonNode newest(String taskId) {
        JsonNode items = api.get("/api/v1/dump-tasks/" + taskId + "/files").json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    /** Waits for the engine's threads only (the clock stands still). */
    private static void awaitReal(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Moves the clock on a second at a time (past every backoff) until the newest file satisfies {@code done}. */
    private static JsonNode advanceUntil(String taskId, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode f = newest(taskId);
            if (f != null && done.test(f)) {
                return f;
            }
            assertThat(System.nanoTime()).as("waiting for the file of " + taskId + ", now " + f).isLessThan(deadline);
            server.clock.advance(Duration.ofSeconds(1));
            Thread.sleep(30);
        }
    }

    private static boolean settled(JsonNode f) {
        return !f.get("status").asText().equals("UPLOADING");
    }

    /** Every line in the bucket under the task's prefix, with how often it appears. */
    private static Map<String, Integer> linesInBucket(String taskId) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (String key : bucket.list("f/" + subjectOf(taskId) + "/")) {
            try (InputStream in = bucket.get(key)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    out.merge(line, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private static String sha256(String key) throws Exception {
        try (InputStream in = bucket.get(key)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    private static void assertExactlyOnce(String taskId, String... bodies) throws Exception {
        Map<String, Integer> lines = linesInBucket(taskId);
        int expected = 0;
        for (String body : bodies) {
            for (String line : body.split("\n")) {
                assertThat(lines.get(line)).as("line '%s' in the bucket", line).isEqualTo(1);
                expected++;
            }
        }
        assertThat(lines).as("nothing else, nothing twice").hasSize(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void serverErrorsAreRetriedWithBackoffUntilTheUploadSucceeds(int status) throws Exception {
        String id = task();
        proxy.answer(status, 2);
        String body = ingestAndSeal(id, "e" + status, 100);
        JsonNode f = advanceUntil(id, UploadFaultsIT::settled);
        assertThat(f.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(f.get("attempts").asInt()).as("two answers %d, then the upload", status).isEqualTo(3);
        assertThat(proxy.faulted.get()).isEqualTo(2);
        assertThat(bucket.list("f/" + subjectOf(id) + "/")).containsExactly(f.get("objectKey").asText());
        assertThat(sha256(f.get("objectKey").asText())).isEqualTo(f.get("sha256").asText());
        assertExactlyOnce(id, body);
    }

    @Test
    void aResetInTheMiddleOfTheUploadLeavesNoPartialObjectAndTheRetrySucceeds() throws Exception {
        String id = task();
        proxy.resetMidBody(4096, -1);
        String body = ingestAndSeal(id, "reset", 2000);
        // The clock stands still, so after the reset the retry waits: what the bucket shows between the attempts.
        awaitReal("the first attempt to fail", () -> newest(id) != null && newest(id).get("attempts").asInt() == 1);
        JsonNode failedOnce = newest(id);
        assertThat(failedOnce.get("status").asText()).isEqualTo("UPLOADING");
        assertThat(failedOnce.get("error").asText()).contains("attempt 1 of 3");
        assertThat(proxy.faulted.get()).as("the proxy reset an upload").isPositive();
        assertThat(bucket.list("f/" + subjectOf(id) + "/")).as("no partial object after the reset").isEmpty();
        proxy.pass();
        JsonNode f = advanceUntil(id, UploadFaultsIT::settled);
        assertThat(f.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(f.get("attempts").asInt()).isEqualTo(2);
        assertThat(sha256(f.get("objectKey").asText())).as("the whole file").isEqualTo(f.get("sha256").asText());
        assertExactlyOnce(id, body);
    }

    @Test
    void slowAnswersDelayTheUploadWhichSucceedsAtTheFirstAttempt() throws Exception {
        String id = task();
        proxy.delay(700, 1);
        String body = ingestAndSeal(id, "slow", 100);
        JsonNode f = advanceUntil(id, UploadFaultsIT::settled);
        assertThat(f.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(f.get("attempts").asInt()).isEqualTo(1);
        assertThat(proxy.faulted.get()).isPositive();
        assertExactlyOnce(id, body);
    }

    @Test
    void aForbiddenAnswerIsPermanentSoTheFileFailsAtOnceAndTheHistorySaysWhy() throws Exception {
        String id = task();
        proxy.answer(403, -1);
        ingestAndSeal(id, "denied", 10);
        JsonNode f = advanceUntil(id, UploadFaultsIT::settled);
        assertThat(f.get("status").asText()).isEqualTo("FAILED");
        assertThat(f.get("attempts").asInt()).isEqualTo(1);
        assertThat(f.get("error").asText()).contains("HTTP 403").contains("permanent error").contains("not retried")
                .contains(f.get("objectKey").asText());
        assertThat(bucket.list("f/" + subjectOf(id) + "/")).isEmpty();
    }

    @Test
    void aStoreDownLongerThanTheRetriesFailsTheFileTheTaskGoesOnAndARetryWithinTheHourUploadsIt() throws Exception {
        String id = task();
        proxy.refuse();
        String lost = ingestAndSeal(id, "down", 100);
        JsonNode failed = advanceUntil(id, UploadFaultsIT::settled);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("error").asText()).contains("gave up after 3 attempts").contains("Connection refused").contains(failed.get("objectKey").asText());
        assertThat(bucket.list("f/" + subjectOf(id) + "/")).isEmpty();

        proxy.pass();
        String later = ingestAndSeal(id, "later", 50);
        JsonNode next = advanceUntil(id, f -> !f.get("id").asText().equals(failed.get("id").asText()) && settled(f));
        assertThat(next.get("status").asText()).as("the task went on with the next batch").isEqualTo("SUCCEEDED");

        Response retried = api.post("/api/v1/dump-tasks/" + id + "/files/" + failed.get("id").asText() + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(sha256(failed.get("objectKey").asText())).isEqualTo(failed.get("sha256").asText());
        assertExactlyOnce(id, lost, later);
        assertThat(api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("files").asLong()).isEqualTo(2);
    }
}
