package io.logdump.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.testutil.Api;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TestServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of each shipper protocol next to {@code POST .../logs} with NDJSON, on the same
 * records: the Loghub sample lines, each with a time a millisecond apart, into a subject with a
 * {@code json} parser and a time field, every request fsynced. Each protocol's requests carry about
 * {@code bench.recordsPerRequest} records (default 8000, about 1 MiB of NDJSON), 4 at a time; syslog
 * is 4 TCP connections of octet-counted RFC 5424 frames, timed until the last record is stored. MB/s
 * counts the sample lines' bytes (the same for every protocol), wire MB/s the bytes sent. Not a
 * unit test (Surefire runs only {@code *Test}): {@code mvn -o test -Dtest=ShipperIngestBench
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.mb=256 -Dbench.runs=3]}; the server runs in
 * the test's JVM.
 */
class ShipperIngestBench {
    private static final int CONCURRENCY = 4;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One protocol: how a batch of records is sent, and the collection configuration of its subject. */
    private record Protocol(String name, String timeField, Function<long[], byte[]> body, String path, String contentType) {}

    @Test
    void eachProtocolNextToPostLogs() throws Exception {
        int mb = Integer.getInteger("bench.mb", 256);
        int runs = Integer.getInteger("bench.runs", 3);
        int perRequest = Integer.getInteger("bench.recordsPerRequest", 8000);
        Samples lines = Samples.load(Samples.DEFAULT_DIR);
        try (TestServer server = TestServer.start(dir, "syslog:\n  - {protocol: tcp, port: 0, subject: bench/syslog}\n")) {
            Api api = server.api;
            List<Protocol> protocols = List.of(
                    new Protocol("POST .../logs, NDJSON", "time", r -> ndjson(lines, r[0], r[1], false), "/api/v1/logsets/bench/subjects/logs/logs",
                            "application/x-ndjson"),
                    new Protocol("Elasticsearch bulk", "time", r -> ndjson(lines, r[0], r[1], true), "/bench.bulk/_bulk", "application/x-ndjson"),
                    new Protocol("OTLP/HTTP protobuf", "time", r -> otlp(lines, r[0], r[1]).toByteArray(), "/v1/logs", "application/x-protobuf"),
                    new Protocol("OTLP/HTTP JSON", "time", r -> otlpJson(lines, r[0], r[1]), "/v1/logs", "application/json"),
                    new Protocol("syslog TCP, RFC 5424 octet-counted", "time", r -> syslog(lines, r[0], r[1]), null, null));
            String[] subjects = {"logs", "bulk", "otlp", "otlpjson", "syslog"};
            System.out.printf("shipper ingest bench: %d MB of sample lines a run, %d runs after a warm-up, %d records a request, %d at a time%n",
                    mb, runs, perRequest, CONCURRENCY);
            for (int p = 0; p < protocols.size(); p++) {
                Protocol protocol = protocols.get(p);
                Shippers.subject(api, "bench", subjects[p], "{'parser':{'type':'json'},'time':{'field':'" + protocol.timeField()
                        + "','format':'iso8601'}}");
                List<byte[]> bodies = new ArrayList<>();
                long payload = 0;
                long records = 0;
                for (int b = 0; b < 16; b++) { // 16 distinct requests, sent round-robin
                    long first = (long) b * perRequest;
                    bodies.add(protocol.body().apply(new long[] {first, perRequest}));
                    for (long n = first; n < first + perRequest; n++) {
                        payload += lines.line(n).getBytes(StandardCharsets.UTF_8).length;
                    }
                    records += perRequest;
                }
                double payloadPerBody = payload / 16.0;
                long wirePerRound = Arrays.stream(bodies.toArray(new byte[0][])).mapToLong(x -> x.length).sum();
                int requests = (int) Math.ceil(mb * 1e6 / payloadPerBody);
                List<double[]> results = new ArrayList<>();
                for (int run = 0; run <= runs; run++) {
                    long t0 = System.nanoTime();
                    String subject = subjects[p];
                    long before = stored(api, subject);
                    if (protocol.path() == null) {
                        sendSyslog(server.server.syslogPorts().get(0), bodies, requests);
                    } else {
                        String path = protocol.path();
                        sendHttp(server.server.url() + path, protocol.contentType(), bodies, requests, protocol.name().startsWith("OTLP")
                                ? "bench/" + subject : null);
                    }
                    long expected = before + (long) requests * perRequest;
                    while (stored(api, subject) < expected) {
                        Thread.sleep(5);
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double mbs = requests * payloadPerBody / 1e6 / seconds;
                    double wire = requests * (wirePerRound / 16.0) / 1e6 / seconds;
                    double rps = (double) requests * perRequest / seconds;
                    if (run > 0) {
                        results.add(new double[] {mbs, rps, wire});
                    }
                    System.out.printf("  %s %s: %.1f MB/s of lines, %.0f records/s, %.1f MB/s on the wire%n", protocol.name(),
                            run == 0 ? "warm-up" : "run " + run, mbs, rps, wire);
                }
                results.sort((a, b) -> Double.compare(a[0], b[0]));
                double[] median = results.get(results.size() / 2);
                System.out.printf("RESULT | %s | %.1f | %.0f | %.1f | %s |%n", protocol.name(), median[0], median[1], median[2],
                        String.join(", ", results.stream().map(r -> String.format("%.1f", r[0])).toList()));
            }
        }
    }

    private static long stored(Api api, String subject) {
        return api.get("/api/v1/logsets/bench/subjects/" + subject).json().get("stats").get("records").asLong();
    }

    private static void sendHttp(String url, String contentType, List<byte[]> bodies, int requests, String subjectHeader) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CONCURRENCY; c++) {
                futures.add(pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < requests) {
                        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                                .header("Authorization", TestServer.ADMIN_BASIC)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) (i % bodies.size()))));
                        if (subjectHeader != null) {
                            b.header("X-Logdump-Subject", subjectHeader);
                        }
                        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        if (contentType.equals("application/x-ndjson") && url.endsWith("_bulk")) {
                            assertThat(JSON.readTree(r.body()).get("errors").asBoolean()).as("bulk errors").isFalse();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void sendSyslog(int port, List<byte[]> bodies, int requests) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CONCURRENCY; c++) {
                futures.add(pool.submit(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        OutputStream out = s.getOutputStream();
                        long i;
                        while ((i = next.getAndIncrement()) < requests) {
                            out.write(bodies.get((int) (i % bodies.size())));
                        }
                        out.flush();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The bench's NDJSON lines ({@code time}, {@code seq}, {@code message}), each after a bulk action when {@code bulk}. */
    private static byte[] ndjson(Samples lines, long first, long count, boolean bulk) {
        StringBuilder out = new StringBuilder();
        for (long n = first; n < first + count; n++) {
            if (bulk) {
                out.append("{\"create\":{}}\n");
            }
            out.append("{\"time\":\"").append(START.plusMillis(n)).append("\",\"seq\":").append(n).append(",\"message\":")
                    .append(quote(lines.line(n))).append("}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ExportLogsServiceRequest otlp(Samples lines, long first, long count) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (long n = first; n < first + count; n++) {
            Instant t = START.plusMillis(n);
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(t.getEpochSecond() * 1_000_000_000L + t.getNano())
                    .setBody(AnyValue.newBuilder().setStringValue(lines.line(n)))
                    .addAttributes(KeyValue.newBuilder().setKey("seq").setValue(AnyValue.newBuilder().setIntValue(n))));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("bench")))).addScopeLogs(scope)).build();
    }

    private static byte[] otlpJson(Samples lines, long first, long count) {
        StringBuilder out = new StringBuilder("{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"bench\"}}]},\"scopeLogs\":[{\"logRecords\":[");
        for (long n = first; n < first + count; n++) {
            Instant t = START.plusMillis(n);
            out.append(n == first ? "" : ",").append("{\"timeUnixNano\":\"").append(t.getEpochSecond() * 1_000_000_000L + t.getNano())
                    .append("\",\"body\":{\"stringValue\":").append(quote(lines.line(n)))
                    .append("},\"attributes\":[{\"key\":\"seq\",\"value\":{\"intValue\":\"").append(n).append("\"}}]}");
        }
        return out.append("]}]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] syslog(Samples lines, long first, long count) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long n = first; n < first + count; n++) {
            byte[] m = ("<14>1 " + START.plusMillis(n) + " web-1 bench - - - " + lines.line(n)).getBytes(StandardCharsets.UTF_8);
            out.writeBytes((m.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(m);
        }
        return out.toByteArray();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
