package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.objectstore.s3.S3ObjectStorage;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.S3ProxyServer;
import io.logdump.testutil.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An s3 region backed by a real S3 server (S3Proxy) on loopback, used through the HTTP API. */
class S3RegionApiIT {
    @TempDir
    static Path dir;
    static S3ProxyServer s3;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer();
        server = TestServer.start(dir, "dump:\n  limits: {minIntervalSeconds: 1}\nregions:\n  - name: local\n    objectStore: {type: local}\n"
                + s3.regionYaml("cn-north-1")
                + "  - name: down\n    objectStore: {type: s3, endpoint: \"http://127.0.0.1:1\", accessKey: a, secretKey: b}\n");
        api = server.api;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        s3.close();
    }

    @Test
    void createsAndListsBucketsThroughTheS3Api() throws Exception {
        Response created = api.post("/api/v1/buckets", j("{'name':'s3-logs','region':'cn-north-1'}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.get("/api/v1/buckets?region=cn-north-1").json().findValuesAsText("name")).contains("s3-logs");
        try (S3ObjectStorage direct = new S3ObjectStorage(new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1",
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))) {
            assertThat(direct.bucketExists("s3-logs")).as("the bucket is really on the S3 server").isTrue();
        }
        assertThat(api.get("/api/v1/buckets?region=local").json().findValuesAsText("name")).doesNotContain("s3-logs");
    }

    @Test
    void aTaskInAnS3RegionNeedsABucketOfThatRegion() {
        assertThat(api.post("/api/v1/buckets", j("{'name':'s3-tasks','region':'cn-north-1'}")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/buckets", j("{'name':'local-only','region':'local'}")).status()).isEqualTo(201);
        api.post("/api/v1/logsets", j("{'name':'cloud','region':'cn-north-1'}"));
        api.post("/api/v1/logsets/cloud/subjects", j("{'name':'app'}"));
        api.put("/api/v1/logsets/cloud/subjects/app/collection", j("{'parser':{'type':'raw'}}"));
        Response ok = api.post("/api/v1/dump-tasks", j("{'name':'to-s3','logset':'cloud','subject':'app','bucket':'s3-tasks'}"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        Response wrongRegion = api.post("/api/v1/dump-tasks", j("{'name':'to-local','logset':'cloud','subject':'app','bucket':'local-only'}"));
        assertThat(wrongRegion.status()).isEqualTo(422);
        assertThat(wrongRegion.detail()).contains("region 'local'").contains("not in the log set's region 'cn-north-1'");
    }

    @Test
    void aTaskDumpsZstdFilesIntoTheS3BucketThatTheZstdToolReads() throws Exception {
        assertThat(api.post("/api/v1/buckets", j("{'name':'s3-dumps','region':'cn-north-1'}")).status()).isEqualTo(201);
        api.post("/api/v1/logsets", j("{'name':'cloud2','region':'cn-north-1'}"));
        api.post("/api/v1/logsets/cloud2/subjects", j("{'name':'app'}"));
        api.put("/api/v1/logsets/cloud2/subjects/app/collection", j("{'parser':{'type':'raw'}}"));
        Response task = api.post("/api/v1/dump-tasks", j("{'name':'s3-zstd','logset':'cloud2','subject':'app','bucket':'s3-dumps',"
                + "'format':{'type':'raw'},'compression':'zstd','intervalSeconds':60,'startDelaySeconds':0,'startFrom':'earliest',"
                + "'partitionFormat':''}"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = task.json().get("id").asText();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            body.append("line ").append(i).append('\n');
        }
        api.postBytes("/api/v1/logsets/cloud2/subjects/app/logs", body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Content-Type", "text/plain");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING")
                || api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull()) {
            assertThat(System.nanoTime()).as("the task runs and its batch opens").isLessThan(deadline);
            Thread.sleep(50);
        }
        server.clock.advance(java.time.Duration.ofSeconds(61));
        while (api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("files").asLong() == 0) {
            assertThat(System.nanoTime()).as("the file is uploaded").isLessThan(deadline);
            Thread.sleep(50);
        }
        String key = "cloud2/app/" + id + "_1.log.zst";
        assertThat(api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0).get("objectKey").asText()).isEqualTo(key);
        try (S3ObjectStorage direct = new S3ObjectStorage(new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1",
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))) {
            Path downloaded = dir.resolve("downloaded.zst");
            try (var in = direct.bucket("s3-dumps").get(key)) {
                java.nio.file.Files.copy(in, downloaded);
            }
            Process zstd = new ProcessBuilder("zstd", "-dc", downloaded.toString()).start();
            String text = new String(zstd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(zstd.waitFor()).isZero();
            assertThat(text).isEqualTo(body.toString());
        }
    }

    @Test
    void anUnreachableObjectStoreIsA503WithRetryAfter() {
        Response r = api.get("/api/v1/buckets?region=down");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.detail()).contains("region 'down'");
        assertThat(r.text()).doesNotContain("Exception");
    }
}
