package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task made under wider limits (as the demo's) stays modifiable under the server's defaults: only what a PATCH sets is checked. */
class ModifyUnderOtherLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aPatchIsNeverRefusedForAFieldItDoesNotTouch() throws Exception {
        String id;
        try (TestServer wide = TestServer.start(dir, """
                dump:
                  limits: {minIntervalSeconds: 1, maxIntervalSeconds: 3600, minFileSizeMB: 1, maxFileSizeMB: 256, maxStartDelaySeconds: 3600}
                """)) {
            Api api = wide.api;
            assertThat(api.post("/api/v1/buckets", j("{'name':'bk1','region':'local'}")).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/logsets", j("{'name':'demo','region':'local'}")).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/logsets/demo/subjects", j("{'name':'app'}")).status()).isEqualTo(201);
            assertThat(api.put("/api/v1/logsets/demo/subjects/app/collection", j("{'parser':{'type':'raw'}}")).status()).isEqualTo(200);
            Response created = api.post("/api/v1/dump-tasks", j("{'name':'fast','logset':'demo','subject':'app','bucket':'bk1',"
                    + "'intervalSeconds':10,'maxFileSizeMB':2}"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            id = created.json().get("id").asText();
        }
        try (TestServer defaults = TestServer.start(dir)) { // minimum interval 60 s, minimum file size 5 MB
            Api api = defaults.api;
            Response modified = api.patch("/api/v1/dump-tasks/" + id, j("{'compression':'zstd'}"));
            assertThat(modified.status()).as(modified.toString()).isEqualTo(200);
            assertThat(modified.json().get("compression").asText()).isEqualTo("zstd");
            assertThat(modified.json().get("intervalSeconds").asInt()).as("kept as it was").isEqualTo(10);
            assertThat(api.patch("/api/v1/dump-tasks/" + id, j("{'intervalSeconds':10}")).errorFields())
                    .as("a value the PATCH sets is checked against the limits in force").containsExactly("intervalSeconds");
            assertThat(api.patch("/api/v1/dump-tasks/" + id, j("{'maxFileSizeMB':2}")).errorFields()).containsExactly("maxFileSizeMB");
        }
    }
}
