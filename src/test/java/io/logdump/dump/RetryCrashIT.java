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
import io.logdump.testutil.ServerProcess;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server is killed (SIGKILL) while a manual retry of a FAILED file is uploading; after a
 * restart the file is FAILED and retryable again, and the next retry puts exactly one whole object
 * under the file's key.
 */
class RetryCrashIT {
    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static JsonNode onlyFile(Api api, String taskId) {
        JsonNode items = api.get("/api/v1/dump-tasks/" + taskId + "/files").json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    @Test
    void aRetryInterruptedByAKillLeavesTheFileRetryableAndTheNextRetryUploadsItOnce() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer(); FaultProxy proxy = new FaultProxy(URI.create(s3.endpoint()).getPort());
             S3ObjectStorage direct = new S3ObjectStorage(new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1",
                     S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))) {
            Path config = Files.writeString(dir.resolve("logdump.yaml"), "dump:\n  limits: {minIntervalSeconds: 1}\n"
                    + "  uploads: {attempts: 2, firstDelayMs: 10, maxDelayMs: 10}\n"
                    + "regions:\n" + proxy.regionYaml("faulty"));
            String taskId;
            String fileId;
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                body.append("record ").append(i).append('\n');
            }
            ServerProcess first = ServerProcess.start(dir, "--config", config.toString());
            try {
                Api api = first.api;
                assertThat(api.post("/api/v1/buckets", j("{'name':'crash','region':'faulty'}")).status()).isEqualTo(201);
                api.post("/api/v1/logsets", j("{'name':'c','region':'faulty'}"));
                api.post("/api/v1/logsets/c/subjects", j("{'name':'app'}"));
                api.put("/api/v1/logsets/c/subjects/app/collection", j("{'parser':{'type':'raw'}}"));
                Response task = api.post("/api/v1/dump-tasks", j("{'name':'t','logset':'c','subject':'app','bucket':'crash',"
                        + "'format':{'type':'raw'},'intervalSeconds':1,'startDelaySeconds':0,'startFrom':'earliest','partitionFormat':''}"));
                assertThat(task.status()).as(task.toString()).isEqualTo(201);
                taskId = task.json().get("id").asText();
                proxy.answer(503, -1);
                api.postBytes("/api/v1/logsets/c/subjects/app/logs", body.toString().getBytes(StandardCharsets.UTF_8),
                        "Content-Type", "text/plain");
                String id = taskId;
                await("the file to fail", () -> onlyFile(api, id) != null && onlyFile(api, id).get("status").asText().equals("FAILED"));
                fileId = onlyFile(api, taskId).get("id").asText();

                proxy.stall();
                String retry = "/api/v1/dump-tasks/" + taskId + "/files/" + fileId + "/retry";
                Thread caller = new Thread(() -> {
                    try {
                        api.post(retry, "");
                    } catch (RuntimeException killed) {
                        // the server dies under the request
                    }
                }, "retry-caller");
                caller.setDaemon(true);
                caller.start();
                await("the retry's upload to reach the store", () -> proxy.faulted.get() > 0);
                assertThat(onlyFile(api, taskId).get("status").asText()).as("a retry in progress").isEqualTo("UPLOADING");
                first.kill();
            } finally {
                first.kill();
            }
            proxy.pass();
            ObjectStore bucket = direct.bucket("crash");
            assertThat(bucket.list("")).as("the interrupted upload left no object").isEmpty();

            try (ServerProcess second = ServerProcess.start(dir, "--config", config.toString())) {
                Api api = second.api;
                JsonNode after = onlyFile(api, taskId);
                assertThat(after.get("status").asText()).as("retryable again after the restart").isEqualTo("FAILED");
                assertThat(after.get("error").asText()).contains("interrupted");
                Response ok = api.post("/api/v1/dump-tasks/" + taskId + "/files/" + fileId + "/retry", "");
                assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
                assertThat(ok.json().get("status").asText()).isEqualTo("SUCCEEDED");

                String key = after.get("objectKey").asText();
                assertThat(bucket.list("")).containsExactly(key);
                byte[] object;
                try (InputStream in = bucket.get(key)) {
                    object = in.readAllBytes();
                }
                assertThat(new String(object, StandardCharsets.UTF_8)).isEqualTo(body.toString());
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
                        .isEqualTo(after.get("sha256").asText());
                List<String> retried = StreamSupport.stream(api.get("/api/v1/dump-tasks/" + taskId + "/operations").json().spliterator(), false)
                        .filter(o -> o.get("operation").asText().equals("RETRIED")).map(o -> o.get("detail").asText()).toList();
                assertThat(retried).as("the killed retry never finished, so only the second is logged")
                        .containsExactly("file " + fileId + ": SUCCEEDED");
                assertThat(api.get("/api/v1/dump-tasks/" + taskId).json().get("counters").get("files").asLong()).isEqualTo(1);
            }
        }
    }
}
