package io.logdump.testutil;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A running dump task of a raw subject {@code shop/app} into bucket {@code archive} of a
 * {@link TestServer}, and its files made one at a time by moving the server's fake clock: for
 * tests of the dump history and its retries (API and command line alike).
 */
public final class TaskFiles {
    private TaskFiles() {}

    /** Polls {@code condition} every 20 ms for at most 30 s. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Creates the bucket, log set, subject and a task dumping raw files every 60 s from the start; returns its id once RUNNING. */
    public static String runningTask(Api api) throws Exception {
        api.post("/api/v1/buckets", j("{'name':'archive','region':'local'}"));
        api.post("/api/v1/logsets", j("{'name':'shop','region':'local'}"));
        api.post("/api/v1/logsets/shop/subjects", j("{'name':'app'}"));
        api.put("/api/v1/logsets/shop/subjects/app/collection", j("{'parser':{'type':'raw'}}"));
        Api.Response task = api.post("/api/v1/dump-tasks", j("{'name':'t','logset':'shop','subject':'app','bucket':'archive',"
                + "'format':{'type':'raw'},'intervalSeconds':60,'startDelaySeconds':0,'startFrom':'earliest','partitionFormat':''}"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = task.json().get("id").asText();
        await("the task to run", () -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));
        return id;
    }

    /** Ingests {@code lines} and lets the fake clock close the batch; returns the newest file once it is no longer UPLOADING. */
    public static JsonNode dump(TestServer server, String id, String lines) throws Exception {
        Api api = server.api;
        long before = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").size();
        api.postBytes("/api/v1/logsets/shop/subjects/app/logs", lines.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        await("the batch to open", () -> !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(Duration.ofSeconds(61));
        await("the file to be settled", () -> {
            JsonNode items = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items");
            return items.size() > before && !items.get(0).get("status").asText().equals("UPLOADING");
        });
        return api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0);
    }
}
