package io.logdump.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.logdump.testutil.Certificates;
import io.logdump.testutil.TestServer;
import io.logdump.testutil.Certificates.Issued;
import io.logdump.testutil.RawHttp;
import io.logdump.testutil.RawHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS ({@code tls} in the configuration): the API over TLS 1.2 and 1.3 only, with HSTS; the
 * plain port that only redirects; and the check at start that refuses unusable PEM files by their
 * key, never quoting their content. Certificates are made at test time.
 */
class TlsTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant YESTERDAY = NOW.minus(Duration.ofDays(1));
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A configuration file with HTTPS from {@code issued}'s files, ports 0 (free ones) and a data folder in {@code dir}. */
    private Config config(Issued issued, boolean redirect) throws Exception {
        Path cert = write("cert.pem", issued.certificatePem());
        Path key = write("key.pem", issued.pkcs8KeyPem());
        return new ConfigLoader().load(write("logdump.yaml", "tls: {certificate: \"" + cert + "\", privateKey: \"" + key + "\""
                + (redirect ? ", redirectHttpPort: 0" : "") + "}\n"), 0, dir.resolve("data"));
    }

    private static LogdumpServer start(Config config) {
        return LogdumpServer.start(config.withAuth(config.auth().withInitialAdminPassword(TestServer.ADMIN_PASSWORD)),
                Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    private static HttpClient client(SSLContext context, String... protocols) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(protocols);
        return HttpClient.newBuilder().sslContext(context).sslParameters(parameters).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", TestServer.ADMIN_BASIC).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheApiOverTls13WithHstsAndTheOtherSecurityHeaders() throws Exception {
        Issued issued = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        try (LogdumpServer server = start(config(issued, false))) {
            assertThat(server.url()).startsWith("https://127.0.0.1:");
            assertThat(server.redirectPort()).as("no redirectHttpPort, no plain port").isEmpty();

            HttpResponse<String> health = get(client(Certificates.trusting(issued.certificate()), "TLSv1.3"), server.url() + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
            assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(health.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(health.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));

            HttpResponse<String> console = get(client(Certificates.trusting(issued.certificate()), "TLSv1.2"), server.url() + "/");
            assertThat(console.statusCode()).as("the console, over TLS 1.2").isEqualTo(200);
            assertThat(console.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.2"));
            assertThat(console.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            HttpResponse<String> missing = get(client(Certificates.trusting(issued.certificate()), "TLSv1.3"), server.url() + "/api/v1/nothing");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Strict-Transport-Security")).as("errors too").hasValue("max-age=31536000");
        }
    }

    @Test
    void ingestAndReadBackWorkOverTls() throws Exception {
        Issued issued = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        try (LogdumpServer server = start(config(issued, false))) {
            HttpClient client = client(Certificates.trusting(issued.certificate()), "TLSv1.3");
            String base = server.url() + "/api/v1/logsets";
            assertThat(send(client, "POST", base, "application/json", "{\"name\":\"web\",\"region\":\"local\"}").statusCode()).isEqualTo(201);
            assertThat(send(client, "POST", base + "/web/subjects", "application/json", "{\"name\":\"access\"}").statusCode()).isEqualTo(201);
            assertThat(send(client, "PUT", base + "/web/subjects/access/collection", "application/json", "{\"parser\":{\"type\":\"raw\"}}")
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> ingested = send(client, "POST", base + "/web/subjects/access/logs", "text/plain", "one\ntwo\nthree\n");
            assertThat(ingested.body()).contains("\"accepted\":3");
            assertThat(get(client, base + "/web/subjects/access/logs").body()).contains("\"raw\":\"one\"", "\"raw\":\"three\"");
        }
    }

    private static HttpResponse<String> send(HttpClient client, String method, String url, String contentType, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", contentType)
                .header("Authorization", TestServer.ADMIN_BASIC)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sendsTheWholeChainSoAClientThatTrustsOnlyTheAuthorityConnects() throws Exception {
        Issued ca = Certificates.authority(YESTERDAY, NEXT_YEAR);
        Issued leaf = Certificates.issuedBy(ca, Certificates.rsaKeys(), YESTERDAY, NEXT_YEAR);
        Path cert = write("chain.pem", leaf.certificatePem() + ca.certificatePem());
        Path key = write("key.pem", leaf.traditionalKeyPem());
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Config config = new ConfigLoader().load(write("logdump.yaml", "tls: {certificate: \"" + cert + "\", privateKey: \"" + key + "\"}\n"),
                0, dir.resolve("data"));
        try (LogdumpServer server = start(config)) {
            assertThat(get(client(Certificates.trusting(ca.certificate()), "TLSv1.3"), server.url() + "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAClientThatOffersOnlyTls11() throws Exception {
        Issued issued = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        try (LogdumpServer server = start(config(issued, false))) {
            int port = URI.create(server.url()).getPort();
            // the JDK's own client no longer offers TLS 1.1 at all, so the hello is written by hand
            assertThat(firstRecord(port, 0x0302)).as("a TLS 1.1 hello: a fatal protocol_version alert")
                    .isEqualTo(new ServerRecord(ALERT, 2, PROTOCOL_VERSION));
            assertThat(firstRecord(port, 0x0301).type()).as("nor TLS 1.0").isEqualTo(ALERT);
            assertThat(firstRecord(port, 0x0303).type()).as("the same hello as TLS 1.2: a ServerHello").isEqualTo(HANDSHAKE);
        }
    }

    @Test
    void thePlainPortAnswersEveryRequestWith308ToTheSamePathOnHttps() throws Exception {
        Issued issued = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        try (LogdumpServer server = start(config(issued, true))) {
            int httpsPort = URI.create(server.url()).getPort();
            String plain = "http://127.0.0.1:" + server.redirectPort().orElseThrow();
            Reply read = send(plain, "GET /api/v1/logsets?limit=5&x=%2F HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(read.status()).isEqualTo(308);
            assertThat(read.headers()).containsEntry("location", "https://127.0.0.1:" + httpsPort + "/api/v1/logsets?limit=5&x=%2F")
                    .doesNotContainKey("strict-transport-security");
            String body = "{\"name\":\"web\",\"region\":\"local\"}";
            Reply write = send(plain, "POST /api/v1/logsets HTTP/1.1\r\nHost: localhost:" + httpsPort + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            assertThat(write.status()).as("a write too, the method kept by 308").isEqualTo(308);
            assertThat(write.headers()).containsEntry("location", "https://localhost:" + httpsPort + "/api/v1/logsets");
            assertThat(send(plain, "GET /health HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n").status())
                    .as("a host name the server does not serve").isEqualTo(421);

            HttpClient following = HttpClient.newBuilder().sslContext(Certificates.trusting(issued.certificate()))
                    .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> landed = get(following, plain + "/api/v1/logsets");
            assertThat(landed.uri().toString()).as("a client that follows the redirect lands on HTTPS")
                    .isEqualTo("https://127.0.0.1:" + httpsPort + "/api/v1/logsets");
            assertThat(landed.statusCode()).isEqualTo(200);
            assertThat(landed.body()).as("the POST sent in clear text created nothing").doesNotContain("\"web\"");
        }
    }

    @Test
    void withoutTlsNothingChanges() throws Exception {
        try (LogdumpServer server = start(new ConfigLoader().load(null, 0, dir.resolve("data")))) {
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            assertThat(server.redirectPort()).isEmpty();
            Reply health = send(server.url(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.headers()).containsKey("x-content-type-options").doesNotContainKey("strict-transport-security");
        }
    }

    @Test
    void anEcKeyIsAcceptedWhenALibraryHasInstalledBouncyCastleFirst() throws Exception {
        Issued ec = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        Path cert = write("ec.pem", ec.certificatePem());
        Path key = write("ec-key.pem", ec.pkcs8KeyPem());
        boolean installed = java.security.Security.getProvider("BC") == null;
        if (installed) { // as S3Proxy's jclouds does in the same JVM: its EC keys then call themselves ECDSA
            java.security.Security.insertProviderAt(new org.bouncycastle.jce.provider.BouncyCastleProvider(), 1);
        }
        try {
            assertThat(TlsFiles.check(cert, key, NOW)).isEmpty();
        } finally {
            if (installed) {
                java.security.Security.removeProvider("BC");
            }
        }
    }

    @Test
    void acceptsPkcs8Pkcs1AndSec1KeysAndRefusesAnEncryptedOne() throws Exception {
        Issued ec = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        Issued rsa = Certificates.selfSigned(Certificates.rsaKeys(), YESTERDAY, NEXT_YEAR);
        Path ecCert = write("ec.pem", ec.certificatePem());
        Path rsaCert = write("rsa.pem", rsa.certificatePem());
        assertThat(ec.traditionalKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(TlsFiles.check(ecCert, write("ec-pkcs8.pem", ec.pkcs8KeyPem()), NOW)).isEmpty();
        assertThat(TlsFiles.check(ecCert, write("ec-sec1.pem", ec.traditionalKeyPem()), NOW)).isEmpty();
        assertThat(TlsFiles.check(rsaCert, write("rsa-pkcs1.pem", rsa.traditionalKeyPem()), NOW)).isEmpty();
        assertThat(TlsFiles.check(rsaCert, write("rsa-pkcs8.pem", rsa.pkcs8KeyPem()), NOW)).isEmpty();

        Path encrypted = write("encrypted.pem", ec.encryptedPkcs8KeyPem("a passphrase".toCharArray()));
        assertThat(TlsFiles.check(ecCert, encrypted, NOW)).singleElement().asString()
                .startsWith("tls.privateKey: " + encrypted + " — ").contains("encrypted");
    }

    @Test
    void anExpiredCertificateIsRefusedAtStartWithExitStatus2() throws Exception {
        Issued expired = Certificates.selfSigned(Certificates.ecKeys(), NOW.minus(Duration.ofDays(30)), YESTERDAY);
        Path cert = write("cert.pem", expired.certificatePem());
        Path key = write("key.pem", expired.pkcs8KeyPem());
        Path file = write("logdump.yaml", "tls: {certificate: \"" + cert + "\", privateKey: \"" + key + "\"}\n");
        ConfigException e = refused(file);
        assertThat(e.problems()).singleElement().asString()
                .startsWith("tls.certificate: " + cert + " — the certificate (CN=localhost) expired on " + YESTERDAY);
        assertNoPemIn(e.getMessage(), cert, key);

        assertThat(refused(file, Clock.fixed(NOW.minus(Duration.ofDays(60)), ZoneOffset.UTC)).problems())
                .as("nor before its first day").singleElement().asString().contains("is not valid before");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run("server", "--config", file.toString(), "--data-dir", dir.resolve("data").toString());
        } finally {
            System.setErr(original);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tls.certificate: " + cert + " — ").contains("expired");
        assertNoPemIn(err.toString(StandardCharsets.UTF_8), cert, key);
        assertThat(dir.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefusedNamingTheKey() throws Exception {
        Issued issued = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        Issued other = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        Issued rsa = Certificates.selfSigned(Certificates.rsaKeys(), YESTERDAY, NEXT_YEAR);
        Path cert = write("cert.pem", issued.certificatePem());
        Path key = write("other-key.pem", other.pkcs8KeyPem());
        ConfigException e = refused(write("logdump.yaml", "tls: {certificate: \"" + cert + "\", privateKey: \"" + key + "\"}\n"));
        assertThat(e.problems()).singleElement().asString().startsWith("tls.privateKey: " + key + " — does not match the certificate");
        assertNoPemIn(e.getMessage(), cert, key);

        Path rsaKey = write("rsa-key.pem", rsa.traditionalKeyPem());
        assertThat(TlsFiles.check(cert, rsaKey, NOW)).singleElement().asString()
                .startsWith("tls.privateKey: " + rsaKey + " — is an RSA key, but the certificate holds an EC key");
    }

    @Test
    void garbageMissingAndMisplacedFilesAreRefusedWithoutTheirContent() throws Exception {
        Issued issued = Certificates.selfSigned(Certificates.ecKeys(), YESTERDAY, NEXT_YEAR);
        Path cert = write("cert.pem", issued.certificatePem());
        Path key = write("key.pem", issued.pkcs8KeyPem());
        Path garbageCert = write("garbage-cert.pem", "-----BEGIN CERTIFICATE-----\nc2VjcmV0LWNlcnRpZmljYXRlLWdhcmJhZ2U=\n-----END CERTIFICATE-----\n");
        Path garbageKey = write("garbage-key.pem", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n");
        Path notPem = write("notes.txt", "secret-key-material: not PEM at all\n");

        ConfigException e = refused(write("logdump.yaml", "tls: {certificate: \"" + garbageCert + "\", privateKey: \"" + garbageKey + "\"}\n"));
        assertThat(e.problems()).containsExactly(
                "tls.certificate: " + garbageCert + " — is not a valid PEM certificate file (a block cannot be decoded)",
                "tls.privateKey: " + garbageKey + " — is not a valid PEM private key file (a block cannot be decoded)");
        assertNoPemIn(e.getMessage(), garbageCert, garbageKey);

        assertThat(TlsFiles.check(notPem, key, NOW)).containsExactly(
                "tls.certificate: " + notPem + " — holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThat(TlsFiles.check(cert, notPem, NOW)).singleElement().asString()
                .startsWith("tls.privateKey: " + notPem + " — holds no unencrypted PEM private key").doesNotContain("secret-key-material");
        assertThat(TlsFiles.check(key, key, NOW)).singleElement().asString()
                .startsWith("tls.certificate: " + key + " — holds a private key; give only certificates here");
        Path missing = dir.resolve("no-such.pem");
        assertThat(TlsFiles.check(missing, key, NOW)).containsExactly("tls.certificate: " + missing + " — does not exist");

        ConfigException incomplete = refused(write("incomplete.yaml", "tls: {certificate: \"" + cert + "\", redirectHttpPort: 70000}\n"));
        assertThat(incomplete.problems()).containsExactlyInAnyOrder(
                "tls.redirectHttpPort: 70000 — must be a whole number from 0 to 65535",
                "tls.privateKey: (missing) — is required: a PEM file with the certificate's unencrypted private key");
        Path samePortFile = write("same-port.yaml", "port: 8443\ntls: {certificate: \"" + cert + "\", privateKey: \"" + key
                + "\", redirectHttpPort: 8443, extra: 1}\n");
        ConfigException samePort = (ConfigException) catchThrowable(() -> new ConfigLoader().load(samePortFile, null, dir.resolve("data")));
        assertThat(samePort.problems()).containsExactlyInAnyOrder(
                "tls.extra — is not a known key (known: certificate, privateKey, redirectHttpPort)",
                "tls.redirectHttpPort: 8443 — must differ from port, where HTTPS is served");
    }

    private ConfigException refused(Path file) {
        return refused(file, Clock.systemUTC());
    }

    private ConfigException refused(Path file, Clock clock) {
        Throwable thrown = catchThrowable(() -> new ConfigLoader(clock).load(file, 0, dir.resolve("data")));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return (ConfigException) thrown;
    }

    /** No line of the PEM files (nor their base64 content) is in {@code text}. */
    private static void assertNoPemIn(String text, Path... files) throws IOException {
        assertThat(text).doesNotContain("-----BEGIN", "c2VjcmV0", "secret-");
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.length() >= 16 && !line.startsWith("-----")) {
                    assertThat(text).as("a line of " + f).doesNotContain(line);
                }
            }
        }
    }

    private static Reply send(String url, String request) {
        try (RawHttp http = new RawHttp(url, Duration.ofSeconds(10))) {
            return http.send(request).read();
        }
    }

    private static final int HANDSHAKE = 22;
    private static final int ALERT = 21;
    private static final int PROTOCOL_VERSION = 70;

    /** The first TLS record the server sends: its content type and, for an alert, its level and description. */
    record ServerRecord(int type, int level, int description) {}

    /** Sends a ClientHello offering at most {@code version} (0x0302: TLS 1.1) and reads the answer's first record. */
    private static ServerRecord firstRecord(int port, int version) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(clientHello(version));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException e) {
                return new ServerRecord(-1, 0, 0); // closed without a word
            }
            in.readUnsignedShort(); // the record's version
            int length = in.readUnsignedShort();
            byte[] fragment = in.readNBytes(length);
            return type == ALERT ? new ServerRecord(type, fragment[0], fragment[1] & 0xff) : new ServerRecord(type, 0, 0);
        }
    }

    /**
     * A ClientHello with {@code client_version} = {@code version} and no supported_versions
     * extension, so it offers nothing above that version: ECDHE suites in GCM and CBC, the P-256
     * and X25519 groups, ECDSA and RSA signatures.
     */
    private static byte[] clientHello(int version) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeShort(version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        b.write(random);
        b.writeByte(0); // no session id
        int[] suites = {0xC02B, 0xC02F, 0xC009, 0xC013, 0xC00A, 0xC014};
        b.writeShort(suites.length * 2);
        for (int s : suites) {
            b.writeShort(s);
        }
        b.writeByte(1);
        b.writeByte(0); // no compression
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        DataOutputStream x = new DataOutputStream(extensions);
        extension(x, 0x000a, 0x0004, 0x0017, 0x001d); // supported_groups: secp256r1, x25519
        x.writeShort(0x000b); // ec_point_formats: uncompressed
        x.writeShort(2);
        x.writeByte(1);
        x.writeByte(0);
        extension(x, 0x000d, 0x0006, 0x0403, 0x0804, 0x0401); // signature_algorithms
        b.writeShort(extensions.size());
        b.write(extensions.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        DataOutputStream r = new DataOutputStream(record);
        r.writeByte(HANDSHAKE);
        r.writeShort(0x0301); // the record version of a first hello
        r.writeShort(body.size() + 4);
        r.writeByte(1); // ClientHello
        r.writeByte(0);
        r.writeShort(body.size());
        r.write(body.toByteArray());
        return record.toByteArray();
    }

    /** An extension whose data is a 2-byte length ({@code listBytes}) and 2-byte values. */
    private static void extension(DataOutputStream out, int type, int listBytes, int... values) throws IOException {
        out.writeShort(type);
        out.writeShort(listBytes + 2);
        out.writeShort(listBytes);
        for (int v : values) {
            out.writeShort(v);
        }
    }
}
