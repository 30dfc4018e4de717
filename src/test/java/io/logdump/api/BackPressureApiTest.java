package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the store's disk is below its free-space floor, ingest answers 503 and writes nothing. */
class BackPressureApiTest {
    @TempDir
    Path dir;

    @Test
    void belowTheFreeSpaceFloorIngestIs503WithRetryAfterAndStoresNothing() throws Exception {
        try (TestServer server = TestServer.start(dir, "ingest: {minFreeDiskMB: 2000000000}\n")) {
            server.api.post("/api/v1/logsets", j("{'name':'bp','region':'local'}"));
            server.api.post("/api/v1/logsets/bp/subjects", j("{'name':'s'}"));
            server.api.put("/api/v1/logsets/bp/subjects/s/collection", j("{'parser':{'type':'raw'}}"));
            Response r = server.api.postBytes("/api/v1/logsets/bp/subjects/s/logs", "a\nb\n".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "text/plain");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.detail()).contains("free").contains("nothing was written");
            assertThat(server.api.get("/api/v1/logsets/bp/subjects/s").json().get("stats").get("records").asLong()).isZero();
        }
    }
}
