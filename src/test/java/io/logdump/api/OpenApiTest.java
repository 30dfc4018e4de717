package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.javalin.Javalin;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document ({@code src/main/resources/openapi.json}, served at
 * {@code /api/v1/openapi.json}): valid OpenAPI 3.1, one operation for each route the server
 * registers and none more, and true to real answers, which are checked against the schemas it
 * gives for their status and content type.
 */
class OpenApiTest {
    private static final String DOCUMENT_IRI = "https://logdump.invalid/api/v1/openapi.json";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;
    static String text;
    static JsonNode document;
    static SchemaRegistry schemas;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        api = server.api;
        try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        document = new ObjectMapper().readTree(text);
        // JSON Schema 2020-12, the dialect of OpenAPI 3.1's schemas; the document's own members are no schema keywords
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keywords(document.properties().stream().map(e -> new NonValidationKeyword(e.getKey())).toList())
                .build();
        schemas = SchemaRegistry.withDefaultDialect(dialect, registry -> registry
                .schemas(Map.of(DOCUMENT_IRI, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theServerAnswersTheDocumentAsJson() {
        Response r = api.get("/api/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.text()).as("the document on the class path, as it is").isEqualTo(text);
    }

    @Test
    void everyProblemTypeTheServerCanSendIsDocumented() {
        JsonNode type = document.at("/components/schemas/Problem/properties/type");
        List<String> listed = new java.util.ArrayList<>();
        type.findValues("enum").forEach(e -> e.forEach(v -> listed.add(v.asText())));
        java.util.regex.Pattern other = java.util.regex.Pattern.compile(type.findValue("pattern").asText());
        for (int status = 400; status < 600; status++) {
            String sent = "urn:logdump:problem:" + ErrorMapper.kind(status);
            assertThat(listed.contains(sent) || other.matcher(sent).matches()).as("the type of a %d answer, %s", status, sent).isTrue();
        }
        assertThat(listed).as("the domain errors' types").contains("urn:logdump:problem:invalid-field",
                "urn:logdump:problem:not-found", "urn:logdump:problem:conflict", "urn:logdump:problem:unavailable");
    }

    @Test
    void theDocumentIsValidOpenApi31() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
    }

    @Test
    void everyReferencePointsIntoTheDocument() {
        List<String> broken = new ArrayList<>();
        collectBrokenRefs(document, broken);
        assertThat(broken).as("$ref values that point at nothing").isEmpty();
    }

    @Test
    void theDocumentedOperationsAreExactlyTheRoutesTheServerRegisters() {
        Set<String> registered = registeredRoutes();
        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (HTTP_METHODS.contains(method.getKey())) {
                documented.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(registered).as("sanity: the routes were found").contains("GET /api/v1/openapi.json", "GET /health");
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(difference(registered, documented)).as("routes the server registers that openapi.json does not document").isEmpty();
            softly.assertThat(difference(documented, registered)).as("operations openapi.json documents that the server does not have").isEmpty();
        });
    }

    @Test
    void realAnswersMatchTheDocumentedSchemas() throws Exception {
        String subject = "/api/v1/logsets/shop/subjects/nginx";
        check("GET", "/health", api.get("/health"), 200);
        check("GET", "/api/v1/time", api.get("/api/v1/time"), 200);
        check("GET", "/api/v1/regions", api.get("/api/v1/regions"), 200);
        check("POST", "/api/v1/buckets", api.post("/api/v1/buckets", j("{'name':'archive','region':'local'}")), 201);
        check("GET", "/api/v1/buckets", api.get("/api/v1/buckets?region=local"), 200);
        check("GET", "/api/v1/buckets", api.get("/api/v1/buckets"), 400);

        check("POST", "/api/v1/logsets", api.post("/api/v1/logsets", j("{'name':'shop','region':'local'}")), 201);
        check("POST", "/api/v1/logsets", api.post("/api/v1/logsets", j("{'name':'web','region':'local','description':'the shop front'}")), 201);
        check("POST", "/api/v1/logsets", api.post("/api/v1/logsets", j("{'name':'shop','region':'local'}")), 409);
        check("POST", "/api/v1/logsets", api.post("/api/v1/logsets", j("{'name':'','region':'mars','colour':'red'}")), 422);
        check("GET", "/api/v1/logsets", api.get("/api/v1/logsets"), 200);
        check("GET", "/api/v1/logsets/{logset}", api.get("/api/v1/logsets/shop"), 200);
        check("GET", "/api/v1/logsets/{logset}", api.get("/api/v1/logsets/web"), 200);
        check("GET", "/api/v1/logsets/{logset}", api.get("/api/v1/logsets/nothing"), 404);
        check("DELETE", "/api/v1/logsets/{logset}", api.delete("/api/v1/logsets/web"), 204);

        check("POST", "/api/v1/logsets/{logset}/subjects", api.post("/api/v1/logsets/shop/subjects", j("{'name':'nginx'}")), 201);
        check("GET", "/api/v1/logsets/{logset}/subjects/{subject}", api.get(subject), 200);
        check("GET", "/api/v1/logsets/{logset}/subjects/{subject}/collection", api.get(subject + "/collection"), 404);
        check("PUT", "/api/v1/logsets/{logset}/subjects/{subject}/collection", api.put(subject + "/collection",
                j("{'parser':{'type':'delimiter','delimiter':' ','fields':['time','level','msg']},"
                        + "'time':{'field':'time','format':'iso8601'},'onParseError':'reject'}")), 200);
        check("GET", "/api/v1/logsets/{logset}/subjects/{subject}/collection", api.get(subject + "/collection"), 200);
        check("POST", "/api/v1/logsets/{logset}/subjects/{subject}/collection/preview", api.post(subject + "/collection/preview",
                j("{'lines':['2017-07-16T12:00:00Z INFO hello','not a time']}")), 200);

        Response created = api.post("/api/v1/dump-tasks", j("{'name':'nightly','logset':'shop','subject':'nginx','bucket':'archive',"
                + "'startDelaySeconds':0,'startFrom':'earliest','intervalSeconds':60}"));
        check("POST", "/api/v1/dump-tasks", created, 201);
        String id = created.json().get("id").asText();
        String task = "/api/v1/dump-tasks/" + id;
        check("GET", "/api/v1/dump-tasks/{id}", api.get(task), 200);
        await("the task to run", () -> api.get(task).json().get("status").asText().equals("RUNNING"));

        Response ingested = api.postBytes(subject + "/logs",
                "2017-07-16T12:00:00Z INFO one\n2017-07-16T12:00:01Z WARN two\nno time here\n2017-07-16T12:00:02Z INFO three\n"
                        .getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        check("POST", "/api/v1/logsets/{logset}/subjects/{subject}/logs", ingested, 200);
        assertThat(ingested.json().get("rejected").asLong()).as("one line without a time, so its errors are checked too").isEqualTo(1);
        Response page = api.get(subject + "/logs?limit=2");
        check("GET", "/api/v1/logsets/{logset}/subjects/{subject}/logs", page, 200);
        assertThat(page.json().get("next").isNull()).as("a first page with a cursor to go on").isFalse();
        check("GET", "/api/v1/logsets/{logset}/subjects/{subject}/logs", api.get(subject + "/logs?cursor=" + page.json().get("next").asText()), 200);
        check("GET", "/api/v1/logsets/{logset}/subjects/{subject}/logs", api.get(subject + "/logs?limit=0"), 400);
        check("GET", "/api/v1/logsets/{logset}/subjects", api.get("/api/v1/logsets/shop/subjects"), 200);

        check("GET", "/api/v1/dump-tasks/{id}/files", api.get(task + "/files"), 200);
        await("the batch to open", () -> !api.get(task).json().get("counters").get("nextDumpTime").isNull());
        check("GET", "/api/v1/dump-tasks/{id}", api.get(task), 200);
        server.clock.advance(Duration.ofSeconds(61));
        await("the file to be dumped", () -> api.get(task + "/files?status=SUCCEEDED").json().get("items").size() == 1);
        Response files = api.get(task + "/files");
        check("GET", "/api/v1/dump-tasks/{id}/files", files, 200);
        assertThat(files.json().get("items").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
        check("GET", "/api/v1/dump-history", api.get("/api/v1/dump-history?task=" + id), 200);
        check("POST", "/api/v1/dump-tasks/{id}/files/{fileId}/retry",
                api.post(task + "/files/" + files.json().get("items").get(0).get("id").asText() + "/retry", ""), 409);
        check("POST", "/api/v1/dump-tasks/{id}/verify", api.post(task + "/verify", ""), 200);
        check("POST", "/api/v1/dump-tasks/key-example", api.post("/api/v1/dump-tasks/key-example?logset=shop&subject=nginx",
                j("{'partitionFormat':'dt=%Y-%m-%d/','compression':'gzip'}")), 200);
        check("PATCH", "/api/v1/dump-tasks/{id}", api.patch(task, j("{'format':{'type':'csv','columns':['__time__','msg']}}")), 200);
        check("PATCH", "/api/v1/dump-tasks/{id}", api.patch(task,
                j("{'format':{'type':'parquet','columns':[{'name':'__time__','type':'timestamp'},{'name':'msg','type':'string'}]}}")), 200);
        check("PATCH", "/api/v1/dump-tasks/{id}", api.patch(task, j("{'name':'renamed'}")), 422);
        check("POST", "/api/v1/dump-tasks/{id}/stop", api.post(task + "/stop", ""), 200);
        check("POST", "/api/v1/dump-tasks/{id}/stop", api.post(task + "/stop", ""), 409);
        check("POST", "/api/v1/dump-tasks/{id}/start", api.post(task + "/start", ""), 200);
        check("GET", "/api/v1/dump-tasks", api.get("/api/v1/dump-tasks?logset=shop"), 200);
        check("GET", "/api/v1/dump-tasks/{id}/operations", api.get(task + "/operations"), 200);
        check("GET", "/api/v1/overview/throughput", api.get("/api/v1/overview/throughput"), 200);
        check("DELETE", "/api/v1/dump-tasks/{id}", api.delete(task), 204);
        check("GET", "/api/v1/dump-tasks/{id}", api.get(task), 404);
    }

    @Test
    void theShipperProtocolsAnswersMatchTheDocumentedSchemas() {
        assertThat(api.post("/api/v1/logsets", j("{'name':'ship','region':'local'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets/ship/subjects", j("{'name':'app'}")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/logsets/ship/subjects/app/collection", j("{'parser':{'type':'json'}}")).status()).isEqualTo(200);
        byte[] bulk = "{\"index\":{\"_index\":\"ship.app\"}}\n{\"a\":1}\n{\"delete\":{\"_index\":\"ship.app\",\"_id\":\"1\"}}\n"
                .getBytes(StandardCharsets.UTF_8);
        check("POST", "/_bulk", api.send("POST", "/_bulk", bulk, "Content-Type", "application/x-ndjson"), 200);
        check("POST", "/{index}/_bulk", api.send("POST", "/ship.app/_bulk", "{\"create\":{}}\n{}\n".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-ndjson"), 200);
        check("POST", "/_bulk", api.send("POST", "/_bulk", "nonsense\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-ndjson"), 400);
        check("GET", "/", api.send("GET", "/", new byte[0], "Accept", "application/json"), 200);
        check("GET", "/", api.get("/"), 200);
        check("GET", "/_cluster/health", api.get("/_cluster/health"), 200);
        check("GET", "/_license", api.get("/_license"), 200);
        check("GET", "/_xpack", api.get("/_xpack"), 200);
        check("GET", "/_index_template/{name}", api.get("/_index_template/t"), 404);
        check("PUT", "/_index_template/{name}", api.put("/_index_template/t", "{}"), 200);
        check("GET", "/_ilm/policy/{name}", api.get("/_ilm/policy/p"), 404);
        check("PUT", "/_ilm/policy/{name}", api.put("/_ilm/policy/p", "{}"), 200);
        check("GET", "/_cluster/health", api.anonymous().get("/_cluster/health"), 401);
        String otlp = j("{'resourceLogs':[{'scopeLogs':[{'logRecords':[{'body':{'stringValue':'x'}}]}]}]}");
        check("POST", "/v1/logs", api.send("POST", "/v1/logs", otlp.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "X-Logdump-Subject", "ship/app"), 200);
        check("POST", "/v1/logs", api.send("POST", "/v1/logs", otlp.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 400);
        check("POST", "/v1/logs", api.send("POST", "/v1/logs", new byte[0], "Content-Type", "application/x-protobuf",
                "X-Logdump-Subject", "ship/app"), 200);
    }

    @Test
    void theCheckRefusesAnAnswerThatBreaksItsSchema() {
        JsonNode schema = absoluteRefs(new ObjectMapper().createObjectNode().put("$ref", "#/components/schemas/DumpTask"));
        JsonNode task = new ObjectMapper().createObjectNode().put("id", "dt-12345678").put("status", "SLEEPING").put("colour", "red");
        List<String> broken = schemas.getSchema(schema).validate(task).stream().map(Error::toString).toList();
        assertThat(broken).as("a wrong status, an unknown property and missing ones are all caught")
                .anyMatch(m -> m.contains("status")).anyMatch(m -> m.contains("colour")).anyMatch(m -> m.contains("counters"));
    }

    @Test
    void metricsAreDocumentedAsPlainText() {
        check("GET", "/metrics", api.get("/metrics"), 200);
    }

    /**
     * Checks an answer against the document: its status is documented for the operation (or
     * falls under {@code default}), its media type is one the operation gives for it, and its JSON
     * is valid against that schema.
     */
    private static void check(String method, String path, Response r, int expectedStatus) {
        assertThat(r.status()).as(method + " " + path + " answered " + r).isEqualTo(expectedStatus);
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as(method + " " + path + " is documented").isTrue();
        JsonNode responses = operation.path("responses");
        JsonNode response = responses.has(Integer.toString(r.status())) ? responses.get(Integer.toString(r.status())) : responses.get("default");
        assertThat(response).as(method + " " + path + " documents status " + r.status() + " (or a default)").isNotNull();
        response = resolve(response);
        if (r.status() == 204) {
            assertThat(response.has("content")).as(method + " " + path + ": a 204 has no body").isFalse();
            assertThat(r.text()).isEmpty();
            return;
        }
        String mediaType = r.contentType().split(";")[0].trim();
        JsonNode content = response.path("content").path(mediaType);
        assertThat(content.isObject()).as(method + " " + path + " " + r.status() + " documents the media type " + mediaType
                + " (it documents " + response.path("content") + ")").isTrue();
        if (!mediaType.endsWith("json")) {
            assertThat(content.path("schema").path("type").asText()).as("a text answer is a string").isEqualTo("string");
            return;
        }
        JsonNode schema = absoluteRefs(content.path("schema").deepCopy());
        List<Error> errors = schemas.getSchema(schema).validate(r.json());
        assertThat(errors).as(method + " " + path + " " + r.status() + " answered " + r.text() + "\nwhich breaks its schema " + schema)
                .isEmpty();
    }

    /** The schema with its {@code $ref}s into the document made absolute, so that it can be used on its own. */
    private static JsonNode absoluteRefs(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                object.put("$ref", DOCUMENT_IRI + ref.asText());
            }
        }
        node.elements().forEachRemaining(OpenApiTest::absoluteRefs);
        return node;
    }

    /** A response object, following a {@code $ref} into {@code components/responses}. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : document.at(ref.asText().substring(1));
    }

    private static void collectBrokenRefs(JsonNode node, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && (!ref.asText().startsWith("#/") || document.at(ref.asText().substring(1)).isMissingNode())) {
                broken.add(ref.asText());
            }
            node.elements().forEachRemaining(child -> collectBrokenRefs(child, broken));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectBrokenRefs(child, broken));
        }
    }

    /**
     * The routes as Javalin holds them ({@code METHOD /path/{param}}) once {@link ApiRoutes#create}
     * has built the server; building it registers the routes without calling a service, so none is given.
     */
    static Set<String> registeredRoutes() {
        ApiRoutes.Services none = new ApiRoutes.Services(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                new ApiRoutes.AccessServices(null, null, false));
        Javalin app = ApiRoutes.create(none, null, "127.0.0.1", 0);
        Set<String> routes = new TreeSet<>();
        for (var handler : app.unsafe.internalRouter.allHttpHandlers()) {
            if (handler.endpoint.method.isHttpMethod()) {
                routes.add(handler.endpoint.method.name() + " " + handler.endpoint.path);
            }
        }
        return routes;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** Waits (for the engine's threads, not for time: the clock is fake) until the condition holds. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
