package io.logdump.shippers.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.app.ConfigException;
import io.logdump.app.ConfigLoader;
import io.logdump.testutil.Api;
import io.logdump.testutil.Certificates;
import io.logdump.testutil.Certificates.Issued;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog over TLS (RFC 5425): the server's certificate, octet counting, and senders that do not speak TLS. */
class SyslogTlsTest {
    @TempDir
    static Path dir;
    static Issued certificate;
    static TestServer server;
    static Api api;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        certificate = Certificates.selfSigned(Certificates.ecKeys(), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        Path cert = Files.writeString(dir.resolve("cert.pem"), certificate.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), certificate.pkcs8KeyPem());
        server = TestServer.start(dir, "tls: {certificate: \"" + cert + "\", privateKey: \"" + key + "\"}\n"
                + "syslog:\n  - {protocol: tls, port: 0, subject: sys/secure}\n");
        api = Api.trusting(server.server.url(), Certificates.trusting(certificate.certificate())).withAuthorization(TestServer.ADMIN_BASIC);
        Shippers.subject(api, "sys", "secure", Shippers.JSON_WITH_TIME);
        port = server.server.syslogPorts().get(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SSLSocket connect(String protocol) throws Exception {
        SSLContext trusting = Certificates.trusting(certificate.certificate());
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.startHandshake();
        return socket;
    }

    private static byte[] octetCounted(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        return (bytes.length + " " + message).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void messagesOverTls13AndTls12LandWithTheirFields() throws Exception {
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (SSLSocket s = connect(protocol)) {
                assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
                OutputStream out = s.getOutputStream();
                out.write(octetCounted("<165>1 2026-11-29T07:09:49.861Z web-1 shop 4711 ID47 [origin ip=\"10.0.0.1\"] secure " + protocol));
                out.write(octetCounted("<11>Nov 26 07:10:00 web-2 cron[99]: also secure " + protocol));
                out.flush();
            }
            JsonNode placed = Shippers.raw(await(r -> r.get("raw").asText().contains("secure " + protocol + "\"")));
            assertThat(placed.get("format").asText()).isEqualTo("rfc5424");
            assertThat(placed.get("host").asText()).isEqualTo("web-1");
            assertThat(placed.get("structuredData").get("origin").get("ip").asText()).isEqualTo("10.0.0.1");
            assertThat(placed.get("message").asText()).isEqualTo("secure " + protocol);
            assertThat(Shippers.raw(await(r -> r.get("raw").asText().contains("also secure " + protocol))).get("app").asText()).isEqualTo("cron");
        }
    }

    @Test
    void plainTextIsDroppedAndASilentClientDoesNotStopATlsClient() throws Exception {
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port);
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
            plain.getOutputStream().write(octetCounted("<13>1 - h a - - - sent in the clear"));
            plain.getOutputStream().flush();
            plain.setSoTimeout(10_000);
            InputStream answer = plain.getInputStream();
            while (answer.read() >= 0) { // the server's alert, then the end: the connection is closed
                continue;
            }
            try (SSLSocket s = connect("TLSv1.3")) { // while the silent client still holds its connection
                s.getOutputStream().write(octetCounted("<13>1 - h a - - - served beside a silent client"));
            }
            assertThat(await(r -> r.get("raw").asText().contains("served beside a silent client"))).isNotNull();
        }
        assertThat(Shippers.records(api, "sys", "secure")).noneMatch(r -> r.get("raw").asText().contains("sent in the clear"));
    }

    @Test
    void aTlsListenerNeedsTheServersCertificate(@TempDir Path other) throws Exception {
        Path file = Files.writeString(other.resolve("logdump.yaml"), "syslog:\n  - {protocol: tls, port: 6514, subject: sys/secure}\n");
        assertThatThrownBy(() -> new ConfigLoader().load(file, 0, other.resolve("data")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "syslog[0].protocol: tls — needs the server's certificate: add tls: {certificate: ..., privateKey: ...}"));
    }

    private static JsonNode await(Predicate<JsonNode> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            for (JsonNode r : Shippers.records(api, "sys", "secure")) {
                if (match.test(r)) {
                    return r;
                }
            }
            assertThat(System.nanoTime()).as("waiting for a syslog record").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
