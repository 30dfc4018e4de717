package io.logdump.testutil;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/** What the tests of the shipper protocols share: subjects, tokens, records read back, hostile requests timed. */
public final class Shippers {
    /** The collection configuration that keeps a shipper's time as the log time. */
    public static final String JSON_WITH_TIME = "{'parser':{'type':'json'},'time':{'field':'time','format':'iso8601'}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Shippers() {}

    /** Creates log set {@code logset} (if new) and subject {@code subject} with a collection configuration (null: none). */
    public static void subject(Api api, String logset, String subject, String collection) {
        api.post("/api/v1/logsets", j("{'name':'" + logset + "','region':'local'}"));
        Api.Response created = api.post("/api/v1/logsets/" + logset + "/subjects", j("{'name':'" + subject + "'}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        if (collection != null) {
            Api.Response put = api.put("/api/v1/logsets/" + logset + "/subjects/" + subject + "/collection", j(collection));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
        }
    }

    /** A new token of {@code role} (ingest: scoped to {@code subjects}, none meaning all). */
    public static String token(Api api, String name, String role, String... subjects) {
        StringBuilder scope = new StringBuilder();
        for (String s : subjects) {
            scope.append(scope.isEmpty() ? "" : ",").append("'").append(s).append("'");
        }
        Api.Response r = api.post("/api/v1/tokens", j("{'name':'" + name + "','role':'" + role + "'"
                + (subjects.length > 0 ? ",'subjects':[" + scope + "]" : "") + "}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    /** Every record of a subject, oldest first, each {@code {offset, time, receiveTime, source, raw, fields}}. */
    public static List<JsonNode> records(Api api, String logset, String subject) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/api/v1/logsets/" + logset + "/subjects/" + subject + "/logs?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(out::add);
            cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
        } while (cursor != null);
        return out;
    }

    /** A record's stored line, as JSON. */
    public static JsonNode raw(JsonNode record) {
        try {
            return JSON.readTree(record.get("raw").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Runs a hostile request within 10 s while a normal client on another connection keeps being
     * served: each of its requests ({@code normal}) answers 200 within a second.
     */
    public static <T> T whileANormalClientIsServed(Api api, String normalPath, Supplier<T> hostile) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            CompletableFuture<T> call = CompletableFuture.supplyAsync(hostile);
            do {
                long start = System.nanoTime();
                Api.Response normal = api.get(normalPath);
                assertThat(normal.status()).as("a normal request meanwhile: " + normal).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a normal request meanwhile").isLessThan(Duration.ofSeconds(1));
                Thread.sleep(20);
            } while (!call.isDone());
            return call.join();
        });
    }
}
