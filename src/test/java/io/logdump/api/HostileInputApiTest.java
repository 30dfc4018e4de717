package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests built to hurt the server: each is answered quickly, with a per-line rejection or a
 * 4xx naming what is wrong, and never with a 500 or minutes of CPU. Lines may be 2 MiB here.
 */
class HostileInputApiTest {
    private static final Duration QUICKLY = Duration.ofSeconds(10);
    private static final int MIB = 1 << 20;

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "ingest: {maxLineBytes: 2097152, maxBodyMB: 16}\n");
        api = server.api;
        assertThat(api.post("/api/v1/logsets", j("{'name':'hostile','region':'local'}")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void logTimesFarOutsideTheRangeAreRejectedPerLineAndTheRequestAnswers200() {
        String url = subject("times-json", "{'parser':{'type':'json'},'time':{'field':'t','format':'epoch_millis'},'onParseError':'reject'}");
        String body = "{\"t\": 1e300}\n{\"t\": 99999999999999999999}\n{\"t\": -5e18}\n{\"t\": \"1e999999999\"}\n{\"t\": 1500208496789}\n";
        Response r = post(url, body, "application/x-ndjson");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asLong()).isEqualTo(1);
        assertThat(r.json().get("rejected").asLong()).isEqualTo(4);
        for (JsonNode error : r.json().get("errors")) {
            assertThat(error.get("reason").asText()).as(error.toString()).contains("outside the log time range");
        }

        String seconds = subject("times-regex", "{'parser':{'type':'regex','pattern':'(?<t>\\\\S+) (?<msg>.*)'},"
                + "'time':{'field':'t','format':'epoch_seconds'},'onParseError':'reject'}");
        Response s = post(seconds, "1e999999999 slow\n-1e999999999 slow\n1500208496 fine\n", "text/plain");
        assertThat(s.status()).as(s.toString()).isEqualTo(200);
        assertThat(s.json().get("rejected").asLong()).isEqualTo(2);

        String iso = subject("times-iso", "{'parser':{'type':'json'},'time':{'field':'t','format':'iso8601'},'onParseError':'reject'}");
        Response i = post(iso, "{\"t\":\"+999999999-01-01T00:00:00Z\"}\n{\"t\":\"-999999999-01-01T00:00:00Z\"}\n", "application/x-ndjson");
        assertThat(i.status()).as(i.toString()).isEqualTo(200);
        assertThat(i.json().get("rejected").asLong()).isEqualTo(2);
    }

    @Test
    void aNestedQuantifierCannotHoldAThreadOnIngestOrPreview() {
        String config = "'parser':{'type':'regex','pattern':'(?<x>(a+)+)$'},'onParseError':'reject'";
        String url = subject("redos", "{" + config + "}");
        String evil = "a".repeat(30) + "!";
        Response r = post(url, (evil + "\n").repeat(200), "text/plain");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rejected").asLong()).isEqualTo(200);
        Response preview = timed(() -> api.post(sibling(url, "collection/preview"), j("{" + config + ",'lines':['" + evil + "']}")));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("items").get(0).get("accepted").asBoolean()).isFalse();
    }

    @Test
    void patternsTheLinearTimeEngineCannotRunAreRefusedNamingTheField() {
        String url = sibling(subject("refused-patterns", null), "collection");
        for (String pattern : List.of("(?<a>\\\\w+) \\\\1", "(?<a>\\\\w+) \\\\k<a>", "(?=x)(?<a>.*)", "(?<a>.*)(?<!x)",
                "(?<a>a++)", "(?<a>((a{1000}){1000}){1000})", "(?<a>" + "(".repeat(5000) + "a" + ")".repeat(5000) + ")")) {
            Response r = timed(() -> api.put(url, j("{'parser':{'type':'regex','pattern':'" + pattern + "'}}")));
            assertThat(r.status()).as(pattern + " → " + r).isEqualTo(422);
            assertThat(r.errorFields()).as(pattern + " → " + r).containsExactly("parser.pattern");
        }
        Response backReference = api.put(url, j("{'parser':{'type':'regex','pattern':'(?<a>\\\\w+) \\\\1'}}"));
        assertThat(backReference.json().get("errors").get(0).get("message").asText()).contains("back-reference");
        Response lookAhead = api.put(url, j("{'parser':{'type':'regex','pattern':'(?=x)(?<a>.*)'}}"));
        assertThat(lookAhead.json().get("errors").get(0).get("message").asText()).contains("look-ahead");
        assertThat(api.get(url).status()).as("nothing was saved").isEqualTo(404);
    }

    @Test
    void aMebibyteLineOfDelimitersIsAnsweredQuickly() {
        String url = subject("delimiters", "{'parser':{'type':'delimiter','delimiter':',','fields':['a','b','rest']}}");
        Response r = post(url, ",".repeat(MIB) + "\n", "text/plain");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asLong()).isEqualTo(1);

        String many = sibling(subject("many-fields", null), "collection");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            names.add("'f" + i + "'");
        }
        Response tooMany = timed(() -> api.put(many, j("{'parser':{'type':'delimiter','delimiter':',','fields':[" + String.join(",", names) + "]}}")));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(422);
        assertThat(tooMany.errorFields()).containsExactly("parser.fields");
        Response longDelimiter = api.put(many, j("{'parser':{'type':'delimiter','delimiter':'" + "a".repeat(4096) + "b','fields':['x','y']}}"));
        assertThat(longDelimiter.status()).as(longDelimiter.toString()).isEqualTo(422);
        assertThat(longDelimiter.errorFields()).containsExactly("parser.delimiter");
    }

    @Test
    void deeplyNestedJsonIsRejectedWithoutBlowingTheStack() {
        String url = subject("nested", "{'parser':{'type':'json'},'onParseError':'reject'}");
        String deep = "[".repeat(MIB / 2) + "]".repeat(MIB / 2);
        String deepInObject = "{\"a\":" + deep + "}";
        Response r = post(url, deepInObject + "\n{\"ok\":1}\n", "application/x-ndjson");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asLong()).isEqualTo(1);
        assertThat(r.json().get("errors").get(0).get("reason").asText()).contains("nesting depth");

        Response array = post(url, "[" + deepInObject + "]", "application/json");
        assertThat(array.status()).as(array.toString()).isEqualTo(422);
        assertThat(array.errorFields()).containsExactly("body");

        Response preview = timed(() -> api.post(sibling(url, "collection/preview"),
                "{\"lines\":[\"{\\\"a\\\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}\"]}"));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("items").get(0).get("error").asText()).contains("nesting depth");
    }

    @Test
    void aJsonLineWithAHundredThousandKeysIsAnsweredQuickly() {
        String url = subject("wide", "{'parser':{'type':'json'},'onParseError':'reject'}");
        StringBuilder distinct = new StringBuilder("{");
        StringBuilder same = new StringBuilder("{");
        for (int i = 0; i < 100_000; i++) {
            distinct.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
            same.append(i == 0 ? "" : ",").append("\"k\":1");
        }
        Response r = post(url, distinct.append("}\n").append(same).append("}\n").toString(), "application/x-ndjson");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asLong() + r.json().get("rejected").asLong()).isEqualTo(2);
    }

    private static String subject(String name, String collection) {
        assertThat(api.post("/api/v1/logsets/hostile/subjects", j("{'name':'" + name + "'}")).status()).isEqualTo(201);
        if (collection != null) {
            Response put = api.put("/api/v1/logsets/hostile/subjects/" + name + "/collection", j(collection));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
        }
        return "/api/v1/logsets/hostile/subjects/" + name + "/logs";
    }

    /** {@code .../subjects/NAME/logs} → {@code .../subjects/NAME/<path>}. */
    private static String sibling(String logsUrl, String path) {
        return logsUrl.substring(0, logsUrl.length() - "logs".length()) + path;
    }

    private static Response post(String url, String body, String contentType) {
        return timed(() -> api.postBytes(url, body.getBytes(StandardCharsets.UTF_8), "Content-Type", contentType));
    }

    /**
     * Runs a hostile request within {@code QUICKLY}, and meanwhile a normal client on another
     * connection keeps being served: each of its requests answers 200 within a second.
     */
    private static Response timed(java.util.function.Supplier<Response> call) {
        return assertTimeoutPreemptively(QUICKLY, () -> {
            CompletableFuture<Response> hostile = CompletableFuture.supplyAsync(call);
            do {
                long start = System.nanoTime();
                Response normal = api.get("/api/v1/logsets/hostile");
                assertThat(normal.status()).as("a normal request meanwhile").isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a normal request meanwhile")
                        .isLessThan(Duration.ofSeconds(1));
                Thread.sleep(20);
            } while (!hostile.isDone());
            return hostile.join();
        });
    }
}
