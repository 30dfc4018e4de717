package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.RawHttp;
import io.logdump.testutil.RawHttp.Reply;
import io.logdump.testutil.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a browser may do with Logdump: a page of another site that resolves its own name to
 * 127.0.0.1 (DNS rebinding) gets nothing, cross-origin preflights are not granted, and the console
 * comes with headers that forbid inline scripts, framing and sniffing.
 */
class HostAndBrowserSecurityTest {
    @TempDir
    Path dir;

    private static Reply get(String url, String path, String host, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + TestServer.AUTHORIZATION_LINE);
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        try (RawHttp http = new RawHttp(url, Duration.ofSeconds(10))) {
            return http.send(request.append("\r\n").toString()).read();
        }
    }

    @Test
    void aHostNameTheServerDoesNotServeGets421AndNoData() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String url = server.server.url();
            int port = URI.create(url).getPort();
            Reply rebound = get(url, "/api/v1/logsets", "attacker.example:" + port);
            assertThat(rebound.status()).isEqualTo(421);
            assertThat(rebound.json().get("type").asText()).isEqualTo("urn:logdump:problem:misdirected-request");
            assertThat(rebound.body()).doesNotContain("\"name\"");
            assertThat(get(url, "/", "attacker.example").status()).as("nor the console").isEqualTo(421);
            assertThat(get(url, "/api/v1/logsets", "").status()).as("an empty Host").isIn(400, 421);
            for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST", "127.0.0.1")) {
                assertThat(get(url, "/api/v1/logsets", host).status()).as(host).isEqualTo(200);
            }
        }
    }

    @Test
    void theOperatorAddsTheNamesClientsUse() throws Exception {
        try (TestServer server = TestServer.start(dir, "allowedHosts: [logs.example.com]\n")) {
            String url = server.server.url();
            assertThat(get(url, "/api/v1/logsets", "logs.example.com:8080").status()).isEqualTo(200);
            assertThat(get(url, "/api/v1/logsets", "logs.example.com.").status()).as("the root's trailing dot").isEqualTo(200);
            assertThat(get(url, "/api/v1/logsets", "other.example.com").status()).isEqualTo(421);
        }
    }

    @Test
    void aCrossOriginPreflightIsNotGrantedAndTheConsoleForbidsInlineScriptsAndFraming() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String url = server.server.url();
            String host = "127.0.0.1:" + URI.create(url).getPort();
            String preflight = "OPTIONS /api/v1/logsets/x HTTP/1.1\r\nHost: " + host + "\r\nOrigin: https://attacker.example\r\n"
                    + "Access-Control-Request-Method: DELETE\r\nConnection: close\r\n\r\n";
            Reply options;
            try (RawHttp http = new RawHttp(url, Duration.ofSeconds(10))) {
                options = http.send(preflight).read();
            }
            assertThat(options.headers()).as("no CORS grant").doesNotContainKey("access-control-allow-origin")
                    .doesNotContainKey("access-control-allow-methods");

            Reply console = get(url, "/", host);
            assertThat(console.status()).isEqualTo(200);
            String csp = console.headers().get("content-security-policy");
            assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'");
            assertThat(csp.split(";")).filteredOn(d -> d.trim().startsWith("script-src")).allSatisfy(d -> assertThat(d).doesNotContain("unsafe"));
            assertThat(console.headers()).containsEntry("x-content-type-options", "nosniff").containsEntry("x-frame-options", "DENY")
                    .containsEntry("referrer-policy", "no-referrer");
            assertThat(console.body()).as("every script of the page is a file").doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
            Reply api = get(url, "/api/v1/logsets", host);
            assertThat(api.headers()).containsEntry("x-content-type-options", "nosniff");
        }
    }
}
