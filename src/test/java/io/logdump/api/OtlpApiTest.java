package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.Shippers;
import io.logdump.testutil.TestServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP/HTTP logs, {@code POST /v1/logs}, in protobuf and JSON, with the subject chosen as the API says. */
class OtlpApiTest {
    private static final String PROTOBUF = "application/x-protobuf";

    @TempDir
    static Path dir;
    static TestServer server;
    static Api admin;
    static String appToken;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "ingest: {maxBodyMB: 2}\n");
        admin = server.api;
        Shippers.subject(admin, "otel", "app", Shippers.JSON_WITH_TIME);
        Shippers.subject(admin, "otel", "web", Shippers.JSON_WITH_TIME);
        Shippers.subject(admin, "otel", "bare", null);
        appToken = Shippers.token(admin, "otel-app", "ingest", "otel/app");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anIngestTokenScopedToOneSubjectPicksItAndEveryFieldIsKept() throws Exception {
        ExportLogsServiceRequest request = request(null, record("payment failed", 1_764_400_000_123_000_000L));
        Response r = admin.anonymous().withToken(appToken).send("POST", "/v1/logs", request.toByteArray(), "Content-Type", PROTOBUF);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(PROTOBUF);
        assertThat(ExportLogsServiceResponse.parseFrom(r.bytes()).hasPartialSuccess()).isFalse();
        JsonNode stored = find("app", "payment failed");
        assertThat(stored.get("time").asText()).as("the record's time is the log time").isEqualTo("2025-11-29T07:06:40.123Z");
        JsonNode fields = Shippers.raw(stored);
        assertThat(fields.get("severity").asText()).isEqualTo("ERROR");
        assertThat(fields.get("severityNumber").asInt()).isEqualTo(17);
        assertThat(fields.get("traceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(fields.get("spanId").asText()).isEqualTo("eee19b7ec3c1b174");
        assertThat(fields.get("attributes").get("order.id").asLong()).isEqualTo(42);
        assertThat(fields.get("resource").get("service.name").asText()).isEqualTo("checkout");
        assertThat(fields.get("scope").get("name").asText()).isEqualTo("payments");
    }

    @Test
    void theHeaderThenTheResourceAttributeNameTheSubject() throws Exception {
        Response byHeader = admin.send("POST", "/v1/logs", request(null, record("by header", 1)).toByteArray(),
                "Content-Type", PROTOBUF, "X-Logdump-Subject", "otel/web");
        assertThat(byHeader.status()).as(byHeader.toString()).isEqualTo(200);
        assertThat(find("web", "by header")).isNotNull();

        Response byAttribute = admin.send("POST", "/v1/logs", request("otel/web", record("by attribute", 1)).toByteArray(),
                "Content-Type", PROTOBUF);
        assertThat(byAttribute.status()).as(byAttribute.toString()).isEqualTo(200);
        assertThat(find("web", "by attribute")).isNotNull();

        Response none = admin.send("POST", "/v1/logs", request(null, record("nowhere", 1)).toByteArray(), "Content-Type", PROTOBUF);
        assertThat(none.status()).isEqualTo(400);
        assertThat(status(none).message()).contains("X-Logdump-Subject");
        assertThat(status(none).code()).as("INVALID_ARGUMENT").isEqualTo(3);
    }

    @Test
    void theJsonEncodingWithHexIdsAndIntegerEnumsAnswersInJson() {
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
                  "scopeLogs":[{"scope":{"name":"cart.http"},"logRecords":[{
                    "timeUnixNano":"1764400000000000000","severityNumber":9,"severityText":"INFO",
                    "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
                    "body":{"stringValue":"json record"},
                    "attributes":[{"key":"items","value":{"intValue":"3"}}]}]}]}]}
                """;
        Response r = admin.anonymous().withToken(appToken).send("POST", "/v1/logs", Shippers.gzip(json.getBytes(StandardCharsets.UTF_8)),
                "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().isEmpty()).as("everything stored: no partial success").isTrue();
        JsonNode fields = Shippers.raw(find("app", "json record"));
        assertThat(fields.get("traceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(fields.get("severityNumber").asInt()).isEqualTo(9);
        assertThat(fields.get("attributes").get("items").asLong()).isEqualTo(3);
    }

    @Test
    void aChunkedBodyWithoutALengthIsRead() throws Exception {
        byte[] body = request(null, record("chunked", 1_764_400_000_000_000_000L)).toByteArray();
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin.base() + "/v1/logs"))
                .header("Authorization", "Bearer " + appToken).header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(find("app", "chunked")).isNotNull();
    }

    @Test
    void recordsTheCollectionConfigurationRejectsAreAPartialSuccess() throws Exception {
        LogRecord noTime = LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("no time at all")).build();
        Shippers.subject(admin, "otel", "strict", "{'parser':{'type':'json'},'time':{'field':'time','format':'iso8601'},'onParseError':'reject'}");
        Response r = admin.send("POST", "/v1/logs", request(null, record("kept", 1_764_400_000_000_000_000L), noTime).toByteArray(),
                "Content-Type", PROTOBUF, "X-Logdump-Subject", "otel/strict");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(r.bytes());
        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("no time field 'time'");
    }

    @Test
    void refusalsAreOtlpStatusesInTheRequestsEncoding() throws Exception {
        byte[] body = request(null, record("x", 1)).toByteArray();
        Response anonymous = admin.anonymous().send("POST", "/v1/logs", body, "Content-Type", PROTOBUF);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(status(anonymous).code()).as("UNAUTHENTICATED").isEqualTo(16);

        Response elsewhere = admin.anonymous().withToken(appToken).send("POST", "/v1/logs", body, "Content-Type", PROTOBUF,
                "X-Logdump-Subject", "otel/web");
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(status(elsewhere).message()).contains("otel/web");

        Response missing = admin.send("POST", "/v1/logs", body, "Content-Type", PROTOBUF, "X-Logdump-Subject", "otel/missing");
        assertThat(missing.status()).isEqualTo(404);
        Response noConfiguration = admin.send("POST", "/v1/logs", body, "Content-Type", PROTOBUF, "X-Logdump-Subject", "otel/bare");
        assertThat(noConfiguration.status()).isEqualTo(409);

        Response json = admin.send("POST", "/v1/logs", "{\"resourceLogs\":7}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "X-Logdump-Subject", "otel/app");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().get("code").asInt()).isEqualTo(3);
        assertThat(json.json().get("message").asText()).contains("resourceLogs");

        Response text = admin.send("POST", "/v1/logs", body, "Content-Type", "text/plain");
        assertThat(text.status()).isEqualTo(415);
    }

    @Test
    void hostileBodiesAreAnsweredQuicklyWhileANormalClientIsServed() throws Exception {
        Api token = admin.anonymous().withToken(appToken);
        String normal = "/api/v1/me";
        Response tiny = Shippers.whileANormalClientIsServed(token, normal,
                () -> token.send("POST", "/v1/logs", "0123456789".getBytes(StandardCharsets.UTF_8), "Content-Type", PROTOBUF));
        assertThat(tiny.status()).as(tiny.toString()).isEqualTo(400);

        byte[] manyEmpty = new byte[2 * 1_000_001];
        for (int i = 0; i < manyEmpty.length; i += 2) {
            manyEmpty[i] = 0x0a;
        }
        Response many = Shippers.whileANormalClientIsServed(token, normal,
                () -> token.send("POST", "/v1/logs", manyEmpty, "Content-Type", PROTOBUF));
        assertThat(many.status()).as(many.toString()).isIn(400, 413);

        String deep = "{\"resourceLogs\":[" + "[".repeat(500_000) + "]".repeat(500_000) + "]}";
        Response nested = Shippers.whileANormalClientIsServed(token, normal,
                () -> token.send("POST", "/v1/logs", deep.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"));
        assertThat(nested.status()).as(nested.toString()).isEqualTo(400);

        byte[] oversized = new byte[3 << 20];
        Response tooLarge = Shippers.whileANormalClientIsServed(token, normal,
                () -> token.send("POST", "/v1/logs", oversized, "Content-Type", PROTOBUF));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(status(tooLarge).code()).as("RESOURCE_EXHAUSTED").isEqualTo(8);
    }

    private record Status(int code, String message) {}

    /** A google.rpc.Status in protobuf: code (1), message (2). */
    private static Status status(Response r) throws Exception {
        com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(r.bytes());
        int code = 0;
        String message = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == 8) {
                code = in.readInt32();
            } else if (tag == 18) {
                message = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return new Status(code, message);
    }

    private static JsonNode find(String subject, String body) {
        List<JsonNode> records = Shippers.records(admin, "otel", subject);
        return records.stream().filter(r -> r.get("raw").asText().contains("\"" + body + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no record with body '" + body + "' in otel/" + subject + ": " + records));
    }

    private static LogRecord record(String body, long timeNanos) {
        return LogRecord.newBuilder().setTimeUnixNano(timeNanos).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR)
                .setSeverityText("ERROR").setBody(AnyValue.newBuilder().setStringValue(body))
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174")))
                .addAttributes(KeyValue.newBuilder().setKey("order.id").setValue(AnyValue.newBuilder().setIntValue(42))).build();
    }

    private static ExportLogsServiceRequest request(String subjectAttribute, LogRecord... records) {
        Resource.Builder resource = Resource.newBuilder()
                .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("checkout")));
        if (subjectAttribute != null) {
            resource.addAttributes(KeyValue.newBuilder().setKey("logdump.subject").setValue(AnyValue.newBuilder().setStringValue(subjectAttribute)));
        }
        ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName("payments"));
        for (LogRecord r : records) {
            scope.addLogRecords(r);
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope)).build();
    }
}
