package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request cannot take Logdump down: strict request JSON, JSON-only state changes, and a
 * problem document for every error, including those Jetty answers before the API sees the request.
 */
class HttpHardeningTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        api = server.api;
        assertThat(api.post("/api/v1/logsets", j("{'name':'hh','region':'local'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/logsets/hh/subjects", j("{'name':'s'}")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/logsets/hh/subjects/s/collection", j("{'parser':{'type':'raw'}}")).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertProblem(Response r, int status, String kind) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).as(r.toString()).isEqualTo("urn:logdump:problem:" + kind);
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.detail()).as(r.toString()).isNotBlank();
    }

    // --- strict request JSON

    @Test
    void contentAfterTheJsonObjectIsA400AndNothingIsCreated() {
        Response r = api.post("/api/v1/logsets", j("{'name':'trail','region':'local'} x"));
        assertProblem(r, 400, "bad-request");
        assertThat(api.get("/api/v1/logsets/trail").status()).isEqualTo(404);
    }

    @Test
    void twoJsonDocumentsInOneBodyAreA400AndNothingIsCreated() {
        Response r = api.post("/api/v1/logsets", j("{'name':'first','region':'local'}{'name':'second','region':'local'}"));
        assertProblem(r, 400, "bad-request");
        assertThat(r.detail()).contains("more than one JSON value");
        assertThat(api.get("/api/v1/logsets/first").status()).isEqualTo(404);
    }

    @Test
    void aDuplicateKeyIsA400NamingTheKey() {
        Response r = api.post("/api/v1/logsets", j("{'name':'dup1','region':'local','name':'dup2'}"));
        assertProblem(r, 400, "bad-request");
        assertThat(r.detail()).contains("'name'");
        assertThat(api.get("/api/v1/logsets/dup2").status()).isEqualTo(404);
    }

}
