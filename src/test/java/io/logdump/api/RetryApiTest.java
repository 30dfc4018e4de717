package io.logdump.api;

import static io.logdump.testutil.TaskFiles.await;
import static io.logdump.testutil.TaskFiles.dump;
import static io.logdump.testutil.TaskFiles.runningTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.core.FileTrees;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual retry of a FAILED file, its one-hour window (kept across a restart, measured on the
 * fake clock), the expiry that purges the spool file, the RETRIED operations, the history's time
 * filter and its pruning. A local bucket whose folder is removed makes uploads fail (permanently).
 */
class RetryApiTest {
    private static final String CONFIG = "dump:\n  limits: {minIntervalSeconds: 1, minFileSizeMB: 1}\n"
            + "  uploads: {attempts: 3, firstDelayMs: 0, maxDelayMs: 0}\n";

    @TempDir
    Path dir;

    private static JsonNode file(Api api, String taskId, String fileId) {
        for (JsonNode f : api.get("/api/v1/dump-tasks/" + taskId + "/files").json().get("items")) {
            if (f.get("id").asText().equals(fileId)) {
                return f;
            }
        }
        return null;
    }

    private static List<String> operations(Api api, String id) {
        return StreamSupport.stream(api.get("/api/v1/dump-tasks/" + id + "/operations").json().spliterator(), false)
                .map(o -> o.get("operation").asText() + ": " + o.get("detail").asText()).toList();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aFailedFileIsRetriedByHandUnderItsKeyAndThenCountsInItsTask() throws Exception {
        try (TestServer server = TestServer.start(dir, CONFIG)) {
            Api api = server.api;
            String id = runningTask(api);
            Path bucket = dir.resolve("buckets/archive");
            FileTrees.deleteRecursively(bucket);
            JsonNode failed = dump(server, id, "one\ntwo\nthree\n");
            String fileId = failed.get("id").asText();
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("attempts").asInt()).as("a missing bucket is not retried automatically").isEqualTo(1);
            assertThat(failed.get("error").asText()).contains("not retried").contains("the bucket does not exist")
                    .contains(failed.get("objectKey").asText());
            Instant failedAt = Instant.parse(failed.get("finishedAt").asText());
            assertThat(Instant.parse(failed.get("retryableUntil").asText())).isEqualTo(failedAt.plus(Duration.ofHours(1)));
            assertThat(api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("failedFiles").asLong()).isEqualTo(1);

            String retry = "/api/v1/dump-tasks/" + id + "/files/" + fileId + "/retry";
            Response stillDown = api.post(retry, "");
            assertThat(stillDown.status()).as(stillDown.toString()).isEqualTo(200);
            assertThat(stillDown.json().get("status").asText()).isEqualTo("FAILED");
            assertThat(stillDown.json().get("error").asText()).contains("manual retry").contains("the bucket does not exist");
            assertThat(stillDown.json().get("attempts").asInt()).isEqualTo(2);
            assertThat(stillDown.json().get("retryableUntil").asText()).as("a failed retry does not move the window")
                    .isEqualTo(failed.get("retryableUntil").asText());

            Files.createDirectories(bucket);
            Response ok = api.post(retry, "");
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(ok.json().get("error").isNull()).isTrue();
            Path object = bucket.resolve(failed.get("objectKey").asText());
            assertThat(Files.readString(object)).isEqualTo("one\ntwo\nthree\n");
            assertThat(sha256(object)).isEqualTo(failed.get("sha256").asText());
            assertThat(dir.resolve("spool/" + id + "/1")).as("the spool file is no longer needed").doesNotExist();
            JsonNode counters = api.get("/api/v1/dump-tasks/" + id).json().get("counters");
            assertThat(counters.get("files").asLong()).isEqualTo(1);
            assertThat(counters.get("records").asLong()).isEqualTo(3);
            assertThat(counters.get("failedFiles").asLong()).isZero();

            Response again = api.post(retry, "");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/problem+json");
            assertThat(again.detail()).isEqualTo("file '" + fileId + "' is SUCCEEDED; only a FAILED file can be retried");
            assertThat(api.post("/api/v1/dump-tasks/" + id + "/files/nope-1-0/retry", "").status()).isEqualTo(404);
            assertThat(api.post("/api/v1/dump-tasks/dt-00000000/files/" + fileId + "/retry", "").status()).isEqualTo(404);

            List<String> ops = operations(api, id);
            assertThat(ops.get(ops.size() - 2)).startsWith("RETRIED: file " + fileId + ": FAILED again (")
                    .contains("the bucket does not exist");
            assertThat(ops.get(ops.size() - 1)).isEqualTo("RETRIED: file " + fileId + ": SUCCEEDED");
        }
    }

    @Test
    void theWindowSurvivesARestartAndAfterTheHourTheFileExpiresAndARetryIsRefused() throws Exception {
        String id;
        String fileId;
        Instant until;
        try (TestServer server = TestServer.start(dir, CONFIG)) {
            id = runningTask(server.api);
            FileTrees.deleteRecursively(dir.resolve("buckets/archive"));
            JsonNode failed = dump(server, id, "lost\n");
            fileId = failed.get("id").asText();
            until = Instant.parse(failed.get("retryableUntil").asText());
        }
        Path spool = dir.resolve("spool/" + id + "/1/0.log");
        assertThat(spool).as("the spool file of a FAILED file is kept").exists();
        try (TestServer server = TestServer.start(dir, CONFIG)) {
            Api api = server.api;
            String retry = "/api/v1/dump-tasks/" + id + "/files/" + fileId + "/retry";
            server.clock.advance(Duration.between(server.clock.instant(), until.minusSeconds(60)));
            assertThat(api.post(retry, "").json().get("status").asText()).as("a minute before the window closes").isEqualTo("FAILED");

            server.clock.advance(Duration.ofSeconds(60));
            await("the file to expire", () -> file(api, id, fileId).get("status").asText().equals("EXPIRED"));
            assertThat(spool).as("purged").doesNotExist();
            Files.createDirectories(dir.resolve("buckets/archive"));
            Response late = api.post(retry, "");
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.detail()).isEqualTo("file '" + fileId + "' can no longer be retried: its retry window closed at "
                    + until + ", one hour after it failed, and its spool file was deleted");
            assertThat(dir.resolve("buckets/archive").toFile().list()).as("nothing was uploaded").isEmpty();
            assertThat(api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("failedFiles").asLong())
                    .as("an EXPIRED file still counts as failed").isEqualTo(1);

            JsonNode later = dump(server, id, "after\n");
            assertThat(later.get("status").asText()).isEqualTo("SUCCEEDED");
            Instant laterAt = Instant.parse(later.get("createdAt").asText());
            JsonNode inRange = api.get("/api/v1/dump-history?task=" + id + "&from=" + laterAt + "&to=" + laterAt.plusMillis(1)).json();
            assertThat(inRange.get("items").size()).isEqualTo(1);
            assertThat(inRange.get("items").get(0).get("id").asText()).isEqualTo(later.get("id").asText());
            assertThat(api.get("/api/v1/dump-history?task=" + id + "&to=" + laterAt).json().get("items").get(0).get("id").asText())
                    .as("to is exclusive").isEqualTo(fileId);
            assertThat(api.get("/api/v1/dump-history?from=yesterday").status()).isEqualTo(400);
            assertThat(later.get("fromOffset").asLong()).isEqualTo(1);
            assertThat(later.get("toOffset").asLong()).isEqualTo(2);

            server.clock.advance(Duration.ofDays(7).plusMinutes(5));
            await("the history older than 7 days to be pruned",
                    () -> api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").isEmpty());
            JsonNode next = dump(server, id, "next week\n");
            assertThat(next.get("objectKey").asText()).as("batch numbers never repeat after pruning").endsWith("_3.log");
        }
    }
}
