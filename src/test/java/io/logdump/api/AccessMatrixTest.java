package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who gets what, for every endpoint: two accounts ({@code acme}, which owns every resource the
 * requests name, and {@code globex}), and for each principal the exact status of each endpoint.
 * A principal allowed through is shown by an answer only the service gives (a 409 for a log set
 * that still has subjects, a 422 for a body that breaks a rule), so rows can run in any order and
 * again. An endpoint the server has but the table lacks fails the test.
 */
class AccessMatrixTest {
    /** The principals, in the order of the status columns of {@link #ROWS}. */
    enum Who { ANONYMOUS, VIEWER, OPERATOR, ADMIN, INGEST, OTHER_ACCOUNT, SYSTEM }

    private static final String PASSWORD = "a-long-password-1";
    private static final String TASK = "{'name':'%s','logset':'shop','subject':'app','bucket':'acme-bucket','format':{'type':'raw'},"
            + "'intervalSeconds':60,'startDelaySeconds':0,'startFrom':'earliest','partitionFormat':''}";

    @TempDir
    static Path dir;
    static TestServer server;
    static final Map<Who, Api> as = new EnumMap<>(Who.class);
    static Api acmeAdmin;
    static String taskId;
    static int fresh;

    /**
     * A request and what each principal gets, in {@link Who}'s order: anonymous, viewer, operator,
     * admin and an ingest token (scoped to shop/app) of acme, the admin of globex, and the system
     * admin (of account default). {@code path} may make a fresh resource per call (a task to delete).
     */
    record Row(String route, Supplier<String> path, String body, String statuses) {}

    static final List<Row> ROWS = new ArrayList<>();

    static void row(String route, String statuses) {
        row(route, () -> route.substring(route.indexOf(' ') + 1), null, statuses);
    }

    static void row(String route, String path, String body, String statuses) {
        row(route, () -> path, body, statuses);
    }

    static void row(String route, Supplier<String> path, String body, String statuses) {
        ROWS.add(new Row(route, path, body == null ? null : j(body), statuses));
    }

    static {
        String subject = "/api/v1/logsets/shop/subjects/app";
        //                                                                          anon view oper admn ingt othr sys
        row("GET /health", "200 200 200 200 200 200 200");
        row("GET /metrics", "401 200 200 200 403 200 200");
        row("GET /api/v1/openapi.json", "200 200 200 200 200 200 200");
        row("POST /api/v1/session", "/api/v1/session", "{'name':'acme-viewer','password':'" + PASSWORD + "'}",
                "204 204 204 204 204 204 204");
        row("DELETE /api/v1/session", "401 204 204 204 204 204 204");
        row("GET /api/v1/me", "401 200 200 200 200 200 200");
        row("GET /api/v1/accounts", "401 403 403 403 403 403 200");
        row("POST /api/v1/accounts", "/api/v1/accounts", "{'name':'x'}", "401 403 403 403 403 403 422");
        row("GET /api/v1/users", "401 403 403 200 403 200 200");
        row("POST /api/v1/users", "/api/v1/users", "{'name':'someone','role':'viewer'}", "401 403 403 422 403 422 422");
        row("PATCH /api/v1/users/{name}", "/api/v1/users/acme-viewer", "{'role':'viewer'}", "401 200 403 200 403 404 404");
        row("DELETE /api/v1/users/{name}", "/api/v1/users/acme-admin", null, "401 403 403 409 403 404 404");
        row("GET /api/v1/tokens", "401 200 200 200 200 200 200");
        row("POST /api/v1/tokens", "/api/v1/tokens", "{'name':'t','role':'no-such-role'}", "401 422 422 422 403 422 422");
        row("DELETE /api/v1/tokens/{id}", AccessMatrixTest::viewerToken, null, "401 204 404 204 404 404 404");
        row("GET /api/v1/audit", "401 403 403 200 403 200 200");

        row("GET /api/v1/time", "401 200 200 200 403 200 200");
        row("GET /api/v1/regions", "401 200 200 200 403 200 200");
        row("GET /api/v1/buckets", "/api/v1/buckets?region=local", null, "401 200 200 200 403 200 200");
        row("POST /api/v1/buckets", "/api/v1/buckets", "{'name':'acme-bucket','region':'local'}", "401 403 201 201 403 409 409");

        row("POST /api/v1/logsets", "/api/v1/logsets", "{'name':'shop'}", "401 403 422 422 403 422 422");
        row("GET /api/v1/logsets", "401 200 200 200 403 200 200");
        row("GET /api/v1/logsets/{logset}", "/api/v1/logsets/shop", null, "401 200 200 200 403 404 404");
        row("DELETE /api/v1/logsets/{logset}", "/api/v1/logsets/shop", null, "401 403 409 409 403 404 404");
        row("POST /api/v1/logsets/{logset}/subjects", "/api/v1/logsets/shop/subjects", "{'name':'app'}", "401 403 409 409 403 404 404");
        row("GET /api/v1/logsets/{logset}/subjects", "/api/v1/logsets/shop/subjects", null, "401 200 200 200 403 404 404");
        row("GET /api/v1/logsets/{logset}/subjects/{subject}", subject, null, "401 200 200 200 403 404 404");
        row("DELETE /api/v1/logsets/{logset}/subjects/{subject}", subject, null, "401 403 409 409 403 404 404");
        row("GET /api/v1/logsets/{logset}/subjects/{subject}/collection", subject + "/collection", null, "401 200 200 200 403 404 404");
        row("PUT /api/v1/logsets/{logset}/subjects/{subject}/collection", subject + "/collection", "{'parser':{'type':'raw'}}",
                "401 403 200 200 403 404 404");
        row("POST /api/v1/logsets/{logset}/subjects/{subject}/collection/preview", subject + "/collection/preview",
                "{'parser':{'type':'raw'},'lines':['a line']}", "401 200 200 200 403 404 404");
        row("POST /api/v1/logsets/{logset}/subjects/{subject}/logs", subject + "/logs", null, "401 403 200 200 200 404 404");
        row("GET /api/v1/logsets/{logset}/subjects/{subject}/logs", subject + "/logs", null, "401 200 200 200 403 404 404");

        row("POST /api/v1/dump-tasks", "/api/v1/dump-tasks", String.format(TASK, "t"), "401 403 409 409 403 422 422");
        row("POST /api/v1/dump-tasks/key-example", "/api/v1/dump-tasks/key-example", "{'prefix':'p/','partitionFormat':'%Y'}",
                "401 200 200 200 403 200 200");
        row("GET /api/v1/dump-tasks", "401 200 200 200 403 200 200");
        row("GET /api/v1/dump-tasks/{id}", () -> "/api/v1/dump-tasks/" + taskId, null, "401 200 200 200 403 404 404");
        row("PATCH /api/v1/dump-tasks/{id}", () -> "/api/v1/dump-tasks/" + taskId, "{'intervalSeconds':120}", "401 403 200 200 403 404 404");
        row("DELETE /api/v1/dump-tasks/{id}", AccessMatrixTest::freshTask, null, "401 403 204 204 403 404 404");
        row("POST /api/v1/dump-tasks/{id}/stop", AccessMatrixTest::freshTaskStop, null, "401 403 200 200 403 404 404");
        row("POST /api/v1/dump-tasks/{id}/start", () -> "/api/v1/dump-tasks/" + taskId + "/start", null, "401 403 409 409 403 404 404");
        row("GET /api/v1/dump-tasks/{id}/operations", () -> "/api/v1/dump-tasks/" + taskId + "/operations", null,
                "401 200 200 200 403 404 404");
        row("GET /api/v1/dump-tasks/{id}/files", () -> "/api/v1/dump-tasks/" + taskId + "/files", null, "401 200 200 200 403 404 404");
        row("POST /api/v1/dump-tasks/{id}/files/{fileId}/retry", () -> "/api/v1/dump-tasks/" + taskId + "/files/no-such-file/retry", null,
                "401 403 404 404 403 404 404");
        row("GET /api/v1/dump-history", "401 200 200 200 403 200 200");
        row("GET /api/v1/overview/throughput", "401 200 200 200 403 200 200");
        row("POST /api/v1/dump-tasks/{id}/verify", () -> "/api/v1/dump-tasks/" + taskId + "/verify", null, "401 403 200 200 403 404 404");

        // The shipper protocols (bodies in send): the subject shop/app, which only acme has
        row("POST /v1/logs", "401 403 200 200 200 404 404");
        row("GET /", "200 200 200 200 200 200 200");
        row("HEAD /", "200 200 200 200 200 200 200");
        row("GET /_cluster/health", "401 403 200 200 200 200 200");
        row("GET /_license", "401 403 200 200 200 200 200");
        row("GET /_xpack", "401 403 200 200 200 200 200");
        row("GET /_index_template/{name}", "/_index_template/logs", null, "401 403 404 404 404 404 404");
        row("HEAD /_index_template/{name}", "/_index_template/logs", null, "401 403 404 404 404 404 404");
        row("PUT /_index_template/{name}", "/_index_template/logs", "{'index_patterns':['logs-*']}", "401 403 200 200 200 200 200");
        row("GET /_ilm/policy/{name}", "/_ilm/policy/logs", null, "401 403 404 404 404 404 404");
        row("PUT /_ilm/policy/{name}", "/_ilm/policy/logs", "{'policy':{}}", "401 403 200 200 200 200 200");
        row("POST /_bulk", "401 403 200 200 200 200 200"); // each item of another account: 404 index_not_found_exception
        row("POST /{index}/_bulk", "/shop.app/_bulk", null, "401 403 200 200 200 200 200");
    }

    /** A bulk request with one document for shop/app. */
    private static final byte[] BULK = "{\"index\":{\"_index\":\"shop.app\"}}\n{\"log\":\"a line\"}\n".getBytes(StandardCharsets.UTF_8);
    /** An OTLP/JSON request with one record for shop/app, named by its resource. */
    private static final byte[] OTLP = j("{'resourceLogs':[{'resource':{'attributes':[{'key':'logdump.subject','value':{'stringValue':'shop/app'}}]},"
            + "'scopeLogs':[{'logRecords':[{'body':{'stringValue':'a line'}}]}]}]}").getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void twoAccounts() throws Exception {
        server = TestServer.start(dir);
        Api system = server.api;
        created(system.post("/api/v1/accounts", j("{'name':'acme','admin':{'name':'acme-admin','password':'" + PASSWORD + "'}}")));
        created(system.post("/api/v1/accounts", j("{'name':'globex','admin':{'name':'globex-admin','password':'" + PASSWORD + "'}}")));
        acmeAdmin = system.anonymous().asUser("acme-admin", PASSWORD);
        created(acmeAdmin.post("/api/v1/users", j("{'name':'acme-viewer','password':'" + PASSWORD + "','role':'viewer'}")));
        created(acmeAdmin.post("/api/v1/users", j("{'name':'acme-operator','password':'" + PASSWORD + "','role':'operator'}")));
        created(acmeAdmin.post("/api/v1/buckets", j("{'name':'acme-bucket','region':'local'}")));
        created(acmeAdmin.post("/api/v1/logsets", j("{'name':'shop','region':'local'}")));
        created(acmeAdmin.post("/api/v1/logsets/shop/subjects", j("{'name':'app'}")));
        assertThat(acmeAdmin.put("/api/v1/logsets/shop/subjects/app/collection", j("{'parser':{'type':'raw'}}")).status()).isEqualTo(200);
        taskId = created(acmeAdmin.post("/api/v1/dump-tasks", j(String.format(TASK, "t")))).json().get("id").asText();
        String ingest = created(acmeAdmin.post("/api/v1/tokens", j("{'name':'shipper','role':'ingest','subjects':['shop/app']}")))
                .json().get("token").asText();

        as.put(Who.ANONYMOUS, system.anonymous());
        as.put(Who.VIEWER, system.anonymous().asUser("acme-viewer", PASSWORD));
        as.put(Who.OPERATOR, system.anonymous().asUser("acme-operator", PASSWORD));
        as.put(Who.ADMIN, acmeAdmin);
        as.put(Who.INGEST, system.anonymous().withToken(ingest));
        as.put(Who.OTHER_ACCOUNT, system.anonymous().asUser("globex-admin", PASSWORD));
        as.put(Who.SYSTEM, system);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyEndpointHasARow() {
        Set<String> rows = new TreeSet<>();
        ROWS.forEach(r -> rows.add(r.route()));
        Set<String> missing = new TreeSet<>(OpenApiTest.registeredRoutes());
        missing.removeAll(rows);
        assertThat(missing).as("endpoints without a row in AccessMatrixTest").isEmpty();
        assertThat(ROWS).extracting(Row::statuses).allSatisfy(s -> assertThat(s.split(" ")).hasSize(Who.values().length));
    }

    @Test
    void everyPrincipalGetsTheStatusOfItsRow() {
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Row row : ROWS) {
            String[] expected = row.statuses().split(" ");
            for (Who who : Who.values()) {
                Response r = send(as.get(who), row);
                int want = Integer.parseInt(expected[who.ordinal()]);
                if (r.status() != want) {
                    String got = r.toString();
                    wrong.put(row.route() + " as " + who, "expected " + want + ", got " + (got.length() > 160 ? got.substring(0, 160) + "..." : got));
                }
            }
        }
        assertThat(wrong).as("answers that differ from the table").isEmpty();
    }

    @Test
    void aRefusalSaysWhyAndAskingForCredentialsNamesTheSchemes() {
        Response anonymous = as.get(Who.ANONYMOUS).get("/api/v1/logsets");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Bearer").contains("Basic"));
        Response viewer = as.get(Who.VIEWER).post("/api/v1/logsets", j("{'name':'x','region':'local'}"));
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.detail()).contains("viewer");
        Response console = as.get(Who.ANONYMOUS).send("GET", "/api/v1/logsets", new byte[0], "X-Requested-With", "logdump-console");
        assertThat(console.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).doesNotContain("Basic"));
    }

    @Test
    void anIngestTokenSendsOnlyToItsSubjects() {
        created(acmeAdmin.post("/api/v1/logsets/shop/subjects", j("{'name':'other'}")));
        Response elsewhere = as.get(Who.INGEST).postBytes("/api/v1/logsets/shop/subjects/other/logs",
                "a line\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(403);
        assertThat(elsewhere.detail()).contains("shop/other");
    }

    @Test
    void metricsShowACallerOnlyTheirAccountsSeriesAndASystemAdminAll() {
        String acme = as.get(Who.VIEWER).get("/metrics").text();
        String globex = as.get(Who.OTHER_ACCOUNT).get("/metrics").text();
        String all = as.get(Who.SYSTEM).get("/metrics").text();
        assertThat(acme).contains("task=\"" + taskId + "\"").doesNotContain("account=\"globex\"").doesNotContain("jvm_");
        assertThat(globex).doesNotContain(taskId).doesNotContain("account=\"acme\"");
        assertThat(all).contains("task=\"" + taskId + "\"", "logdump_spool_bytes", "jvm_");
    }

    private static Response send(Api api, Row row) {
        String method = row.route().substring(0, row.route().indexOf(' '));
        String path = row.path().get();
        if (row.route().endsWith("/logs") && method.equals("POST") && row.route().startsWith("POST /api/")) {
            return api.postBytes(path, "a line\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        }
        if (row.route().equals("POST /v1/logs")) {
            return api.postBytes(path, OTLP, "Content-Type", "application/json");
        }
        if (row.route().endsWith("/_bulk")) {
            return api.postBytes(path, BULK, "Content-Type", "application/x-ndjson");
        }
        return switch (method) {
            case "GET" -> api.get(path);
            case "DELETE" -> api.delete(path);
            case "HEAD" -> api.send("HEAD", path, new byte[0]);
            case "PUT" -> api.put(path, row.body());
            case "PATCH" -> api.patch(path, row.body());
            default -> row.body() == null ? api.send("POST", path, new byte[0]) : api.post(path, row.body());
        };
    }

    /** A new task of acme, for a request that deletes it. */
    private static String freshTask() {
        String id = created(acmeAdmin.post("/api/v1/dump-tasks", j(String.format(TASK, "fresh-" + (++fresh))))).json().get("id").asText();
        return "/api/v1/dump-tasks/" + id;
    }

    private static String freshTaskStop() {
        return freshTask() + "/stop";
    }

    /** A new token of acme-viewer, for a request that revokes it. */
    private static String viewerToken() {
        Api viewer = as.get(Who.VIEWER);
        return "/api/v1/tokens/" + created(viewer.post("/api/v1/tokens", j("{'name':'v" + (++fresh) + "','role':'viewer'}"))).json().get("id").asText();
    }

    private static Response created(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }
}
