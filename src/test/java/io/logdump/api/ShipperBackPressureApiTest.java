package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-pressure of the shipper protocols: a disk below the free-space floor refuses the whole
 * request with 503 and {@code Retry-After}, in the protocol's shape, and stores nothing, as
 * {@code POST .../logs} does.
 */
class ShipperBackPressureApiTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "ingest: {minFreeDiskMB: 2147483647}\n"); // no disk has this much free
        api = server.api;
        Shippers.subject(api, "full", "app", Shippers.JSON_WITH_TIME);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFullDiskIsA503WithRetryAfterInEachProtocolsShape() {
        Response bulk = api.send("POST", "/_bulk", "{\"index\":{\"_index\":\"full.app\"}}\n{\"a\":1}\n".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-ndjson");
        assertThat(bulk.status()).as(bulk.toString()).isEqualTo(503);
        assertThat(bulk.headers().firstValue("Retry-After")).isPresent();
        assertThat(bulk.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        assertThat(bulk.json().get("error").get("type").asText()).isEqualTo("es_rejected_execution_exception");

        Response otlp = api.send("POST", "/v1/logs", "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"x\"}}]}]}]}"
                .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json", "X-Logdump-Subject", "full/app");
        assertThat(otlp.status()).as(otlp.toString()).isEqualTo(503);
        assertThat(otlp.headers().firstValue("Retry-After")).isPresent();
        assertThat(otlp.json().get("code").asInt()).as("UNAVAILABLE").isEqualTo(14);
        assertThat(otlp.json().get("message").asText()).contains("free");

        assertThat(Shippers.records(api, "full", "app")).isEmpty();
    }
}
