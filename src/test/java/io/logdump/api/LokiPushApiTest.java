package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Loki's push API, {@code POST /loki/api/v1/push}: protobuf in a Snappy block and JSON, the
 * subject chosen as the API says, Loki's answers, and hostile bodies.
 */
class LokiPushApiTest {
    private static final String PATH = "/loki/api/v1/push";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    @TempDir
    static Path dir;
    static TestServer server;
    static Api admin;
    static String appToken;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "ingest: {maxBodyMB: 2}\n");
        admin = server.api;
        Shippers.subject(admin, "loki", "app", Shippers.JSON_WITH_TIME);
        Shippers.subject(admin, "loki", "web", Shippers.JSON_WITH_TIME);
        Shippers.subject(admin, "loki", "bare", null);
        Shippers.subject(admin, "loki", "strict", "{'parser':{'type':'json'},'time':{'field':'time','format':'iso8601'},'onParseError':'reject'}");
        appToken = Shippers.token(admin, "loki-app", "ingest", "loki/app");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void protobufInASnappyBlockKeepsTimeLineLabelsAndStructuredMetadata() throws Exception {
        byte[] request = push(stream("{app=\"shop\", env=\"prod\", path=\"C:\\\\logs\\\"x\\\"\"}",
                entry(1_764_400_000L, 123_456_789, "payment failed", Map.of("trace_id", "5b8efff7"))));
        Response r = admin.anonymous().withToken(appToken).send("POST", PATH, Snappy.compress(request), "Content-Type", PROTOBUF);
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        JsonNode stored = find("app", "payment failed");
        assertThat(stored.get("time").asText()).as("the entry's time is the log time (the store keeps milliseconds)")
                .isEqualTo("2025-11-29T07:06:40.123Z");
        JsonNode fields = Shippers.raw(stored);
        assertThat(fields.get("time").asText()).as("the line keeps nanoseconds").isEqualTo("2025-11-29T07:06:40.123456789Z");
        assertThat(fields.get("labels").get("app").asText()).isEqualTo("shop");
        assertThat(fields.get("labels").get("env").asText()).isEqualTo("prod");
        assertThat(fields.get("labels").get("path").asText()).as("Go escapes in the label text").isEqualTo("C:\\logs\"x\"");
        assertThat(fields.get("metadata").get("trace_id").asText()).isEqualTo("5b8efff7");
    }

    @Test
    void jsonGzipOrNotWithTheSubjectFromTheHeaderThenTheStreamLabel() {
        String byHeader = """
                {"streams":[{"values":[["1764400000000000001","by header",{"user":"ann"}]],"stream":{"job":"cart"}}]}""";
        Response header = admin.send("POST", PATH, Shippers.gzip(byHeader.getBytes(StandardCharsets.UTF_8)), "Content-Type", JSON,
                "Content-Encoding", "gzip", "X-Logdump-Subject", "loki/web");
        assertThat(header.status()).as(header.toString()).isEqualTo(204);
        JsonNode fields = Shippers.raw(find("web", "by header"));
        assertThat(fields.get("time").asText()).isEqualTo("2025-11-29T07:06:40.000000001Z");
        assertThat(fields.get("labels").get("job").asText()).as("labels given after the values").isEqualTo("cart");
        assertThat(fields.get("metadata").get("user").asText()).isEqualTo("ann");

        String byLabel = """
                {"streams":[{"stream":{"job":"cart","logdump_subject":"loki/web"},"values":[["1764400000000000000","by label"]]}]}""";
        Response label = admin.send("POST", PATH, byLabel.getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);
        assertThat(label.status()).as(label.toString()).isEqualTo(204);
        assertThat(Shippers.raw(find("web", "by label")).has("metadata")).as("no metadata: none written").isFalse();

        String nowhere = """
                {"streams":[{"stream":{"job":"cart"},"values":[["1764400000000000000","nowhere"]]}]}""";
        Response none = admin.send("POST", PATH, nowhere.getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.contentType()).startsWith("text/plain");
        assertThat(none.text()).contains("X-Logdump-Subject", "logdump_subject");
    }

    @Test
    void entriesTheCollectionConfigurationRejectsAre400AndTheOthersAreStored() throws Exception {
        byte[] request = push(stream("{app=\"shop\"}", entry(1_764_400_000L, 0, "kept", Map.of()), entryWithoutTime("no time")));
        Response r = admin.send("POST", PATH, Snappy.compress(request), "Content-Type", PROTOBUF, "X-Logdump-Subject", "loki/strict",
                "Content-Encoding", "snappy");
        assertThat(r.status()).as("Loki answers 400 for entries it refuses, and clients do not send the batch again").isEqualTo(400);
        assertThat(r.text()).contains("1 of 2 entries were not stored", "no time field 'time'");
        assertThat(find("strict", "kept")).isNotNull();
        assertThat(Shippers.records(admin, "loki", "strict")).hasSize(1);
    }

    @Test
    void refusalsArePlainTextWithLokisStatuses() {
        byte[] body = json("loki/app", "x");
        Response anonymous = admin.anonymous().send("POST", PATH, body, "Content-Type", JSON);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("text/plain");

        Response elsewhere = admin.anonymous().withToken(appToken).send("POST", PATH, body, "Content-Type", JSON,
                "X-Logdump-Subject", "loki/web");
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(elsewhere.text()).contains("loki/web");
        Response labelElsewhere = admin.anonymous().withToken(appToken).send("POST", PATH, json("loki/web", "label ignored"),
                "Content-Type", JSON);
        assertThat(labelElsewhere.status()).as("a token scoped to one subject sends there, whatever the stream label says").isEqualTo(204);
        assertThat(find("app", "label ignored")).isNotNull();

        assertThat(admin.send("POST", PATH, json("loki/missing", "x"), "Content-Type", JSON).status()).isEqualTo(404);
        assertThat(admin.send("POST", PATH, json("loki/bare", "x"), "Content-Type", JSON).status()).isEqualTo(409);
        assertThat(admin.send("POST", PATH, body, "Content-Type", "text/plain").status()).isEqualTo(415);
        assertThat(admin.send("POST", PATH, body, "Content-Type", JSON, "Content-Encoding", "deflate").status()).isEqualTo(415);
        assertThat(admin.send("POST", PATH, body, "Content-Type", JSON, "Content-Encoding", "snappy").status())
                .as("a JSON body is never a Snappy block").isEqualTo(415);
    }

    @Test
    void hostileBodiesAre400Or413AndQuickWhileANormalClientIsServed() {
        Api token = admin.anonymous().withToken(appToken);
        String normal = "/api/v1/me";
        Map<String, Response> answers = new java.util.LinkedHashMap<>();
        answers.put("ten bytes as protobuf", Shippers.whileANormalClientIsServed(token, normal,
                () -> token.send("POST", PATH, "0123456789".getBytes(StandardCharsets.UTF_8), "Content-Type", PROTOBUF)));
        answers.put("malformed JSON", token.send("POST", PATH, "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",".getBytes(
                StandardCharsets.UTF_8), "Content-Type", JSON));
        answers.put("JSON nested half a million deep", Shippers.whileANormalClientIsServed(token, normal,
                () -> token.send("POST", PATH, ("{\"streams\":[{\"values\":" + "[".repeat(500_000) + "]".repeat(500_000) + "}]}")
                        .getBytes(StandardCharsets.UTF_8), "Content-Type", JSON)));
        byte[] whole = push(stream("{app=\"shop\"}", entry(1_764_400_000L, 0, "whole", Map.of())));
        answers.put("truncated protobuf", token.send("POST", PATH, snappy(java.util.Arrays.copyOf(whole, whole.length - 3)),
                "Content-Type", PROTOBUF));
        answers.put("wrong label syntax", token.send("POST", PATH, snappy(push(stream("{app=shop}", entry(1L, 0, "x", Map.of())))),
                "Content-Type", PROTOBUF));
        answers.put("a matcher in the labels", token.send("POST", PATH, snappy(push(stream("{app!=\"shop\"}", entry(1L, 0, "x", Map.of())))),
                "Content-Type", PROTOBUF));
        answers.put("a JSON label name that Prometheus does not allow", token.send("POST", PATH,
                "{\"streams\":[{\"stream\":{\"a-b\":\"c\"},\"values\":[]}]}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON));
        answers.put("a JSON timestamp past 64 bits", token.send("POST", PATH,
                "{\"streams\":[{\"values\":[[\"99999999999999999999\",\"x\"]]}]}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON));
        answers.put("a JSON timestamp as a number", token.send("POST", PATH,
                "{\"streams\":[{\"values\":[[1764400000000000000,\"x\"]]}]}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON));
        answers.put("a protobuf timestamp past year 9999", token.send("POST", PATH,
                snappy(push(stream("{app=\"shop\"}", entry(253_402_300_800L, 0, "x", Map.of())))), "Content-Type", PROTOBUF));
        answers.put("protobuf nanos past a second", token.send("POST", PATH,
                snappy(push(stream("{app=\"shop\"}", entry(1L, 1_000_000_000, "x", Map.of())))), "Content-Type", PROTOBUF));
        answers.forEach((what, r) -> {
            assertThat(r.status()).as(what + ": " + r).isEqualTo(400);
            assertThat(r.contentType()).as(what).startsWith("text/plain");
        });
        assertThat(answers.get("wrong label syntax").text()).contains("{app=shop}", "a value in double quotes was expected");
        assertThat(answers.get("a protobuf timestamp past year 9999").text()).contains("out of range");
    }

    @Test
    void aSnappyBlockThatDeclaresALengthPastTheLimitOrPastWhatItCanHoldIsRefusedBeforeAnythingIsAllocated() {
        Api token = admin.anonymous().withToken(appToken);
        // a varint of 4 GiB - 1, then nothing: refused by the length alone
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x00};
        Response tooLarge = Shippers.whileANormalClientIsServed(token, "/api/v1/me",
                () -> token.send("POST", PATH, huge, "Content-Type", PROTOBUF));
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.text()).contains("declares 4294967295 bytes");

        // 1.5 MiB declared (under the 2 MiB limit) by a 10-byte block, which cannot hold it
        byte[] lying = {(byte) 0x80, (byte) 0x80, 0x60, 0, 0, 0, 0, 0, 0, 0};
        Response impossible = token.send("POST", PATH, lying, "Content-Type", PROTOBUF);
        assertThat(impossible.status()).as(impossible.toString()).isEqualTo(400);
        assertThat(impossible.text()).contains("declares 1572864 bytes", "more than 10 bytes of Snappy can hold");
        // a Content-Length past the limit is RequestBodies' 413, as for every ingest protocol (HttpHardeningTest, OtlpApiTest)
    }

    private static JsonNode find(String subject, String line) {
        List<JsonNode> records = Shippers.records(admin, "loki", subject);
        return records.stream().filter(r -> Shippers.raw(r).path("line").asText().equals(line)).findFirst()
                .orElseThrow(() -> new AssertionError("no record with line '" + line + "' in loki/" + subject + ": " + records));
    }

    private static byte[] json(String subject, String line) {
        return ("{\"streams\":[{\"stream\":{\"logdump_subject\":\"" + subject + "\"},\"values\":[[\"1764400000000000000\",\"" + line + "\"]]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] snappy(byte[] bytes) {
        try {
            return Snappy.compress(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // logproto by hand: PushRequest{streams=1}, StreamAdapter{labels=1, entries=2}, EntryAdapter{timestamp=1, line=2,
    // structuredMetadata=3}, Timestamp{seconds=1, nanos=2}, LabelPairAdapter{name=1, value=2}

    private static byte[] push(byte[]... streams) {
        return message(out -> {
            for (byte[] s : streams) {
                out.writeByteArray(1, s);
            }
        });
    }

    private static byte[] stream(String labels, byte[]... entries) {
        return message(out -> {
            out.writeString(1, labels);
            for (byte[] e : entries) {
                out.writeByteArray(2, e);
            }
            out.writeUInt64(3, 12345);
        });
    }

    private static byte[] entry(long seconds, int nanos, String line, Map<String, String> metadata) {
        return message(out -> {
            out.writeByteArray(1, message(ts -> {
                ts.writeInt64(1, seconds);
                ts.writeInt32(2, nanos);
            }));
            out.writeString(2, line);
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                out.writeByteArray(3, message(pair -> {
                    pair.writeString(1, m.getKey());
                    pair.writeString(2, m.getValue());
                }));
            }
        });
    }

    private static byte[] entryWithoutTime(String line) {
        return message(out -> out.writeString(2, line));
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
