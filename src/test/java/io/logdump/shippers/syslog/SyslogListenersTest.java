package io.logdump.shippers.syslog;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TestServer;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog listeners of a running server: TCP with both framings, UDP, back-pressure and hostile senders. */
class SyslogListenersTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;
    static int tcp;
    static int udp;
    static int held;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, """
                ingest: {maxLineBytes: 4096}
                syslog:
                  - {protocol: tcp, port: 0, subject: sys/tcp}
                  - {protocol: udp, port: 0, subject: sys/udp, timeZone: "+08:00"}
                  - {protocol: tcp, port: 0, subject: sys/held}
                """);
        api = server.api;
        Shippers.subject(api, "sys", "tcp", Shippers.JSON_WITH_TIME);
        Shippers.subject(api, "sys", "udp", Shippers.JSON_WITH_TIME);
        Shippers.subject(api, "sys", "held", null);
        List<Integer> ports = server.server.syslogPorts();
        tcp = ports.get(0);
        udp = ports.get(1);
        held = ports.get(2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tcpTellsOctetCountingFromNewlineFramingAndEveryHeaderFieldIsKept() throws Exception {
        String rfc5424 = "<165>1 2026-11-29T07:09:49.861Z web-1 shop 4711 ID47 [origin ip=\"10.0.0.1\"] order placed";
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
            OutputStream out = s.getOutputStream();
            out.write((rfc5424.getBytes(StandardCharsets.UTF_8).length + " " + rfc5424).getBytes(StandardCharsets.UTF_8));
            out.write("<11>Nov 26 07:10:00 web-2 cron[99]: job failed\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        JsonNode placed = Shippers.raw(await("sys", "tcp", r -> r.get("raw").asText().contains("order placed")));
        assertThat(placed.get("host").asText()).isEqualTo("web-1");
        assertThat(placed.get("app").asText()).isEqualTo("shop");
        assertThat(placed.get("procId").asText()).isEqualTo("4711");
        assertThat(placed.get("msgId").asText()).isEqualTo("ID47");
        assertThat(placed.get("facility").asText()).isEqualTo("local4");
        assertThat(placed.get("severity").asText()).isEqualTo("notice");
        assertThat(placed.get("structuredData").get("origin").get("ip").asText()).isEqualTo("10.0.0.1");
        assertThat(placed.get("message").asText()).isEqualTo("order placed");
        JsonNode failed = await("sys", "tcp", r -> r.get("raw").asText().contains("job failed"));
        assertThat(failed.get("time").asText()).as("an RFC 3164 time in UTC, this year").isEqualTo("2026-11-26T07:10:00Z");
        assertThat(Shippers.raw(failed).get("severity").asText()).isEqualTo("err");
        assertThat(Shippers.raw(failed).get("app").asText()).isEqualTo("cron");
        assertThat(await("sys", "tcp", r -> r.get("raw").asText().contains("order placed")).get("time").asText())
                .isEqualTo("2026-11-29T07:09:49.861Z");
    }

    @Test
    void udpTakesOneMessagePerDatagramAndReadsRfc3164InTheListenersZone() throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            for (String m : List.of("<14>Nov 26 16:00:00 box app: from udp\n", "<14>1 - box app - - - rfc5424 over udp")) {
                byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), udp));
            }
        }
        assertThat(await("sys", "udp", r -> r.get("raw").asText().contains("from udp")).get("time").asText())
                .as("16:00 at +08:00").isEqualTo("2026-11-26T08:00:00Z");
        assertThat(await("sys", "udp", r -> r.get("raw").asText().contains("rfc5424 over udp"))).isNotNull();
    }

    @Test
    void messagesTheStoreCannotTakeYetAreHeldAndStoredOnceItCan() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), held)) {
            s.getOutputStream().write("<13>Nov 26 08:00:00 h a: waits for a collection configuration\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            Thread.sleep(500);
            assertThat(Shippers.records(api, "sys", "held")).isEmpty();
            assertThat(api.put("/api/v1/logsets/sys/subjects/held/collection", j("{'parser':{'type':'json'}}")).status()).isEqualTo(200);
            assertThat(await("sys", "held", r -> r.get("raw").asText().contains("waits for"))).isNotNull();
        }
    }

    @Test
    void hostileSendersDoNotKeepANormalSenderWaiting() throws Exception {
        try (Socket tiny = new Socket(InetAddress.getLoopbackAddress(), tcp);
             Socket garbage = new Socket(InetAddress.getLoopbackAddress(), tcp);
             Socket oversized = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
            tiny.getOutputStream().write("0123456789".getBytes(StandardCharsets.UTF_8));
            byte[] random = new byte[100_000];
            new java.util.Random(3).nextBytes(random);
            garbage.getOutputStream().write(random);
            oversized.getOutputStream().write(("99999999 " + "x".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
            oversized.getOutputStream().write(("y".repeat(10_000) + "\n").getBytes(StandardCharsets.UTF_8));
            try (DatagramSocket u = new DatagramSocket()) {
                byte[] big = new byte[60_000];
                u.send(new DatagramPacket(big, big.length, InetAddress.getLoopbackAddress(), udp));
                u.send(new DatagramPacket(random, 10, InetAddress.getLoopbackAddress(), udp));
            }
            long start = System.nanoTime();
            try (Socket normal = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
                normal.getOutputStream().write("<13>Nov 26 08:00:00 h a: a normal sender meanwhile\n".getBytes(StandardCharsets.UTF_8));
                normal.getOutputStream().flush();
                await("sys", "tcp", r -> r.get("raw").asText().contains("a normal sender meanwhile"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
        JsonNode ten = await("sys", "tcp", r -> r.get("raw").asText().contains("0123456789"));
        assertThat(Shippers.raw(ten).get("message").asText()).as("ten bytes: a message without a header").isEqualTo("0123456789");
        assertThat(Shippers.records(api, "sys", "tcp")).noneMatch(r -> r.get("raw").asText().contains("xxxxxxxxxx"))
                .noneMatch(r -> r.get("raw").asText().contains("yyyyyyyyyy"));
    }

    private static JsonNode await(String logset, String subject, Predicate<JsonNode> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (JsonNode r : Shippers.records(api, logset, subject)) {
                if (match.test(r)) {
                    return r;
                }
            }
            assertThat(System.nanoTime()).as("waiting for a record of " + logset + "/" + subject).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
