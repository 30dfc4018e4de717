package io.logdump.cli;

import static io.logdump.cli.Cli.run;
import static io.logdump.testutil.TaskFiles.await;
import static io.logdump.testutil.TaskFiles.dump;
import static io.logdump.testutil.TaskFiles.runningTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.cli.Cli.Run;
import io.logdump.core.FileTrees;
import io.logdump.testutil.Api;
import io.logdump.testutil.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logdump history}, {@code tasks files} and {@code files retry} against a real server whose
 * dump task writes files when its fake clock is advanced; a local bucket whose folder is removed
 * makes an upload fail (permanently, so at once). The commands are signed in with {@code logdump login}
 * as the server's admin.
 */
class HistoryCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "dump:\n  limits: {minIntervalSeconds: 1, minFileSizeMB: 1}\n"
            + "  uploads: {attempts: 3, firstDelayMs: 0, maxDelayMs: 0}\n";

    @TempDir
    Path dir;

    @Test
    void historyReadsOnePageOrWithAllEveryPageAndTasksFilesShowsOneTasksFiles() throws Exception {
        try (TestServer server = TestServer.start(dir, CONFIG)) {
            Cli.login(server, dir.resolve("cli-config"));
            String id = runningTask(server.api);
            List<String> files = new ArrayList<>();
            for (String lines : List.of("one\n", "two\nthree\n", "four\n")) {
                files.add(0, dump(server, id, lines).get("id").asText());
            }

            Run one = logdump(server, "history", "--limit", "1");
            assertThat(one.status()).as(one.toString()).isZero();
            assertThat(one.lines().get(0)).matches("ID +TASK +STATUS +CREATED +RECORDS +BYTES +ATTEMPTS +OBJECT-KEY +RETRY-UNTIL +ERROR");
            assertThat(one.lines()).hasSize(2);
            assertThat(one.lines().get(1)).matches(files.get(0) + " +" + id + " +SUCCEEDED +\\S+ +1 +\\d+ +1 +\\S+_3\\.log +- +-");
            String cursor = api(server).get("/api/v1/dump-history?limit=1").json().get("next").asText();
            assertThat(one.ownErr()).isEqualTo("more files: --all lists every page, --cursor " + cursor + " the next one\n");
            assertThat(logdump(server, "history", "--limit", "1", "--cursor", cursor).lines().get(1)).startsWith(files.get(1) + " ");

            Run all = logdump(server, "history", "--limit", "1", "--all");
            assertThat(all.lines().stream().skip(1).map(l -> l.split(" +")[0])).as("newest first, every page").isEqualTo(files);
            assertThat(all.ownErr()).isEmpty();
            Run pages = logdump(server, "--json", "history", "--limit", "1", "--all");
            List<JsonNode> documents = new ArrayList<>();
            JSON.readerFor(JsonNode.class).readValues(pages.out()).forEachRemaining(d -> documents.add((JsonNode) d));
            assertThat(documents).as("each page as the server's JSON").hasSize(3);
            assertThat(documents.stream().map(d -> d.get("items").get(0).get("id").asText())).isEqualTo(files);
            assertThat(documents.get(2).get("next").isNull()).isTrue();
            assertThat(logdump(server, "history", "--status", "FAILED").lines()).as("a filter").hasSize(1);
            assertThat(logdump(server, "history", "--task", "dt-00000000").lines()).hasSize(1);

            Run taskFiles = logdump(server, "tasks", "files", id);
            assertThat(taskFiles.lines().get(0)).matches("ID +STATUS +CREATED +RECORDS +BYTES +ATTEMPTS +OBJECT-KEY +RETRY-UNTIL +ERROR");
            assertThat(taskFiles.lines().stream().skip(1).map(l -> l.split(" +")[0])).isEqualTo(files);
            assertThat(taskFiles.lines().get(2)).as("two records").matches(files.get(1) + " +SUCCEEDED +\\S+ +2 .*");
            Run taskJson = run("tasks", "files", id, "--json", "--server", server.server.url());
            assertThat(JSON.readTree(taskJson.out())).isEqualTo(api(server).get("/api/v1/dump-tasks/" + id + "/files").json());
            Run bad = logdump(server, "tasks", "files", id, "--from", "yesterday");
            assertThat(bad.status()).isEqualTo(1);
            assertThat(bad.ownErr().lines()).as("one line: " + bad).hasSize(1).first().asString()
                    .contains("from=yesterday").contains("ISO-8601");
        }
    }

    @Test
    void retryOfAFailedFilePrintsItsNewStatusAndExitsOneWhileItStillFails() throws Exception {
        try (TestServer server = TestServer.start(dir, CONFIG)) {
            Cli.login(server, dir.resolve("cli-config"));
            String id = runningTask(server.api);
            Path bucket = dir.resolve("buckets/archive");
            FileTrees.deleteRecursively(bucket);
            JsonNode failed = dump(server, id, "one\ntwo\n");
            String fileId = failed.get("id").asText();
            String until = failed.get("retryableUntil").asText();
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(logdump(server, "history", "--status", "FAILED").lines().get(1))
                    .matches(fileId + " +" + id + " +FAILED .* " + until + " +.*the bucket does not exist.*");

            Run stillDown = logdump(server, "files", "retry", id, fileId);
            assertThat(stillDown.status()).as(stillDown.toString()).isEqualTo(1);
            assertThat(stillDown.value("status")).isEqualTo("FAILED");
            assertThat(stillDown.value("attempts")).isEqualTo("2");
            assertThat(stillDown.value("retryableUntil")).isEqualTo(until);
            assertThat(stillDown.value("error")).contains("the bucket does not exist");
            assertThat(stillDown.ownErr()).isEqualTo("logdump: file " + fileId + " is FAILED after the retry; it can be retried until " + until + "\n");
            Run json = run("--json", "--server", server.server.url(), "files", "retry", id, fileId);
            assertThat(json.status()).isEqualTo(1);
            assertThat(JSON.readTree(json.out()).get("attempts").asInt()).isEqualTo(3);

            Files.createDirectories(bucket);
            Run ok = logdump(server, "files", "retry", id, fileId);
            assertThat(ok.status()).as(ok.toString()).isZero();
            assertThat(ok.lines()).containsExactly("id: " + fileId, "status: SUCCEEDED", "attempts: 4",
                    "objectKey: " + failed.get("objectKey").asText(), "retryableUntil: " + until, "error: -");
            assertThat(ok.ownErr()).isEmpty();

            Run again = logdump(server, "files", "retry", id, fileId);
            assertThat(again.status()).isEqualTo(1);
            assertThat(again.out()).isEmpty();
            assertThat(again.ownErr()).isEqualTo("logdump: file '" + fileId + "' is SUCCEEDED; only a FAILED file can be retried\n");
            assertThat(logdump(server, "files", "retry", id, "nope-1-0").status()).isEqualTo(1);
            assertThat(logdump(server, "files", "retry", id).status()).as("FILE_ID is required").isEqualTo(2);
            assertThat(logdump(server, "tasks", "operations", id).out()).contains("RETRIED", "file " + fileId + ": SUCCEEDED");
        }
    }

    @Test
    void retryAfterTheWindowClosedExitsOneWithTheServersReasonOnOneLine() throws Exception {
        try (TestServer server = TestServer.start(dir, CONFIG)) {
            Cli.login(server, dir.resolve("cli-config"));
            String id = runningTask(server.api);
            FileTrees.deleteRecursively(dir.resolve("buckets/archive"));
            JsonNode failed = dump(server, id, "late\n");
            String fileId = failed.get("id").asText();
            Instant until = Instant.parse(failed.get("retryableUntil").asText());
            Files.createDirectories(dir.resolve("buckets/archive"));
            server.clock.advance(Duration.between(server.clock.instant(), until));
            await("the file to expire", () -> fileStatus(server, id, fileId).equals("EXPIRED"));

            Run late = logdump(server, "files", "retry", id, fileId);

            assertThat(late.status()).isEqualTo(1);
            assertThat(late.out()).isEmpty();
            assertThat(late.ownErr()).isEqualTo("logdump: file '" + fileId + "' can no longer be retried: its retry window closed at "
                    + until + ", one hour after it failed, and its spool file was deleted\n");
            assertThat(logdump(server, "tasks", "files", id, "--status", "EXPIRED").lines().get(1))
                    .as("when the window closed").matches(fileId + " +EXPIRED .* " + until + " .*");
        }
    }

    @AfterEach
    void forgetCredentials() {
        Cli.forgetConfigFolder();
    }

    // --- helpers

    private static Run logdump(TestServer server, String... args) {
        return run(Stream.concat(Arrays.stream(args), Stream.of("--server", server.server.url())).toArray(String[]::new));
    }

    private static Api api(TestServer server) {
        return server.api;
    }

    private static String fileStatus(TestServer server, String taskId, String fileId) {
        for (JsonNode f : server.api.get("/api/v1/dump-tasks/" + taskId + "/files").json().get("items")) {
            if (f.get("id").asText().equals(fileId)) {
                return f.get("status").asText();
            }
        }
        return "";
    }

}
