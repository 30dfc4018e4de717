package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regions, buckets, log sets, subjects and collection configurations through the HTTP API of a real server. */
class CatalogApiTest {
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
    void listsTheEmbeddedLocalRegion() {
        Response r = api.get("/api/v1/regions");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().toString()).isEqualTo(j("[{'name':'local','objectStore':'local'}]"));
    }

    @Test
    void healthAnswersUpAndMetricsArePrometheusText() {
        assertThat(api.get("/health").json().get("status").asText()).isEqualTo("UP");
        Response metrics = api.get("/metrics");
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text()).contains("jvm_memory_used_bytes");
    }

    @Test
    void createsABucketAsAFolderAndListsIt() {
        Response created = api.post("/api/v1/buckets", j("{'name':'logs-archive','region':'local'}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(Files.isDirectory(dir.resolve("buckets/logs-archive"))).isTrue();
        Response list = api.get("/api/v1/buckets?region=local");
        assertThat(list.json().findValuesAsText("name")).contains("logs-archive");
        assertThat(list.json().get(0).get("region").asText()).isEqualTo("local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Upper", "under_score", "-dash", "dash-", "a..b", "192.168.1.1", "xn--abc",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesBucketNamesThatBreakTheS3Rules(String name) {
        Response r = api.post("/api/v1/buckets", j("{'name':'" + name + "','region':'local'}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.errorFields()).containsExactly("name");
        assertThat(Files.exists(dir.resolve("buckets").resolve(name))).isFalse();
    }

    @Test
    void refusesABucketInAnUnknownRegion() {
        Response r = api.post("/api/v1/buckets", j("{'name':'good-name','region':'mars'}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorFields()).containsExactly("region");
        assertThat(api.get("/api/v1/buckets?region=mars").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/buckets").status()).isEqualTo(400);
    }

    @Test
    void logSetLifecycleWithSubjectsAndDeleteRules() {
        assertThat(api.post("/api/v1/logsets", j("{'name':'shop','region':'local','description':'web shop'}")).status()).isEqualTo(201);
        Response dup = api.post("/api/v1/logsets", j("{'name':'shop','region':'local'}"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.errorFields()).containsExactly("name");
        assertThat(api.get("/api/v1/logsets/shop").json().get("description").asText()).isEqualTo("web shop");
        assertThat(api.get("/api/v1/logsets").json().findValuesAsText("name")).contains("shop");

        Response subject = api.post("/api/v1/logsets/shop/subjects", j("{'name':'nginx'}"));
        assertThat(subject.status()).as(subject.toString()).isEqualTo(201);
        assertThat(subject.json().get("retentionHours").asInt()).isEqualTo(72);
        assertThat(subject.json().get("stats").get("records").asLong()).isZero();
        assertThat(api.get("/api/v1/logsets/shop/subjects").json().findValuesAsText("name")).containsExactly("nginx");
        assertThat(api.get("/api/v1/logsets/shop/subjects/nginx").json().get("logset").asText()).isEqualTo("shop");

        Response busy = api.delete("/api/v1/logsets/shop");
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.detail()).contains("still has log subjects");
        assertThat(api.delete("/api/v1/logsets/shop/subjects/nginx").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/logsets/shop/subjects/nginx").status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/logsets/shop").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/logsets/shop").status()).isEqualTo(404);
    }

    @Test
    void refusesBadLogSetsAndSubjectsNamingEveryField() {
        Response r = api.post("/api/v1/logsets", j("{'name':'a b','region':'nowhere','colour':'red'}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("name", "region", "colour");
        api.post("/api/v1/logsets", j("{'name':'ls-subjects','region':'local'}"));
        Response s = api.post("/api/v1/logsets/ls-subjects/subjects", j("{'name':'ok','retentionHours':0}"));
        assertThat(s.status()).isEqualTo(422);
        assertThat(s.errorFields()).containsExactly("retentionHours");
        assertThat(api.post("/api/v1/logsets/missing/subjects", j("{'name':'x'}")).status()).isEqualTo(404);
    }

    @Test
    void malformedJsonIsA400ProblemWithoutStackTrace() {
        Response r = api.post("/api/v1/logsets", "{\"name\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).isNotBlank();
        assertThat(r.json().get("title").asText()).isNotBlank();
        assertThat(r.detail()).contains("not valid JSON");
        assertThat(r.text()).doesNotContain("at io.").doesNotContain("Exception");
        assertThat(api.post("/api/v1/logsets", "[1,2]").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/logsets", "").status()).isEqualTo(400);
    }

    @Test
    void unknownEndpointIsA404Problem() {
        Response r = api.get("/api/v1/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.detail()).contains("/api/v1/nothing-here");
    }

    @Test
    void savesEachParserTypeAndReadsItBack() {
        subject("parsers", "p");
        String base = "/api/v1/logsets/parsers/subjects/p/collection";
        assertThat(api.get(base).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/logsets/parsers/subjects/p").json().get("hasCollection").asBoolean()).isFalse();
        for (String body : new String[] {
                "{'parser':{'type':'raw'}}",
                "{'parser':{'type':'json'},'time':{'field':'ts','format':'epoch_millis'}}",
                "{'parser':{'type':'regex','pattern':'(?<time>\\\\S+ \\\\S+) (?<log_level>\\\\w+) (?<msg>.*)'},"
                        + "'time':{'field':'time','format':'yyyy-MM-dd HH:mm:ss','timeZone':'Asia/Shanghai'},'onParseError':'reject'}",
                "{'parser':{'type':'delimiter','delimiter':'|','fields':['a','b','c']}}"}) {
            Response put = api.put(base, j(body));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            assertThat(api.get(base).json()).isEqualTo(put.json());
        }
        assertThat(api.get("/api/v1/logsets/parsers/subjects/p").json().get("hasCollection").asBoolean()).isTrue();
    }

    @Test
    void refusesInvalidCollectionConfigurationsNamingTheField() {
        subject("bad-parsers", "p");
        String base = "/api/v1/logsets/bad-parsers/subjects/p/collection";
        expect422(base, "{'parser':{'type':'xml'}}", "parser.type");
        expect422(base, "{}", "parser");
        expect422(base, "{'parser':{'type':'regex','pattern':'(unclosed'}}", "parser.pattern");
        expect422(base, "{'parser':{'type':'regex','pattern':'(\\\\w+) (.*)'}}", "parser.pattern");
        expect422(base, "{'parser':{'type':'delimiter','delimiter':'','fields':['a']}}", "parser.delimiter");
        expect422(base, "{'parser':{'type':'delimiter','delimiter':',','fields':[]}}", "parser.fields");
        expect422(base, "{'parser':{'type':'delimiter','delimiter':',','fields':['a','']}}", "parser.fields[1]");
        expect422(base, "{'parser':{'type':'json'},'time':{'field':'t','format':'yyyy-MM-dd qqqq HH:mm:ss bb'}}", "time.format");
        expect422(base, "{'parser':{'type':'json'},'time':{'field':'t','format':'HH:mm:ss'}}", "time.format");
        expect422(base, "{'parser':{'type':'json'},'time':{'field':'t','format':'yyyy-MM-dd pHm'}}", "time.format");
        expect422(base, "{'parser':{'type':'json'},'time':{'field':'t','format':'MMM d YYYYYYYYYYYYYY'}}", "time.format");
        expect422(base, "{'parser':{'type':'json'},'time':{'field':'t','format':'iso8601','timeZone':'Mars/Base'}}", "time.timeZone");
        expect422(base, "{'parser':{'type':'regex','pattern':'(?<a>.*)'},'time':{'field':'b','format':'iso8601'}}", "time.field");
        expect422(base, "{'parser':{'type':'raw'},'onParseError':'ignore'}", "onParseError");
        assertThat(api.get(base).status()).as("nothing was saved").isEqualTo(404);
    }

    @Test
    void refusesTextWithAnUnpairedSurrogateThatWouldBeStoredAsAnotherText() {
        subject("surrogates", "p");
        String base = "/api/v1/logsets/surrogates/subjects/p/collection";
        expect422(base, "{'parser':{'type':'delimiter','delimiter':'\\ud800','fields':['a','b']}}", "parser.delimiter");
        expect422(base, "{'parser':{'type':'delimiter','delimiter':',','fields':['a','\\udc00b']}}", "parser.fields[1]");
        expect422(base, "{'parser':{'type':'regex','pattern':'(?<a>x\\ud83d)'}}", "parser.pattern");
        assertThat(api.get(base).status()).as("nothing was saved").isEqualTo(404);
        Response logSet = api.post("/api/v1/logsets", j("{'name':'s2','region':'local','description':'a \\udc00 b'}"));
        assertThat(logSet.status()).as(logSet.toString()).isEqualTo(422);
        assertThat(logSet.errorFields()).containsExactly("description");
        assertThat(logSet.json().get("errors").get(0).get("message").asText()).contains("unpaired surrogate U+DC00");
        assertThat(api.put(base, j("{'parser':{'type':'delimiter','delimiter':'\\ud83d\\ude00','fields':['a','b']}}")).status())
                .as("a pair is one character, as UTF-8 can hold it").isEqualTo(200);
    }

    @Test
    void previewParsesSampleLinesWithoutStoringThem() {
        subject("preview", "apache");
        String url = "/api/v1/logsets/preview/subjects/apache/collection/preview";
        String config = "'parser':{'type':'regex','pattern':'\\\\[(?<time>[^\\\\]]+)\\\\] \\\\[(?<level>\\\\w+)\\\\] (?<message>.*)'},"
                + "'time':{'field':'time','format':'EEE MMM dd HH:mm:ss yyyy'},'onParseError':'reject'";
        Response r = api.post(url, j("{" + config + ",'lines':["
                + "'[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',"
                + "'not an apache line']}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        var first = r.json().get("items").get(0);
        assertThat(first.get("accepted").asBoolean()).isTrue();
        assertThat(first.get("time").asText()).isEqualTo("2005-12-04T04:47:44Z");
        assertThat(first.get("fields").get("level").asText()).isEqualTo("notice");
        assertThat(first.get("fields").get("message").asText()).startsWith("workerEnv.init() ok");
        var second = r.json().get("items").get(1);
        assertThat(second.get("accepted").asBoolean()).isFalse();
        assertThat(second.get("error").asText()).contains("does not match");
        assertThat(api.get("/api/v1/logsets/preview/subjects/apache/collection").status())
                .as("a preview stores nothing").isEqualTo(404);

        Response noConfig = api.post(url, j("{'lines':['x']}"));
        assertThat(noConfig.status()).as("without a saved configuration there is nothing to preview with").isEqualTo(404);
        api.put("/api/v1/logsets/preview/subjects/apache/collection", j("{'parser':{'type':'delimiter','delimiter':' ','fields':['a','rest']}}"));
        Response saved = api.post(url, j("{'lines':['one two three']}"));
        assertThat(saved.json().get("items").get(0).get("fields").get("rest").asText()).isEqualTo("two three");
        assertThat(api.post(url, j("{'parser':{'type':'raw'}}")).errorFields()).containsExactly("lines");
    }

    private void expect422(String url, String body, String field) {
        Response r = api.put(url, j(body));
        assertThat(r.status()).as(body + " → " + r).isEqualTo(422);
        assertThat(r.errorFields()).as(body + " → " + r).contains(field);
    }

    private void subject(String logset, String subject) {
        assertThat(api.post("/api/v1/logsets", j("{'name':'" + logset + "','region':'local'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets/" + logset + "/subjects", j("{'name':'" + subject + "'}")).status()).isEqualTo(201);
    }
}
