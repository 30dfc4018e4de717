package io.logdump.shippers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.testutil.Api;
import io.logdump.testutil.Certificates;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TestServer;
import io.logdump.testutil.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shippers people run, unchanged, against a running server: the official Elasticsearch
 * JavaScript client and its bulk helper, the OpenTelemetry JavaScript SDK's OTLP/HTTP log exporters
 * (protobuf and JSON; they send chunked bodies without a length), util-linux {@code logger} (RFC 5424
 * octet-counted over TCP and over UDP, RFC 3164 newline-framed over TCP and over UDP) and rsyslog
 * forwarding over TCP with octet counting, plain and over TLS. Each record must land in its subject with its fields.
 */
class ShipperClientsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ES_TIME = "{'parser':{'type':'json'},'time':{'field':'@timestamp','format':'iso8601'}}";

    @TempDir
    static Path dir;
    static TestServer server;
    static Api admin;
    static int tcp;
    static int udp;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, """
                syslog:
                  - {protocol: tcp, port: 0, subject: shippers/syslog}
                  - {protocol: udp, port: 0, subject: shippers/syslog}
                """);
        admin = server.api;
        Shippers.subject(admin, "shippers", "elastic", ES_TIME);
        Shippers.subject(admin, "shippers", "otel", Shippers.JSON_WITH_TIME);
        Shippers.subject(admin, "shippers", "syslog", Shippers.JSON_WITH_TIME);
        tcp = server.server.syslogPorts().get(0);
        udp = server.server.syslogPorts().get(1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theOfficialElasticsearchClientAndItsBulkHelper() throws Exception {
        String token = Shippers.token(admin, "es-client", "ingest", "shippers/elastic");
        JsonNode out = json(Tools.node("elastic-client.mjs", Map.of("LOGDUMP_URL", server.server.url(), "LOGDUMP_TOKEN", token,
                "INDEX", "shippers.elastic", "DOCS", "1000")).out());
        assertThat(out.get("version").asText()).startsWith("8.");
        assertThat(out.get("health").asText()).isEqualTo("green");
        assertThat(out.get("bulk").get("successful").asInt()).isEqualTo(1000);
        assertThat(out.get("bulk").get("failed").asInt()).isZero();
        assertThat(out.get("mixed").get("errors").asBoolean()).isTrue();
        assertThat(out.get("mixed").get("statuses").toString()).isEqualTo("[201,404]");
        List<JsonNode> stored = Shippers.records(admin, "shippers", "elastic");
        assertThat(stored).hasSize(1001);
        assertThat(stored).anySatisfy(r -> {
            assertThat(r.get("time").asText()).isEqualTo("2026-11-29T07:00:00.999Z");
            assertThat(Shippers.raw(r).get("message").asText()).isEqualTo("order 999");
        });
    }

    @Test
    void theOpenTelemetryLogExportersInProtobufAndJson() throws Exception {
        String token = Shippers.token(admin, "otel-sdk", "ingest", "shippers/otel");
        Map<String, String> env = Map.of("LOGDUMP_URL", server.server.url(), "LOGDUMP_TOKEN", token, "RECORDS", "120");
        for (String encoding : List.of("proto", "json")) {
            JsonNode out = json(Tools.node("otlp-exporter.mjs", env, encoding).out());
            assertThat(out.get("errors")).as(encoding + ": " + out).isEmpty();
            assertThat(out.get("results")).as(encoding).isNotEmpty().allSatisfy(code -> assertThat(code.asInt()).as("SUCCESS").isZero());
        }
        JsonNode gz = json(Tools.node("otlp-exporter.mjs", Map.of("LOGDUMP_URL", server.server.url(), "LOGDUMP_TOKEN", token,
                "RECORDS", "10", "COMPRESSION", "gzip", "TAG", "gzipped"), "proto").out());
        assertThat(gz.get("errors")).isEmpty();
        List<JsonNode> stored = Shippers.records(admin, "shippers", "otel");
        assertThat(stored).hasSize(250);
        for (String encoding : List.of("proto", "json")) {
            JsonNode r = stored.stream().filter(s -> Shippers.raw(s).get("body").asText().equals(encoding + " payment 7")).findFirst().orElseThrow();
            assertThat(r.get("time").asText()).as("the record's time").isEqualTo("2026-11-29T07:00:00.007Z");
            JsonNode fields = Shippers.raw(r);
            assertThat(fields.get("severity").asText()).isEqualTo("ERROR");
            assertThat(fields.get("severityNumber").asInt()).isEqualTo(17);
            assertThat(fields.get("traceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
            assertThat(fields.get("spanId").asText()).isEqualTo("eee19b7ec3c1b174");
            assertThat(fields.get("attributes").get("order.id").asInt()).isEqualTo(7);
            assertThat(fields.get("attributes").get("order.tags").toString()).isEqualTo("[\"eu\",\"card\"]");
            assertThat(fields.get("resource").get("service.name").asText()).isEqualTo("checkout");
            assertThat(fields.get("scope").get("version").asText()).isEqualTo("1.2.3");
        }
    }

    @Test
    void loggerOverTcpAndUdpInBothFormats() throws Exception {
        Tools.require("logger", "util-linux's logger (apt-get install bsdutils)");
        String port = Integer.toString(tcp);
        logger("--tcp", "--octet-count", "--rfc5424", "-P", port, "-t", "billing", "--msgid", "INV1", "--sd-id", "order@32473",
                "--sd-param", "id=\"42\"", "-p", "local0.err", "tcp rfc5424 octet-counted");
        logger("--tcp", "--rfc3164", "-P", port, "-t", "billing", "-p", "user.warning", "tcp rfc3164 newline-framed");
        logger("--udp", "--rfc5424", "-P", Integer.toString(udp), "-t", "billing", "udp rfc5424");
        logger("--udp", "--rfc3164", "-P", Integer.toString(udp), "-t", "billing", "udp rfc3164");

        JsonNode octet = Shippers.raw(await(r -> r.get("raw").asText().contains("tcp rfc5424 octet-counted")));
        assertThat(octet.get("format").asText()).isEqualTo("rfc5424");
        assertThat(octet.get("app").asText()).isEqualTo("billing");
        assertThat(octet.get("msgId").asText()).isEqualTo("INV1");
        assertThat(octet.get("facility").asText()).isEqualTo("local0");
        assertThat(octet.get("severity").asText()).isEqualTo("err");
        assertThat(octet.get("structuredData").get("order@32473").get("id").asText()).isEqualTo("42");
        assertThat(octet.get("message").asText()).isEqualTo("tcp rfc5424 octet-counted");
        JsonNode newline = Shippers.raw(await(r -> r.get("raw").asText().contains("tcp rfc3164 newline-framed")));
        assertThat(newline.get("format").asText()).isEqualTo("rfc3164");
        assertThat(newline.get("severity").asText()).isEqualTo("warning");
        assertThat(newline.get("app").asText()).isEqualTo("billing");
        assertThat(Shippers.raw(await(r -> r.get("raw").asText().contains("udp rfc5424"))).get("format").asText()).isEqualTo("rfc5424");
        assertThat(Shippers.raw(await(r -> r.get("raw").asText().contains("udp rfc3164"))).get("format").asText()).isEqualTo("rfc3164");
    }

    @Test
    void rsyslogForwardsOverTcpWithOctetCounting() throws Exception {
        forwardThroughRsyslog(admin, "shippers", "syslog", "plain", String.join("\n",
                "action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + tcp + "\" protocol=\"tcp\" TCP_Framing=\"octet-counted\"",
                "       template=\"RSYSLOG_SyslogProtocol23Format\"",
                "       action.resumeRetryCount=\"-1\" queue.type=\"LinkedList\" queue.size=\"10000\")"), "");
    }

    @Test
    void rsyslogForwardsOverTlsCheckingTheServersName() throws Exception {
        Tools.require("rsyslogd", "Debian's rsyslog (apt-get install rsyslog; .ci/run does)");
        Path gtls;
        try (var found = Files.find(Path.of("/usr/lib"), 4, (p, a) -> p.getFileName().toString().equals("lmnsd_gtls.so"))) {
            gtls = found.findFirst().orElse(null);
        }
        assertThat(gtls).as("rsyslog's TLS driver (apt-get install rsyslog-gnutls; .ci/run does)").isNotNull();
        Path tlsDir = Files.createDirectories(dir.resolve("tls"));
        Instant now = Instant.now();
        Certificates.Issued ca = Certificates.authority(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Certificates.Issued leaf = Certificates.issuedBy(ca, Certificates.ecKeys(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Path caFile = Files.writeString(tlsDir.resolve("ca.pem"), ca.certificatePem());
        Path cert = Files.writeString(tlsDir.resolve("cert.pem"), leaf.certificatePem() + ca.certificatePem());
        Path key = Files.writeString(tlsDir.resolve("key.pem"), leaf.pkcs8KeyPem());
        try (TestServer secure = TestServer.start(Files.createDirectories(tlsDir.resolve("data")),
                "tls: {certificate: \"" + cert + "\", privateKey: \"" + key + "\"}\n"
                        + "syslog:\n  - {protocol: tls, port: 0, subject: shippers/secure}\n")) {
            Api api = Api.trusting(secure.server.url(), Certificates.trusting(ca.certificate())).withAuthorization(TestServer.ADMIN_BASIC);
            Shippers.subject(api, "shippers", "secure", Shippers.JSON_WITH_TIME);
            int port = secure.server.syslogPorts().get(0);
            // the configuration the README shows: TLS, the server's name checked against the authority's certificate
            forwardThroughRsyslog(api, "shippers", "secure", "tls", String.join("\n",
                    "action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + port + "\" protocol=\"tcp\" TCP_Framing=\"octet-counted\"",
                    "       StreamDriver=\"gtls\" StreamDriverMode=\"1\" StreamDriverAuthMode=\"x509/name\" StreamDriverPermittedPeers=\"localhost\"",
                    "       template=\"RSYSLOG_SyslogProtocol23Format\"",
                    "       action.resumeRetryCount=\"-1\" queue.type=\"LinkedList\" queue.size=\"10000\")"),
                    "global(DefaultNetstreamDriverCAFile=\"" + caFile + "\")\n");
        }
    }

    /** Starts an rsyslogd with {@code action} (and {@code globals}), sends 20 messages into it with logger, and awaits them in the subject. */
    private static void forwardThroughRsyslog(Api api, String logset, String subject, String name, String action, String globals) throws Exception {
        Tools.require("rsyslogd", "Debian's rsyslog (apt-get install rsyslog; .ci/run does)");
        Tools.require("logger", "util-linux's logger (apt-get install bsdutils)");
        int input;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
            input = probe.getLocalPort();
        }
        Path work = Files.createDirectories(dir.resolve("rsyslog-" + name));
        // the configuration the README shows, plus an input of its own and a work folder in the test's folder
        Files.writeString(work.resolve("rsyslog.conf"), String.join("\n",
                "global(workDirectory=\"" + work + "\")",
                globals + "module(load=\"imudp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + input + "\")",
                action,
                ""));
        Path pid = work.resolve("rsyslogd.pid");
        Process rsyslog = new ProcessBuilder("rsyslogd", "-n", "-f", work.resolve("rsyslog.conf").toString(), "-i", pid.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("rsyslogd.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(pid)) {
                assertThat(rsyslog.isAlive()).as("rsyslogd runs: " + Files.readString(work.resolve("rsyslogd.log"))).isTrue();
                assertThat(System.nanoTime()).as("rsyslogd starts").isLessThan(deadline);
                Thread.sleep(50);
            }
            for (int i = 0; i < 20; i++) {
                logger("--udp", "--rfc3164", "-P", Integer.toString(input), "-t", "relayed", "-p", "daemon.info", "through rsyslog " + name + " " + i);
            }
            for (int i = 0; i < 20; i++) {
                int n = i;
                JsonNode m = Shippers.raw(await(api, logset, subject, r -> r.get("raw").asText().contains("through rsyslog " + name + " " + n + "\""),
                        work.resolve("rsyslogd.log")));
                assertThat(m.get("format").asText()).as("RFC 5424, octet-counted").isEqualTo("rfc5424");
                assertThat(m.get("app").asText()).isEqualTo("relayed");
                assertThat(m.get("facility").asText()).isEqualTo("daemon");
                assertThat(m.get("severity").asText()).isEqualTo("info");
            }
        } finally {
            rsyslog.destroy(); // only the rsyslogd this test started
            if (!rsyslog.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                rsyslog.destroyForcibly();
            }
        }
    }

    private static void logger(String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "logger";
        command[1] = "-n";
        command[2] = "127.0.0.1";
        System.arraycopy(args, 0, command, 3, args.length);
        Tools.Output out = Tools.run(dir, Map.of(), 30, command);
        assertThat(out.exit()).as(String.join(" ", command) + ": " + out.err()).isZero();
    }

    private static JsonNode await(Predicate<JsonNode> match) throws Exception {
        return await(admin, "shippers", "syslog", match, null);
    }

    /** The first record of the subject that matches, waiting up to 15 s; {@code log}: a sender's log to show when none comes. */
    private static JsonNode await(Api api, String logset, String subject, Predicate<JsonNode> match, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            for (JsonNode r : Shippers.records(api, logset, subject)) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching record in " + logset + "/" + subject + " after 15 s"
                        + (log == null ? "" : "; the sender's log:\n" + Files.readString(log)));
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode json(String text) throws Exception {
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        return JSON.readTree(last);
    }
}
