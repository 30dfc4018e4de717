package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.RawHttp;
import io.logdump.testutil.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request cannot take Logdump down: strict request JSON, JSON-only state changes, and a
 * problem document for every error, including those Jetty answers before the API sees the request.
 */
class HttpHardeningTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "ingest: {maxBodyMB: 8, bodyGraceSeconds: 1}\n");
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

    static void assertProblem(RawHttp.Reply r, int status, String kind) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).as(r.toString()).isEqualTo("urn:logdump:problem:" + kind);
        assertThat(r.json().get("status").asInt()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).as(r.toString()).isNotBlank();
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

    // --- 415 for what is not JSON

    @Test
    void aFormPostToAJsonEndpointIsA415AndNothingIsCreated() {
        Response form = api.postBytes("/api/v1/logsets", "name=form&region=local".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertProblem(form, 415, "unsupported-media-type");
        Response multipart = api.postBytes("/api/v1/logsets",
                "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nform\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "multipart/form-data; boundary=b");
        assertProblem(multipart, 415, "unsupported-media-type");
        assertThat(api.get("/api/v1/logsets/form").status()).isEqualTo(404);
    }

    @Test
    void jsonSentAsTextPlainOrWithoutAContentTypeIsA415() {
        byte[] body = j("{'name':'plain','region':'local'}").getBytes(StandardCharsets.UTF_8);
        assertProblem(api.postBytes("/api/v1/logsets", body, "Content-Type", "text/plain"), 415, "unsupported-media-type");
        assertProblem(api.postBytes("/api/v1/logsets", body), 415, "unsupported-media-type");
        assertProblem(api.send("PUT", "/api/v1/logsets/hh/subjects/s/collection", body, "Content-Type", "text/plain"),
                415, "unsupported-media-type");
        assertThat(api.get("/api/v1/logsets/plain").status()).isEqualTo(404);
    }

    @Test
    void jsonWithACharsetParameterIsAccepted() {
        Response r = api.postBytes("/api/v1/logsets", j("{'name':'charset','region':'local'}").getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json; charset=utf-8");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void aBodilessPostWithoutContentTypeWorksButAnEmptyFormPostIsA415() {
        assertThat(api.post("/api/v1/buckets", j("{'name':'bkt1','region':'local'}")).status()).isEqualTo(201);
        Response created = api.post("/api/v1/dump-tasks", j("{'name':'bodiless','logset':'hh','subject':'s','bucket':'bkt1'}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String task = "/api/v1/dump-tasks/" + created.json().get("id").asText();
        assertProblem(api.postBytes(task + "/stop", new byte[0], "Content-Type", "application/x-www-form-urlencoded"),
                415, "unsupported-media-type");
        Response stopped = api.postBytes(task + "/stop", new byte[0]);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        assertThat(api.postBytes(task + "/start", new byte[0]).status()).isEqualTo(200);
        assertThat(api.delete(task).status()).isEqualTo(204);
    }

    @Test
    void ingestKeepsItsOwnContentTypes() {
        String logs = "/api/v1/logsets/hh/subjects/s/logs";
        assertThat(api.postBytes(logs, "a\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain").status()).isEqualTo(200);
        assertThat(api.postBytes(logs, "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-ndjson").status())
                .isEqualTo(200);
        assertThat(api.postBytes(logs, "[\"a\"]".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json").status())
                .isEqualTo(200);
        assertProblem(api.postBytes(logs, "a=b".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded"),
                415, "unsupported-media-type");
    }

    // --- errors Jetty answers itself

    @Test
    void aUriTooLongIsAProblemDocument() {
        try (RawHttp http = new RawHttp(server.server.url(), WAIT)) {
            RawHttp.Reply r = http.send("GET /api/v1/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n" + TestServer.AUTHORIZATION_LINE + "\r\n").read();
            assertProblem(r, 414, "uri-too-long");
        }
    }

    @Test
    void requestHeadersTooLargeAreA431ProblemDocument() {
        try (RawHttp http = new RawHttp(server.server.url(), WAIT)) {
            RawHttp.Reply r = http.send("GET /health HTTP/1.1\r\nHost: localhost\r\n" + TestServer.AUTHORIZATION_LINE + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n").read();
            assertProblem(r, 431, "headers-too-large");
        }
    }

    @Test
    void aBadRequestLineIsA400ProblemDocument() {
        try (RawHttp http = new RawHttp(server.server.url(), WAIT)) {
            RawHttp.Reply r = http.send("THIS IS NOT HTTP\r\n\r\n").read();
            assertProblem(r, 400, "bad-request");
        }
    }

    @Test
    void badChunkedEncodingIsA400ProblemDocument() {
        try (RawHttp http = new RawHttp(server.server.url(), WAIT)) {
            RawHttp.Reply r = http.send("POST /api/v1/logsets/hh/subjects/s/logs HTTP/1.1\r\nHost: localhost\r\n" + TestServer.AUTHORIZATION_LINE + "Content-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n").read();
            assertProblem(r, 400, "bad-request");
        }
    }

    @Test
    void anErrorThrownByAHandlerIsA500ProblemDocument() {
        ApiRoutes.Services services = new ApiRoutes.Services(null, null, null, null, null, null, null, null, null, null,
                account -> {
                    throw new OutOfMemoryError("simulated");
                }, null, server.clock, new MetadataHealth() {
                    @Override
                    public String check() {
                        return null;
                    }

                    @Override
                    public String reason(Throwable failure) {
                        return null;
                    }
                }, new ApiRoutes.AccessServices(null, null, true));
        Javalin app = ApiRoutes.create(services, null, "127.0.0.1", 0).start();
        try {
            Response r = new Api("http://127.0.0.1:" + app.port()).get("/metrics");
            assertProblem(r, 500, "internal");
            assertThat(r.detail()).contains("incident").doesNotContain("simulated");
        } finally {
            app.stop();
        }
    }

    @Test
    void aClientHangingUpMidBodyIsOneInfoLineWithoutAStackTrace() {
        String log = capturingStandardError(() -> {
            try (RawHttp http = new RawHttp(server.server.url(), WAIT)) {
                http.send("POST /api/v1/logsets/hh/subjects/s/logs HTTP/1.1\r\nHost: localhost\r\n" + TestServer.AUTHORIZATION_LINE + "Content-Type: text/plain\r\n"
                        + "Content-Length: 100000\r\n\r\nonly a few bytes\n");
            }
        }, "POST /api/v1/logsets/hh/subjects/s/logs");
        assertThat(log).contains("INFO").doesNotContain("ERROR").doesNotContain("\tat ");
        assertThat(log.lines().filter(l -> l.contains("/subjects/s/logs")).count()).isEqualTo(1);
    }

    // --- no credentials or server paths in answers

    @Test
    void anS3EndpointIsShownWithoutItsUserInfoInAnswersAndInTheLog(@TempDir Path own) {
        String log = capturingStandardError(() -> {
            try (TestServer s3 = TestServer.start(own, """
                    regions:
                      - name: local
                        objectStore: {type: local}
                      - name: far
                        objectStore: {type: s3, endpoint: "http://admin:TOPSECRET@127.0.0.1:1", accessKey: AK, secretKey: SK}
                    """)) {
                Response r = s3.api.get("/api/v1/buckets?region=far");
                assertProblem(r, 503, "unavailable");
                assertThat(r.detail()).contains("http://127.0.0.1:1").doesNotContain("TOPSECRET").doesNotContain("admin");
            }
        }, "GET /api/v1/buckets");
        assertThat(log).contains("http://127.0.0.1:1").doesNotContain("TOPSECRET");
    }

    @Test
    void aServerErrorDoesNotShowAPathOfTheServer() throws Exception {
        Files.createDirectories(dir.resolve("buckets"));
        Files.writeString(dir.resolve("buckets/in-the-way"), "a file where the bucket folder would be");
        Response r = api.post("/api/v1/buckets", j("{'name':'in-the-way','region':'local'}"));
        assertProblem(r, 503, "unavailable");
        assertThat(r.detail()).contains("region 'local'").doesNotContain(dir.toString()).doesNotContain("/buckets/");
    }

    // --- slow and compressed bodies

    private static final String LOGS = "/api/v1/logsets/hh/subjects/s/logs";

    @Test
    void tricklingClientsGet408WithinSecondsWhileHealthAndAFastIngestAnswerPromptly() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                RawHttp client = new RawHttp(server.server.url(), WAIT);
                client.send("POST " + LOGS + " HTTP/1.1\r\nHost: localhost\r\n" + TestServer.AUTHORIZATION_LINE + "Content-Type: text/plain\r\nContent-Length: 8000000\r\n\r\n");
                slow.add(client);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(c -> c.trySend(new byte[] {'x'})), 0, 1, TimeUnit.SECONDS);

            Response health = within(Duration.ofSeconds(5), () -> api.get("/health"));
            assertThat(health.status()).isEqualTo(200);
            byte[] megabyte = ("y".repeat(99) + "\n").repeat(10_486).getBytes(StandardCharsets.UTF_8);
            Response fast = within(Duration.ofSeconds(5), () -> api.postBytes(LOGS, megabyte, "Content-Type", "text/plain"));
            assertThat(fast.status()).as(fast.toString()).isEqualTo(200);
            assertThat(fast.json().get("accepted").asLong()).isEqualTo(10_486);

            for (RawHttp client : slow) {
                assertProblem(client.read(), 408, "timeout");
                assertThat(client.isClosedByServer()).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        } finally {
            trickle.shutdownNow();
            slow.forEach(RawHttp::close);
        }
    }

    @Test
    void aBodyThatStopsArrivingIsA408AfterTheGrace() {
        try (RawHttp client = new RawHttp(server.server.url(), WAIT)) {
            long start = System.nanoTime();
            client.send("POST " + LOGS + " HTTP/1.1\r\nHost: localhost\r\n" + TestServer.AUTHORIZATION_LINE + "Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\nfirst line\n");
            RawHttp.Reply r = client.read();
            assertProblem(r, 408, "timeout");
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aGzipBombIsA413QuicklyAndAGzipBodyWithinTheLimitIsServed() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        assertThat(compressed.size()).as("64 MiB of zeros compress to about 64 KiB").isLessThan(128 << 10);
        long start = System.nanoTime();
        Response bomb = api.postBytes(LOGS, compressed.toByteArray(), "Content-Type", "text/plain", "Content-Encoding", "gzip");
        assertProblem(bomb, 413, "too-large");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        Response normal = api.postBytes(LOGS, gzip("one\ntwo\n".repeat(1000)), "Content-Type", "text/plain", "Content-Encoding", "gzip");
        assertThat(normal.status()).as(normal.toString()).isEqualTo(200);
        assertThat(normal.json().get("accepted").asLong()).isEqualTo(2000);
    }

    @Test
    void theMemoryBudgetCountsInflatedBytesAndAFullBudgetIsA503WithRetryAfter(@TempDir Path own) throws Exception {
        try (TestServer s = TestServer.start(own, "ingest: {memoryBudgetMB: 1, memoryWaitSeconds: 3, bodyGraceSeconds: 10}\n")) {
            s.api.post("/api/v1/logsets", j("{'name':'mb','region':'local'}"));
            s.api.post("/api/v1/logsets/mb/subjects", j("{'name':'s'}"));
            s.api.put("/api/v1/logsets/mb/subjects/s/collection", j("{'parser':{'type':'raw'}}"));
            String logs = "/api/v1/logsets/mb/subjects/s/logs";
            // a gzip body of which 2 MiB of lines (a few KiB compressed, as its Content-Length says) have arrived, and no more yet
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            GZIPOutputStream gz = new GZIPOutputStream(compressed, true);
            gz.write("a\n".repeat(1 << 20).getBytes(StandardCharsets.UTF_8));
            gz.flush();
            try (RawHttp holder = new RawHttp(s.server.url(), WAIT)) {
                holder.send("POST " + logs + " HTTP/1.1\r\nHost: localhost\r\n" + TestServer.AUTHORIZATION_LINE + "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                        + "Content-Length: " + (compressed.size() + 1000) + "\r\n\r\n").send(compressed.toByteArray());
                // a body of two bytes: it holds so little of the budget, so briefly, that the holder's growth never
                // waits the 3 s for it (a larger one, slow on a busy machine, could make the holder itself a 503)
                byte[] small = "b\n".getBytes(StandardCharsets.UTF_8);
                Response refused = null;
                // until the server has read the holder's bytes (after checking its password) it has room; then the
                // holder holds the whole budget for the 10 s grace, and each try waits 3 s before its 503
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && (refused == null || refused.status() != 503)) {
                    refused = s.api.postBytes(logs, small, "Content-Type", "text/plain");
                    Thread.sleep(refused.status() == 503 ? 0 : 20);
                }
                assertProblem(refused, 503, "unavailable");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.detail()).contains("memory budget");
            }
            Response later = null;
            for (int attempt = 0; attempt < 5 && (later == null || later.status() != 200); attempt++) {
                later = s.api.postBytes(logs, "c\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
            }
            assertThat(later.status()).as("the budget is free again once the holder hung up: " + later).isEqualTo(200);
        }
    }

    // --- bounded answers

    @Test
    void aPageOfLogsHoldsAtMostFourMebibytesAndTheCursorGoesOnFromThere() {
        assertThat(api.post("/api/v1/logsets/hh/subjects", j("{'name':'wide'}")).status()).isEqualTo(201);
        api.put("/api/v1/logsets/hh/subjects/wide/collection", j("{'parser':{'type':'raw'}}"));
        String logs = "/api/v1/logsets/hh/subjects/wide/logs";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            body.append(String.format("%03d", i)).append("w".repeat(100_000)).append('\n');
        }
        Response stored = api.postBytes(logs, body.toString().getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        assertThat(stored.json().get("accepted").asLong()).as(stored.toString()).isEqualTo(60);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(logs + "?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            long bytes = 0;
            for (var item : page.json().get("items")) {
                seen.add(item.get("raw").asText().substring(0, 3));
                bytes += item.get("raw").asText().length();
            }
            assertThat(bytes).as("raw bytes of one page").isLessThanOrEqualTo(4L << 20);
            cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isGreaterThan(1);
        assertThat(seen).hasSize(60).doesNotHaveDuplicates();
        assertThat(seen.get(59)).isEqualTo("059");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The answer of {@code call}, failing the test when it takes longer than {@code limit}. */
    private static <T> T within(Duration limit, Supplier<T> call) throws Exception {
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(call);
        try {
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + limit);
        }
    }

    // --- the metadata database

    @Test
    void aMetadataDatabaseFailureIs503AndHealthIsDownUntilItAnswersAndThirtySecondsPassed(@TempDir Path own) throws Exception {
        try (TestServer s = TestServer.start(own)) {
            Response up = s.api.get("/health");
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.json().get("status").asText()).isEqualTo("UP");
            Path db = own.resolve("metadata.db");
            Path moved = own.resolve("metadata.db.moved");
            Files.move(db, moved);
            Files.createDirectory(db); // the database file cannot be opened any more
            try {
                Response r = s.api.get("/api/v1/logsets");
                assertProblem(r, 503, "unavailable");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(r.detail()).startsWith("the metadata database is unavailable: ").doesNotContain("\tat ");
                Response down = s.api.get("/health");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
                assertThat(down.json().get("checks").get("metadata").asText()).startsWith("the metadata database is unavailable: ");
            } finally {
                Files.delete(db);
                Files.move(moved, db);
            }
            assertThat(s.api.get("/health").status()).as("a request failed on it less than 30 s ago").isEqualTo(503);
            s.clock.advance(Duration.ofSeconds(31));
            assertThat(s.api.get("/health").status()).isEqualTo(200);
            assertThat(s.api.get("/api/v1/logsets").status()).isEqualTo(200);
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /** What the server logs (SimpleLogger writes to System.err) while {@code action} runs, until a line has {@code awaited}. */
    static String capturingStandardError(Action action, String awaited) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            try {
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!captured.toString(StandardCharsets.UTF_8).contains(awaited) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(original);
        }
    }
}
