package io.logdump.shippers.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.logdump.ingest.IngestResult;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Destination APP = new Destination("acme", "shop", "app");

    /** OTLP/JSON as the specification writes it: hex ids, integer enums, 64-bit integers as strings or numbers. */
    static final String SPEC_STYLE_JSON = """
            {"resourceLogs": [{
              "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "checkout"}},
                                          {"key": "logdump.subject", "value": {"stringValue": "shop/app"}}]},
              "scopeLogs": [{
                "scope": {"name": "checkout.payments", "version": "2.1.0",
                          "attributes": [{"key": "scope.kind", "value": {"stringValue": "library"}}]},
                "logRecords": [{
                  "timeUnixNano": "1764400000123456789",
                  "observedTimeUnixNano": 1764400000200000000,
                  "severityNumber": 17,
                  "severityText": "ERROR",
                  "traceId": "0AF7651916CD43DD8448EB211C80319C",
                  "spanId": "B7AD6B7169203331",
                  "flags": 1,
                  "body": {"stringValue": "card declined"},
                  "attributes": [
                    {"key": "http.status", "value": {"intValue": "402"}},
                    {"key": "retry", "value": {"boolValue": false}},
                    {"key": "amount", "value": {"doubleValue": 12.5}},
                    {"key": "tags", "value": {"arrayValue": {"values": [{"stringValue": "eu"}, {"intValue": 7}]}}},
                    {"key": "card", "value": {"kvlistValue": {"values": [{"key": "brand", "value": {"stringValue": "visa"}}]}}},
                    {"key": "raw", "value": {"bytesValue": "AAEC"}}
                  ],
                  "someFutureField": {"ignored": true}
                }, {
                  "observedTimeUnixNano": "1764400001000000000",
                  "body": {"kvlistValue": {"values": [{"key": "event", "value": {"stringValue": "structured body"}}]}}
                }]
              }]
            }]}
            """;

    @Test
    void theJsonEncodingOfTheSpecificationBecomesOneJsonLinePerRecord() throws IOException {
        List<JsonNode> lines = collect(OtlpRequests.fromJson(SPEC_STYLE_JSON.getBytes(StandardCharsets.UTF_8)), null);
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.get("time").asText()).isEqualTo("2025-11-29T07:06:40.123456789Z");
        assertThat(first.get("observedTime").asText()).isEqualTo("2025-11-29T07:06:40.200Z");
        assertThat(first.get("severity").asText()).isEqualTo("ERROR");
        assertThat(first.get("severityNumber").asInt()).isEqualTo(17);
        assertThat(first.get("body").asText()).isEqualTo("card declined");
        assertThat(first.get("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(first.get("spanId").asText()).isEqualTo("b7ad6b7169203331");
        assertThat(first.get("flags").asInt()).isEqualTo(1);
        JsonNode attributes = first.get("attributes");
        assertThat(attributes.get("http.status").asLong()).isEqualTo(402);
        assertThat(attributes.get("retry").asBoolean()).isFalse();
        assertThat(attributes.get("amount").asDouble()).isEqualTo(12.5);
        assertThat(attributes.get("tags").toString()).isEqualTo("[\"eu\",7]");
        assertThat(attributes.get("card").get("brand").asText()).isEqualTo("visa");
        assertThat(attributes.get("raw").asText()).isEqualTo("AAEC");
        assertThat(first.get("resource").get("service.name").asText()).isEqualTo("checkout");
        assertThat(first.get("scope").get("name").asText()).isEqualTo("checkout.payments");
        assertThat(first.get("scope").get("attributes").get("scope.kind").asText()).isEqualTo("library");
        assertThat(first.has("someFutureField")).isFalse();
        JsonNode second = lines.get(1);
        assertThat(second.get("time").asText()).as("no time: the observed time").isEqualTo("2025-11-29T07:06:41Z");
        assertThat(second.get("body").get("event").asText()).isEqualTo("structured body");
        assertThat(second.has("traceId")).isFalse();
    }

    @Test
    void theProtobufEncodingGivesTheSameRecords() throws IOException {
        ExportLogsServiceRequest fromJson = OtlpRequests.fromJson(SPEC_STYLE_JSON.getBytes(StandardCharsets.UTF_8));
        ExportLogsServiceRequest fromProtobuf = OtlpRequests.fromProtobuf(fromJson.toByteArray());
        assertThat(fromProtobuf).isEqualTo(fromJson);
        assertThat(collect(fromProtobuf, null)).isEqualTo(collect(fromJson, null));
    }

    @Test
    void eachResourceGoesToTheSubjectItsAttributeNamesUnlessOneIsFixed() throws IOException {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(resource("shop/app", "a"))
                .addResourceLogs(resource("shop/web", "b"))
                .build();
        RecordBatches batches = new RecordBatches(1 << 20, held -> { });
        assertThat(OtlpRecords.collect(request, "acme", null, batches)).isEqualTo(2);
        assertThat(batches.destinations()).containsExactly(APP, new Destination("acme", "shop", "web"));
        RecordBatches fixed = new RecordBatches(1 << 20, held -> { });
        OtlpRecords.collect(request, "acme", APP, fixed);
        assertThat(fixed.destinations()).containsExactly(APP);

        ExportLogsServiceRequest nameless = ExportLogsServiceRequest.newBuilder().addResourceLogs(resource(null, "c")).build();
        assertThatThrownBy(() -> OtlpRecords.collect(nameless, "acme", null, new RecordBatches(1 << 20, held -> { })))
                .isInstanceOf(OtlpRecords.NoDestinationException.class).hasMessageContaining("X-Logdump-Subject");
        ExportLogsServiceRequest badName = ExportLogsServiceRequest.newBuilder().addResourceLogs(resource("shop.app", "d")).build();
        assertThatThrownBy(() -> OtlpRecords.collect(badName, "acme", null, new RecordBatches(1 << 20, held -> { })))
                .isInstanceOf(OtlpRecords.NoDestinationException.class).hasMessageContaining("'shop.app'");
    }

    @Test
    void theAnswerCountsTheRecordsNotStoredAndSaysWhy() throws IOException {
        Delivery partly = new Delivery(APP, 3, new IngestResult(2, 1, 0, List.of(new IngestResult.LineError(2, "has no time field 'time'"))), null);
        ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(OtlpRecords.answer(List.of(partly), false));
        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("shop/app: record 2 has no time field 'time'");
        JsonNode json = JSON.readTree(OtlpRecords.answer(List.of(partly), true));
        assertThat(json.get("partialSuccess").get("rejectedLogRecords").asLong()).isEqualTo(1);
        Delivery all = new Delivery(APP, 3, new IngestResult(3, 0, 0, List.of()), null);
        assertThat(OtlpRecords.answer(List.of(all), false)).as("all stored: an empty response").isEmpty();
        assertThat(new String(OtlpRecords.answer(List.of(all), true), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void malformedAndHostileBodiesAreRefusedWithAReason() throws IOException {
        assertThatThrownBy(() -> OtlpRequests.fromProtobuf(new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, 0x01}))
                .isInstanceOf(OtlpRequests.InvalidRequestException.class);
        assertThatThrownBy(() -> OtlpRequests.fromProtobuf("0123456789".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OtlpRequests.InvalidRequestException.class);
        assertThatThrownBy(() -> OtlpRequests.fromJson("{\"resourceLogs\": 5}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OtlpRequests.InvalidRequestException.class).hasMessageContaining("resourceLogs");
        assertThatThrownBy(() -> OtlpRequests.fromJson(SPEC_STYLE_JSON.replace("B7AD6B7169203331", "not-hex-at-all!!")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("spanId").hasMessageContaining("hex");

        // a million and one empty resource logs: two bytes each, refused before any message is built
        ByteArrayOutputStream tiny = new ByteArrayOutputStream();
        for (int i = 0; i <= OtlpRequests.MAX_FIELDS; i++) {
            tiny.write(0x0a);
            tiny.write(0x00);
        }
        assertThatThrownBy(() -> OtlpRequests.fromProtobuf(tiny.toByteArray())).hasMessageContaining("more than " + OtlpRequests.MAX_FIELDS);

        // values nested far deeper than allowed, in both encodings
        AnyValue deep = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < 200; i++) {
            deep = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(deep)).build();
        }
        ExportLogsServiceRequest nested = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setBody(deep)))).build();
        assertThatThrownBy(() -> OtlpRequests.fromProtobuf(nested.toByteArray())).hasMessageContaining("nest");
        String deepJson = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":" + "{\"arrayValue\":{\"values\":[".repeat(200)
                + "{}" + "]}}".repeat(200) + "}]}]}]}";
        assertThatThrownBy(() -> OtlpRequests.fromJson(deepJson.getBytes(StandardCharsets.UTF_8))).isInstanceOf(OtlpRequests.InvalidRequestException.class);

        // protobuf groups, which OTLP never uses
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(group);
        c.writeTag(1, 3);
        c.writeTag(1, 4);
        c.flush();
        assertThatThrownBy(() -> OtlpRequests.fromProtobuf(group.toByteArray())).hasMessageContaining("groups");
    }

    @Test
    void theStatusOfAnErrorIsAGoogleRpcStatus() throws IOException {
        byte[] status = OtlpRecords.status(503, "retry later", false);
        com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(status);
        assertThat(in.readTag()).isEqualTo(1 << 3);
        assertThat(in.readInt32()).as("UNAVAILABLE").isEqualTo(14);
        assertThat(in.readTag()).isEqualTo(2 << 3 | 2);
        assertThat(in.readString()).isEqualTo("retry later");
        assertThat(JSON.readTree(OtlpRecords.status(400, "bad", true)).get("code").asInt()).isEqualTo(3);
    }

    private static ResourceLogs resource(String subject, String body) {
        Resource.Builder resource = Resource.newBuilder();
        if (subject != null) {
            resource.addAttributes(KeyValue.newBuilder().setKey(OtlpRecords.SUBJECT_ATTRIBUTE).setValue(AnyValue.newBuilder().setStringValue(subject)));
        }
        return ResourceLogs.newBuilder().setResource(resource).addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                .setBody(AnyValue.newBuilder().setStringValue(body)).setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("00ff"))))).build();
    }

    private static List<JsonNode> collect(ExportLogsServiceRequest request, Destination fixed) throws IOException {
        RecordBatches batches = new RecordBatches(1 << 20, held -> { });
        OtlpRecords.collect(request, "acme", fixed, batches);
        List<JsonNode> out = new ArrayList<>();
        batches.deliver((to, ndjson, source) -> {
            for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
                out.add(JSON.readTree(line));
            }
            return new IngestResult(out.size(), 0, 0, List.of());
        }, "test");
        return out;
    }
}
