package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TaskFiles;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Elasticsearch bulk endpoints with the requests of the shippers that use them: Fluent Bit's
 * {@code es} output (Basic with a token as the password, {@code create} actions with
 * {@code @timestamp}), Vector's {@code elasticsearch} sink (health check, then gzip bulks of
 * {@code index} actions), and the product check of the official clients.
 */
class ElasticBulkApiTest {
    private static final String ES_TIME = "{'parser':{'type':'json'},'time':{'field':'@timestamp','format':'iso8601'},'onParseError':'reject'}";

    @TempDir
    static Path dir;
    static TestServer server;
    static Api admin;
    static Api shipper;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "ingest: {maxBodyMB: 2}\n");
        admin = server.api;
        Shippers.subject(admin, "shop", "app", ES_TIME);
        Shippers.subject(admin, "shop", "web", ES_TIME);
        Shippers.subject(admin, "shop", "raw", "{'parser':{'type':'raw'}}");
        shipper = admin.anonymous().withAuthorization(basic("fluent-bit", Shippers.token(admin, "shipper", "ingest", "shop/app", "shop/raw")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void fluentBitsBulkRequestsLandInTheSubjectTheIndexNamesWithTheirTime() {
        String body = """
                {"create":{"_index":"shop.app"}}
                {"@timestamp":"2026-11-29T07:00:00.123Z","log":"GET /cart 200","stream":"stdout"}
                {"create":{"_index":"shop.app"}}
                {"@timestamp":"2026-11-29T07:00:01.456Z","log":"GET /pay 502","stream":"stderr"}
                """;
        Response r = bulk(shipper, "/_bulk", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        assertThat(r.json().get("errors").asBoolean()).isFalse();
        assertThat(r.json().get("items")).hasSize(2);
        assertThat(r.json().get("items").get(0).get("create").get("status").asInt()).isEqualTo(201);
        List<JsonNode> stored = Shippers.records(admin, "shop", "app");
        assertThat(stored).extracting(s -> s.get("time").asText()).contains("2026-11-29T07:00:00.123Z", "2026-11-29T07:00:01.456Z");
        JsonNode pay = stored.stream().filter(s -> s.get("raw").asText().contains("/pay")).findFirst().orElseThrow();
        assertThat(Shippers.raw(pay).get("stream").asText()).isEqualTo("stderr");
        assertThat(pay.get("source").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void vectorsHealthCheckAndGzipBulkOfIndexActions() {
        Response health = shipper.get("/_cluster/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("green");
        assertThat(health.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        String body = "{\"index\":{\"_index\":\"shop.raw\"}}\n{\"timestamp\":\"2026-11-29T07:00:02Z\",\"message\":\"from vector\"}\n";
        Response r = shipper.send("POST", "/_bulk", Shippers.gzip(body.getBytes(StandardCharsets.UTF_8)),
                "Content-Type", "application/x-ndjson", "Content-Encoding", "gzip");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("items").get(0).get("index").get("status").asInt()).isEqualTo(201);
        assertThat(Shippers.records(admin, "shop", "raw")).extracting(s -> s.get("raw").asText())
                .contains("{\"timestamp\":\"2026-11-29T07:00:02Z\",\"message\":\"from vector\"}");
    }

    @Test
    void theVersionForAnElasticsearchClientAndTheConsoleForABrowser() {
        Response version = admin.anonymous().send("GET", "/", new byte[0], "Accept", "application/vnd.elasticsearch+json; compatible-with=8");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.json().get("version").get("number").asText()).startsWith("8.");
        assertThat(version.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        Response ping = admin.anonymous().send("HEAD", "/", new byte[0]);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        Response console = admin.anonymous().send("GET", "/", new byte[0], "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(console.contentType()).startsWith("text/html");
        assertThat(admin.anonymous().get("/").contentType()).as("no Accept: the console").startsWith("text/html");
    }

    @Test
    void setUpCallsAreAnsweredAndNothingIsKept() {
        assertThat(shipper.get("/_license").json().get("license").get("status").asText()).isEqualTo("active");
        assertThat(shipper.get("/_xpack").status()).isEqualTo(200);
        Response template = shipper.get("/_index_template/logs");
        assertThat(template.status()).isEqualTo(404);
        assertThat(template.json().get("error").get("type").asText()).isEqualTo("resource_not_found_exception");
        assertThat(shipper.send("HEAD", "/_index_template/logs", new byte[0]).status()).isEqualTo(404);
        Response put = shipper.send("PUT", "/_index_template/logs", "{\"index_patterns\":[\"x\"]}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(put.json().get("acknowledged").asBoolean()).isTrue();
        assertThat(shipper.send("PUT", "/_ilm/policy/p", "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json").status())
                .isEqualTo(200);
        assertThat(shipper.get("/_ilm/policy/p").status()).isEqualTo(404);
    }

    @Test
    void refusalsComeInElasticsearchsShapeWithTheProductHeader() {
        Response anonymous = admin.anonymous().get("/_cluster/health");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Basic"));
        assertThat(anonymous.json().get("error").get("type").asText()).isEqualTo("security_exception");
        assertThat(anonymous.json().get("status").asInt()).isEqualTo(401);

        Response elsewhere = bulk(shipper, "/shop.web/_bulk", "{\"index\":{}}\n{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(elsewhere.status()).as("the path names a subject the token may not send to").isEqualTo(403);
        assertThat(elsewhere.json().get("error").get("reason").asText()).contains("shop/web");

        Response mixed = bulk(shipper, "/_bulk", ("{\"index\":{\"_index\":\"shop.web\"}}\n{\"@timestamp\":\"2026-11-29T07:00:00Z\"}\n"
                + "{\"index\":{\"_index\":\"shop.app\"}}\n{\"@timestamp\":\"2026-11-29T07:00:00Z\",\"n\":\"mixed\"}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(mixed.status()).isEqualTo(200);
        assertThat(mixed.json().get("errors").asBoolean()).isTrue();
        assertThat(mixed.json().get("items").get(0).get("index").get("status").asInt()).isEqualTo(403);
        assertThat(mixed.json().get("items").get(1).get("index").get("status").asInt()).isEqualTo(201);

        String viewer = Shippers.token(admin, "viewer", "viewer");
        assertThat(bulk(admin.anonymous().withToken(viewer), "/_bulk", "{\"index\":{\"_index\":\"shop.app\"}}\n{}\n"
                .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);

        Response rejected = bulk(shipper, "/_bulk", "{\"index\":{\"_index\":\"shop.app\"}}\n{\"no\":\"time\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.json().get("items").get(0).get("index").get("status").asInt()).isEqualTo(400);
        assertThat(rejected.json().get("items").get(0).get("index").get("error").get("reason").asText()).contains("@timestamp");

        Response unknownSubject = bulk(admin, "/_bulk", "{\"index\":{\"_index\":\"shop.nothing\"}}\n{}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(unknownSubject.json().get("items").get(0).get("index").get("status").asInt()).isEqualTo(404);
    }

    @Test
    void hostileBodiesAreAnsweredQuicklyWhileANormalClientIsServed() {
        String normal = "/_cluster/health";
        Response tiny = Shippers.whileANormalClientIsServed(shipper, normal, () -> bulk(shipper, "/_bulk", "0123456789".getBytes(StandardCharsets.UTF_8)));
        assertThat(tiny.status()).as(tiny.toString()).isEqualTo(400);
        assertThat(tiny.json().get("error").get("reason").asText()).contains("line [1]");

        byte[] malformed = ("{\"index\":{\"_index\":\"shop.app\"}}\n" + "{\"a\":".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8);
        Response deep = Shippers.whileANormalClientIsServed(shipper, normal, () -> bulk(shipper, "/_bulk", malformed));
        assertThat(deep.status()).as(deep.toString()).isEqualTo(200);
        assertThat(deep.json().get("items").get(0).get("index").get("status").asInt()).as("the subject's JSON parser refuses it").isEqualTo(400);

        byte[] garbage = new byte[300_000];
        new java.util.Random(7).nextBytes(garbage);
        Response random = Shippers.whileANormalClientIsServed(shipper, normal, () -> bulk(shipper, "/_bulk", garbage));
        assertThat(random.status()).as(random.toString()).isEqualTo(400);
        assertThat(random.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");

        byte[] oversized = "{\"delete\":{}}\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        Response tooLarge = Shippers.whileANormalClientIsServed(shipper, normal, () -> bulk(shipper, "/_bulk", oversized));
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").get("type").asText()).isEqualTo("content_too_long_exception");
    }

    @Test
    void recordsTakenFromBulkRequestsAreDumpedLikeAnyOther() throws Exception {
        Shippers.subject(admin, "dumped", "es", ES_TIME);
        admin.post("/api/v1/buckets", j("{'name':'es-archive','region':'local'}"));
        Response task = admin.post("/api/v1/dump-tasks", j("{'name':'es','logset':'dumped','subject':'es','bucket':'es-archive',"
                + "'format':{'type':'json'},'intervalSeconds':60,'startDelaySeconds':0,'startFrom':'earliest','partitionFormat':''}"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = task.json().get("id").asText();
        TaskFiles.await("the task to run", () -> admin.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));
        Response r = bulk(admin, "/dumped.es/_bulk", "{\"create\":{}}\n{\"@timestamp\":\"2026-11-26T07:59:00Z\",\"log\":\"dump me\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.json().get("errors").asBoolean()).as(r.toString()).isFalse();
        TaskFiles.await("the batch to open", () -> !admin.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(Duration.ofSeconds(61));
        TaskFiles.await("the file", () -> admin.get("/api/v1/dump-tasks/" + id + "/files?status=SUCCEEDED").json().get("items").size() == 1);
        try (Stream<Path> files = Files.walk(dir.resolve("buckets/es-archive"))) {
            Path file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            assertThat(Files.readString(file)).contains("dump me").contains("2026-11-26T07:59:00");
        }
    }

    private static Response bulk(Api api, String path, byte[] body) {
        return api.send("POST", path, body, "Content-Type", "application/x-ndjson");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
