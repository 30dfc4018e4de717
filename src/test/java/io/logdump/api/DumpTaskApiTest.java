package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of a dump task, through the HTTP API of a real server with two local regions. */
class DumpTaskApiTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, """
                regions:
                  - name: local
                    objectStore: {type: local}
                  - name: other
                    objectStore: {type: local}
                """);
        api = server.api;
        ok(api.post("/api/v1/buckets", j("{'name':'bk1','region':'local'}")));
        ok(api.post("/api/v1/buckets", j("{'name':'far-away','region':'other'}")));
        ok(api.post("/api/v1/logsets", j("{'name':'servicecode','region':'local'}")));
        ok(api.post("/api/v1/logsets/servicecode/subjects", j("{'name':'test-log'}")));
        ok(api.post("/api/v1/logsets/servicecode/subjects", j("{'name':'second'}")));
        ok(api.post("/api/v1/logsets/servicecode/subjects", j("{'name':'bare'}")));
        ok(api.put("/api/v1/logsets/servicecode/subjects/test-log/collection", j("{'parser':{'type':'raw'}}")));
        ok(api.put("/api/v1/logsets/servicecode/subjects/second/collection", j("{'parser':{'type':'json'}}")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsATaskWithTheDocumentedDefaults() {
        Response r = create("{'name':'defaults'}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode t = r.json();
        assertThat(t.get("id").asText()).matches("dt-[a-z0-9]{8}");
        assertThat(t.get("prefix").asText()).isEqualTo("servicecode/test-log/");
        assertThat(t.get("partitionFormat").asText()).isEqualTo("%Y/%m/%d");
        assertThat(t.get("timeZone").asText()).isEqualTo("UTC");
        assertThat(t.get("maxFileSizeMB").asInt()).isEqualTo(100);
        assertThat(t.get("intervalSeconds").asInt()).isEqualTo(300);
        assertThat(t.get("format").toString()).isEqualTo(j("{'type':'json'}"));
        assertThat(t.get("compression").asText()).isEqualTo("none");
        assertThat(t.get("startDelaySeconds").asInt()).isEqualTo(900);
        assertThat(t.get("startFrom").asText()).isEqualTo("now");
        assertThat(t.get("status").asText()).isEqualTo("WAITING");
        assertThat(Instant.parse(t.get("startsAt").asText()))
                .isEqualTo(Instant.parse(t.get("createdAt").asText()).plusSeconds(900));
        assertThat(t.get("counters").get("files").asLong()).isZero();
        assertThat(api.get("/api/v1/dump-tasks/" + t.get("id").asText()).json()).isEqualTo(t);
    }

    @Test
    void acceptsChineseNamesAndTheFullExample() {
        Response r = create("{'name':'日志转储_01','prefix':'servicecode/test-log/test-logapi','partitionFormat':'dt=%Y-%m-%d/hour=%H/',"
                + "'timeZone':'+08:00','maxFileSizeMB':5,'intervalSeconds':60,'format':{'type':'csv','columns':['__time__','level']},"
                + "'compression':'gzip','startDelaySeconds':0,'startFrom':'earliest'}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("name").asText()).isEqualTo("日志转储_01");
        assertThat(r.json().get("format").toString()).isEqualTo(j("{'type':'csv','columns':['__time__','level'],'delimiter':',','header':true}"));
        String thirtyTwoHan = "转".repeat(32);
        assertThat(create("{'name':'" + thirtyTwoHan + "'}").status()).isEqualTo(201);
        assertThat(create("{'name':'" + "a".repeat(32) + "'}").status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "x.y", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "", "tab\\t", "semi;colon", "emoji😀", "日本語ひらがな"})
    void refusesNamesOutsideTheRule(String name) {
        expect422("{'name':'" + name + "'}", "name");
    }

    @Test
    void refusesAMissingName() {
        Response r = api.post("/api/v1/dump-tasks", j("{'logset':'servicecode','subject':'test-log','bucket':'bk1'}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorFields()).containsExactly("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "a/../b", "..", "a/./b", "a//b", "x\\u0001y"})
    void refusesBadPrefixes(String prefix) {
        expect422("{'name':'p','prefix':'" + prefix + "'}", "prefix");
    }

    @Test
    void refusesAPrefixLongerThan256Characters() {
        expect422("{'name':'p','prefix':'" + "a".repeat(257) + "'}", "prefix");
        assertThat(create("{'name':'p256','prefix':'" + "a".repeat(255) + "/'}").status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\\\b", "logs/\\ud800x", "logs/\\udc00", "x/.", "./x", "x//", "ok/" + "éééééééé"
            + "éééééééééééééééééééééééé"
            + "éééééééééééééééééééééééé"
            + "éééééééééééééééééééééééé"
            + "éééééééééééééééééééééééé"
            + "éééééééééééééééééééééééé"
            + "éééééééééééééééééééééééé/"})
    void refusesPrefixesThatCanNeverBeAnObjectKey(String prefix) {
        expect422("{'name':'pk','prefix':'" + prefix + "'}", "prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%Y//%m", "./%Y", "%Y/./%m", "%Y/.//", "%Y\\\\%m", "%Y/\\ud800", "%Y/\\udc00x",
            "%c%c%c%c%c%c%c%c%c%c%c/%d", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx%c%c%c%c%c",
            "%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/%c/"})
    void refusesPartitionFormatsThatCanNeverGiveAnUploadableKey(String format) {
        expect422("{'name':'pk','partitionFormat':'" + format + "'}", "partitionFormat");
        String id = create("{'name':'pk-patch-" + Math.abs(format.hashCode()) + "'}").json().get("id").asText();
        Response patch = api.patch("/api/v1/dump-tasks/" + id, j("{'partitionFormat':'" + format + "'}"));
        assertThat(patch.status()).as(patch.toString()).isEqualTo(422);
        assertThat(patch.errorFields()).containsExactly("partitionFormat");
    }

    @Test
    void refusesAPrefixAndPartitionFormatWhoseLongestKeyExceeds1024Bytes() {
        String prefix = ("é".repeat(120) + "/").repeat(2);
        String format = "%c/".repeat(21);
        Response r = expect422("{'name':'long-key','prefix':'" + prefix + "','partitionFormat':'" + format + "'}", "prefix");
        assertThat(r.errorFields()).contains("partitionFormat");
        assertThat(r.json().get("errors").get(0).get("message").asText()).contains("1024");
        assertThat(create("{'name':'long-key','prefix':'" + prefix + "','partitionFormat':'" + "%c/".repeat(16) + "'}").status())
                .as("the longest key still fits").isEqualTo(201);
        String id = create("{'name':'long-key-patch','prefix':'" + prefix + "'}").json().get("id").asText();
        Response patch = api.patch("/api/v1/dump-tasks/" + id, j("{'partitionFormat':'" + format + "'}"));
        assertThat(patch.errorFields()).containsExactly("partitionFormat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
    void refusesStartFromInstantsOutsideTheLogTimeRange(String startFrom) {
        Response r = expect422("{'name':'sf','startFrom':'" + startFrom + "'}", "startFrom");
        assertThat(r.json().get("errors").get(0).get("message").asText()).contains("1970").contains("9999");
    }

    @Test
    void theHistoryRefusesTimesOutsideTheRangeNamingTheParameter() {
        for (String far : List.of("from=%2B999999999-12-31T23:59:59Z", "to=-999999999-01-01T00:00:00Z", "from=0000-01-01T00:00:00Z")) {
            Response r = api.get("/api/v1/dump-history?" + far);
            assertThat(r.status()).as(far + " → " + r).isEqualTo(400);
            assertThat(r.errorFields()).containsExactly(far.substring(0, far.indexOf('=')));
        }
        assertThat(api.get("/api/v1/dump-history?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z").status()).isEqualTo(200);
    }

    @Test
    void refusesAnUnknownStrftimeDirectiveNamingIt() {
        Response r = expect422("{'name':'pf','partitionFormat':'%Y/%Q/%d'}", "partitionFormat");
        assertThat(r.json().get("errors").get(0).get("message").asText()).contains("%Q");
        assertThat(r.detail()).contains("%Q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%Y/%m", "%Y/../%m", "%Y%n", "%", "%Y/%"})
    void refusesPartitionFormatsThatCouldEscapeOrBreakKeys(String format) {
        expect422("{'name':'pf','partitionFormat':'" + format + "'}", "partitionFormat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dt=%Y-%m-%d/hour=%H", "%Y/%m/%d/%H%M", "%G-W%V-%u", "%s", "year=%EY/%Od", "100%%/%j"})
    void acceptsPosixPartitionFormats(String format) {
        Response r = create("{'name':'pf-" + Math.abs(format.hashCode()) + "','partitionFormat':'" + format + "'}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @ParameterizedTest
    @CsvSource({"maxFileSizeMB,4", "maxFileSizeMB,257", "intervalSeconds,59", "intervalSeconds,3601",
            "startDelaySeconds,-1", "startDelaySeconds,3601"})
    void refusesValuesOutOfRange(String field, int value) {
        Response r = expect422("{'name':'range','" + field + "':" + value + "}", field);
        assertThat(r.json().get("errors").get(0).get("message").asText()).contains(String.valueOf(value));
    }

    @Test
    void refusesWrongTypesAndUnknownValues() {
        expect422("{'name':'types','maxFileSizeMB':'big'}", "maxFileSizeMB");
        expect422("{'name':'types','compression':'brotli'}", "compression");
        expect422("{'name':'types','timeZone':'Mars/Olympus'}", "timeZone");
        expect422("{'name':'types','startFrom':'yesterday'}", "startFrom");
        expect422("{'name':'types','format':{'type':'avro'}}", "format.type");
        expect422("{'name':'types','format':{'type':'csv'}}", "format.columns");
        expect422("{'name':'types','format':{'type':'parquet','columns':[{'name':'a','type':'decimal'}]}}", "format.columns[0].type");
        expect422("{'name':'types','colour':'blue'}", "colour");
        assertThat(create("{'name':'parquet-ok','format':{'type':'parquet','columns':[{'name':'level','type':'string'},"
                + "{'name':'bytes','type':'long'}]},'compression':'zstd','startFrom':'2026-11-01T00:00:00Z'}").status()).isEqualTo(201);
    }

    @Test
    void refusesParquetColumnsOfLogdumpsOwnWithAnotherTypeAndNamesWithControlCharacters() {
        Response time = expect422("{'name':'pq','format':{'type':'parquet','columns':[{'name':'__time__','type':'string'}]}}",
                "format.columns[0].type");
        assertThat(time.json().get("errors").get(0).get("message").asText()).isEqualTo("must be timestamp for __time__");
        Response raw = expect422("{'name':'pq','format':{'type':'parquet','columns':[{'name':'level','type':'string'},"
                + "{'name':'__raw__','type':'long'}]}}", "format.columns[1].type");
        assertThat(raw.json().get("errors").get(0).get("message").asText()).isEqualTo("must be string for __raw__");
        expect422("{'name':'pq','format':{'type':'parquet','columns':[{'name':'a\\tb','type':'long'}]}}", "format.columns[0].name");
        expect422("{'name':'pq','format':{'type':'parquet','columns':[{'name':'a','type':'long'},{'name':'a','type':'string'}]}}",
                "format.columns[1].name");
        assertThat(create("{'name':'pq-own','format':{'type':'parquet','columns':[{'name':'__time__','type':'timestamp'},"
                + "{'name':'__receive_time__','type':'timestamp'},{'name':'__source__','type':'string'},"
                + "{'name':'__raw__','type':'string'}]}}").status()).isEqualTo(201);
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        Response r = create("{'name':'a b','prefix':'/x','partitionFormat':'%Q','maxFileSizeMB':1,'intervalSeconds':1}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorFields()).contains("name", "prefix", "partitionFormat", "maxFileSizeMB", "intervalSeconds");
    }

    @Test
    void refusesAMissingBucketAndABucketOfAnotherRegion() {
        Response missing = api.post("/api/v1/dump-tasks", j("{'name':'nb','logset':'servicecode','subject':'test-log','bucket':'nope'}"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorFields()).containsExactly("bucket");
        assertThat(missing.detail()).contains("does not exist in region 'local'");
        Response elsewhere = api.post("/api/v1/dump-tasks", j("{'name':'nb','logset':'servicecode','subject':'test-log','bucket':'far-away'}"));
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(elsewhere.detail()).contains("region 'other'");
    }

    @Test
    void refusesATaskForASubjectWithoutCollectionConfiguration() {
        Response r = api.post("/api/v1/dump-tasks", j("{'name':'nc','logset':'servicecode','subject':'bare','bucket':'bk1'}"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.detail()).contains("no dump tasks can be created");
        assertThat(r.errorFields()).containsExactly("subject");
    }

    @Test
    void refusesUnknownLogSetOrSubject() {
        assertThat(api.post("/api/v1/dump-tasks", j("{'name':'u','logset':'nope','subject':'test-log','bucket':'bk1'}")).errorFields())
                .containsExactly("logset");
        assertThat(api.post("/api/v1/dump-tasks", j("{'name':'u','logset':'servicecode','subject':'nope','bucket':'bk1'}")).errorFields())
                .containsExactly("subject");
    }

    @Test
    void namesAreUniquePerSubject() {
        assertThat(create("{'name':'unique'}").status()).isEqualTo(201);
        Response dup = create("{'name':'unique'}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.errorFields()).containsExactly("name");
        Response otherSubject = api.post("/api/v1/dump-tasks", j("{'name':'unique','logset':'servicecode','subject':'second','bucket':'bk1'}"));
        assertThat(otherSubject.status()).isEqualTo(201);
        assertThat(otherSubject.json().get("prefix").asText()).isEqualTo("servicecode/second/");
    }

    @Test
    void stopStartModifyDeleteAreRecordedInTheOperationsLog() {
        String id = create("{'name':'lifecycle','intervalSeconds':300}").json().get("id").asText();
        String url = "/api/v1/dump-tasks/" + id;

        assertThat(api.post(url + "/stop", "").json().get("status").asText()).isEqualTo("STOPPED");
        Response again = api.post(url + "/stop", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).contains("already stopped");
        assertThat(api.post(url + "/start", "").json().get("status").asText()).isEqualTo("WAITING");
        assertThat(api.post(url + "/start", "").status()).isEqualTo(409);

        server.clock.advance(java.time.Duration.ofMinutes(1));
        Response modified = api.patch(url, j("{'intervalSeconds':600,'compression':'zstd','format':{'type':'raw'}}"));
        assertThat(modified.status()).as(modified.toString()).isEqualTo(200);
        assertThat(modified.json().get("intervalSeconds").asInt()).isEqualTo(600);
        assertThat(modified.json().get("compression").asText()).isEqualTo("zstd");
        assertThat(modified.json().get("name").asText()).isEqualTo("lifecycle");
        assertThat(api.patch(url, j("{'intervalSeconds':5}")).errorFields()).containsExactly("intervalSeconds");
        assertThat(api.patch(url, j("{'bucket':'bk2'}")).errorFields()).containsExactly("bucket");
        assertThat(api.get(url).json().get("intervalSeconds").asInt()).as("a refused change changes nothing").isEqualTo(600);

        assertThat(api.delete(url).status()).isEqualTo(204);
        assertThat(api.get(url).status()).isEqualTo(404);
        assertThat(api.post(url + "/stop", "").status()).isEqualTo(404);

        JsonNode ops = api.get(url + "/operations").json();
        List<String> kinds = StreamSupport.stream(ops.spliterator(), false).map(o -> o.get("operation").asText()).toList();
        assertThat(kinds).containsExactly("CREATED", "STOPPED", "STARTED", "MODIFIED", "DELETED");
        String modifiedDetail = ops.get(3).get("detail").asText();
        assertThat(modifiedDetail).contains("intervalSeconds: 300 → 600").contains("compression: none → zstd");
        assertThat(ops.get(3).get("time").asText()).isEqualTo("2026-11-26T08:01:00Z");
        assertThat(api.get("/api/v1/dump-tasks/dt-00000000/operations").status()).isEqualTo(404);
    }

    @Test
    void listsTasksByLogSetSubjectAndStatus() {
        String id = create("{'name':'listed'}").json().get("id").asText();
        api.post("/api/v1/dump-tasks/" + id + "/stop", "");
        List<String> stopped = ids(api.get("/api/v1/dump-tasks?status=STOPPED&logset=servicecode&subject=test-log"));
        assertThat(stopped).contains(id);
        assertThat(ids(api.get("/api/v1/dump-tasks?status=WAITING"))).doesNotContain(id);
        assertThat(ids(api.get("/api/v1/dump-tasks?subject=second"))).doesNotContain(id);
        Response bad = api.get("/api/v1/dump-tasks?status=SLEEPING");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorFields()).containsExactly("status");
    }

    @Test
    void aSubjectWithTasksCannotBeDeleted() {
        create("{'name':'keeps-subject'}");
        Response r = api.delete("/api/v1/logsets/servicecode/subjects/test-log");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.detail()).contains("used by dump tasks");
    }

    private static List<String> ids(Response list) {
        return StreamSupport.stream(list.json().spliterator(), false).map(t -> t.get("id").asText()).toList();
    }

    private static Response create(String partial) {
        String body = partial.substring(0, partial.length() - 1) + ",'logset':'servicecode','subject':'test-log','bucket':'bk1'}";
        return api.post("/api/v1/dump-tasks", j(body));
    }

    private static Response expect422(String partial, String field) {
        Response r = create(partial);
        assertThat(r.status()).as(partial + " → " + r).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.errorFields()).as(partial + " → " + r).contains(field);
        return r;
    }

    @Test
    void aFormatOfMoreThanAThousandColumnsIsRefused() {
        String columns = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "'c" + i + "'")
                .collect(java.util.stream.Collectors.joining(","));
        Response r = create("{'name':'wide','format':{'type':'csv','columns':[" + columns + "]}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.errorFields()).containsExactly("format.columns");
    }

    private static void ok(Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
    }
}
