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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests built to hurt the server: each is answered quickly, with a per-line rejection or a
 * 4xx naming what is wrong, and never with a 500 or minutes of CPU.
 */
class HostileInputApiTest {
    private static final Duration QUICKLY = Duration.ofSeconds(10);

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

    private static String subject(String name, String collection) {
        assertThat(api.post("/api/v1/logsets/hostile/subjects", j("{'name':'" + name + "'}")).status()).isEqualTo(201);
        if (collection != null) {
            Response put = api.put("/api/v1/logsets/hostile/subjects/" + name + "/collection", j(collection));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
        }
        return "/api/v1/logsets/hostile/subjects/" + name + "/logs";
    }

    private static Response post(String url, String body, String contentType) {
        return timed(() -> api.postBytes(url, body.getBytes(StandardCharsets.UTF_8), "Content-Type", contentType));
    }

    private static Response timed(java.util.function.Supplier<Response> call) {
        return assertTimeoutPreemptively(QUICKLY, call::get);
    }
}
