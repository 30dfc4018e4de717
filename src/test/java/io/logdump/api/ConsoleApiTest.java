package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

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

/** What the web console needs from the server: its files, the server's time, key examples, the throughput. */
class ConsoleApiTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        api = server.api;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesTheConsoleAtTheRoot() {
        Response page = api.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("<script type=\"module\" src=\"/js/app.js\">");
        Response script = api.get("/js/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(api.get("/api/v1/no-such-thing").contentType()).startsWith("application/problem+json");
    }

    @Test
    void tellsTheServersTime() {
        assertThat(api.get("/api/v1/time").json().get("now").asText()).isEqualTo(server.clock.instant().toString());
    }

    @Test
    void theKeyExampleIsTheKeyADumpFileGetsForARecordLoggedNow() {
        Response r = api.post("/api/v1/dump-tasks/key-example?logset=shop&subject=nginx",
                j("{'partitionFormat':'dt=%Y-%m-%d/hour=%H/','timeZone':'+08:00','format':{'type':'csv','columns':['level']},"
                        + "'compression':'zstd'}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("prefix").asText()).as("the default prefix").isEqualTo("shop/nginx/");
        assertThat(r.json().get("partition").asText()).isEqualTo("dt=2026-11-26/hour=16/");
        assertThat(r.json().get("objectKey").asText()).isEqualTo("shop/nginx/dt=2026-11-26/hour=16/{taskId}_1.csv.zst");

        Response flat = api.post("/api/v1/dump-tasks/key-example", j("{'prefix':'logs','partitionFormat':'%Y/%m/%d'}"));
        assertThat(flat.json().get("objectKey").asText()).isEqualTo("logs/2026/11/26_{taskId}_1.json");
    }

    @Test
    void aBrokenSettingInTheKeyExampleIsA422NamingItsField() {
        Response r = api.post("/api/v1/dump-tasks/key-example?logset=shop&subject=nginx",
                j("{'prefix':'/x','partitionFormat':'%Y/%Q','timeZone':'Mars/Olympus'}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("prefix", "partitionFormat", "timeZone");
    }

    @Test
    void theThroughputCountsRecordsIngestedSinceTheLastSample() {
        api.post("/api/v1/logsets", j("{'name':'tp','region':'local'}"));
        api.post("/api/v1/logsets/tp/subjects", j("{'name':'app'}"));
        api.put("/api/v1/logsets/tp/subjects/app/collection", j("{'parser':{'type':'raw'}}"));
        JsonNode before = last(api.get("/api/v1/overview/throughput").json().get("points"));
        server.clock.advance(Duration.ofSeconds(5));
        api.postBytes("/api/v1/logsets/tp/subjects/app/logs", "a\nb\nc\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");

        JsonNode after = last(api.get("/api/v1/overview/throughput").json().get("points"));

        assertThat(after.get("ingestedRecords").asLong()).isEqualTo(before.get("ingestedRecords").asLong() + 3);
        assertThat(after.get("to").asText()).isEqualTo(server.clock.instant().toString());
        assertThat(after.get("dumpedRecords").asLong()).isZero();
    }

    private static JsonNode last(JsonNode points) {
        assertThat(points.size()).as("the sample taken at start and the minute so far").isPositive();
        return points.get(points.size() - 1);
    }
}
