package io.logdump.shippers.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads an OTLP/HTTP logs request ({@code ExportLogsServiceRequest}) from its protobuf or its JSON
 * encoding. Bounded whatever the body: a request holds at most {@value #MAX_FIELDS} fields (of
 * any message; the protobuf body is counted in one pass before any message is built) or
 * {@value #MAX_JSON_TOKENS} JSON tokens, and values nest at most {@value #MAX_VALUE_DEPTH}
 * levels. OTLP/JSON differs from protobuf's JSON mapping, and both are read: trace and span ids are
 * hex, enums may be integers or names, 64-bit integers numbers or strings, and unknown fields
 * are ignored. Thread-safe (stateless).
 */
public final class OtlpRequests {
    /** The most fields of all messages in one request, counted before the request is built. */
    public static final int MAX_FIELDS = 1_000_000;
    /** The most JSON tokens in one request. */
    public static final int MAX_JSON_TOKENS = 4_000_000;
    /** How deep values (arrays and key-value lists) may nest inside an attribute or a body. */
    public static final int MAX_VALUE_DEPTH = 16;
    /**
     * Messages around a value: request, resource logs, scope logs, log record, key-value, value; then at
     * most three per level of values (a key-value list, a key-value, a value).
     */
    private static final int MAX_MESSAGE_DEPTH = 6 + 3 * MAX_VALUE_DEPTH;
    /** JSON levels around a value (about ten), then at most four per level of values. */
    private static final int MAX_JSON_DEPTH = 12 + 4 * MAX_VALUE_DEPTH;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_JSON_DEPTH).maxTokenCount(MAX_JSON_TOKENS).build()).build());

    private OtlpRequests() {}

    /** The request cannot be read (HTTP 400); the message names where. */
    public static final class InvalidRequestException extends RuntimeException {
        InvalidRequestException(String message) {
            super(message);
        }
    }

    /** A request in the protobuf encoding ({@code application/x-protobuf}). */
    public static ExportLogsServiceRequest fromProtobuf(byte[] body) {
        try {
            WireShape.check(body);
            CodedInputStream in = CodedInputStream.newInstance(body);
            in.setRecursionLimit(MAX_MESSAGE_DEPTH + 2);
            return ExportLogsServiceRequest.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidRequestException("the body is not an OTLP ExportLogsServiceRequest in protobuf: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("the body cannot be read as protobuf: " + e.getMessage());
        }
    }

    /** A request in the JSON encoding of OTLP ({@code application/json}). */
    public static ExportLogsServiceRequest fromJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("the body cannot be read as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object with resourceLogs");
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        JsonNode resourceLogs = field(root, "resourceLogs", "resource_logs");
        for (int i = 0; i < size(resourceLogs, "resourceLogs"); i++) {
            request.addResourceLogs(resourceLogs(resourceLogs.get(i), "resourceLogs[" + i + "]"));
        }
        return request.build();
    }

    private static ResourceLogs resourceLogs(JsonNode node, String at) {
        object(node, at);
        ResourceLogs.Builder out = ResourceLogs.newBuilder();
        JsonNode resource = field(node, "resource", "resource");
        if (resource != null && !resource.isNull()) {
            object(resource, at + ".resource");
            Resource.Builder r = Resource.newBuilder();
            keyValues(field(resource, "attributes", "attributes"), at + ".resource.attributes", 0).forEach(r::addAttributes);
            r.setDroppedAttributesCount((int) integer(field(resource, "droppedAttributesCount", "dropped_attributes_count"),
                    at + ".resource.droppedAttributesCount"));
            out.setResource(r);
        }
        out.setSchemaUrl(text(field(node, "schemaUrl", "schema_url"), at + ".schemaUrl"));
        JsonNode scopeLogs = field(node, "scopeLogs", "scope_logs");
        for (int i = 0; i < size(scopeLogs, at + ".scopeLogs"); i++) {
            out.addScopeLogs(scopeLogs(scopeLogs.get(i), at + ".scopeLogs[" + i + "]"));
        }
        return out.build();
    }

    private static ScopeLogs scopeLogs(JsonNode node, String at) {
        object(node, at);
        ScopeLogs.Builder out = ScopeLogs.newBuilder();
        JsonNode scope = field(node, "scope", "scope");
        if (scope != null && !scope.isNull()) {
            object(scope, at + ".scope");
            InstrumentationScope.Builder s = InstrumentationScope.newBuilder()
                    .setName(text(field(scope, "name", "name"), at + ".scope.name"))
                    .setVersion(text(field(scope, "version", "version"), at + ".scope.version"));
            keyValues(field(scope, "attributes", "attributes"), at + ".scope.attributes", 0).forEach(s::addAttributes);
            s.setDroppedAttributesCount((int) integer(field(scope, "droppedAttributesCount", "dropped_attributes_count"),
                    at + ".scope.droppedAttributesCount"));
            out.setScope(s);
        }
        out.setSchemaUrl(text(field(node, "schemaUrl", "schema_url"), at + ".schemaUrl"));
        JsonNode records = field(node, "logRecords", "log_records");
        for (int i = 0; i < size(records, at + ".logRecords"); i++) {
            out.addLogRecords(logRecord(records.get(i), at + ".logRecords[" + i + "]"));
        }
        return out.build();
    }

    private static LogRecord logRecord(JsonNode node, String at) {
        object(node, at);
        LogRecord.Builder out = LogRecord.newBuilder()
                .setTimeUnixNano(integer(field(node, "timeUnixNano", "time_unix_nano"), at + ".timeUnixNano"))
                .setObservedTimeUnixNano(integer(field(node, "observedTimeUnixNano", "observed_time_unix_nano"), at + ".observedTimeUnixNano"))
                .setSeverityNumberValue(severity(field(node, "severityNumber", "severity_number"), at + ".severityNumber"))
                .setSeverityText(text(field(node, "severityText", "severity_text"), at + ".severityText"))
                .setDroppedAttributesCount((int) integer(field(node, "droppedAttributesCount", "dropped_attributes_count"),
                        at + ".droppedAttributesCount"))
                .setFlags((int) integer(field(node, "flags", "flags"), at + ".flags"))
                .setTraceId(hexId(field(node, "traceId", "trace_id"), 16, at + ".traceId"))
                .setSpanId(hexId(field(node, "spanId", "span_id"), 8, at + ".spanId"))
                .setEventName(text(field(node, "eventName", "event_name"), at + ".eventName"));
        JsonNode body = field(node, "body", "body");
        if (body != null && !body.isNull()) {
            out.setBody(anyValue(body, at + ".body", 0));
        }
        keyValues(field(node, "attributes", "attributes"), at + ".attributes", 0).forEach(out::addAttributes);
        return out.build();
    }

    private static Iterable<KeyValue> keyValues(JsonNode node, String at, int depth) {
        if (node == null || node.isNull()) {
            return java.util.List.of();
        }
        java.util.List<KeyValue> out = new java.util.ArrayList<>();
        for (int i = 0; i < size(node, at); i++) {
            JsonNode kv = node.get(i);
            String here = at + "[" + i + "]";
            object(kv, here);
            KeyValue.Builder b = KeyValue.newBuilder().setKey(text(field(kv, "key", "key"), here + ".key"));
            JsonNode value = field(kv, "value", "value");
            if (value != null && !value.isNull()) {
                b.setValue(anyValue(value, here + ".value", depth));
            }
            out.add(b.build());
        }
        return out;
    }

    private static AnyValue anyValue(JsonNode node, String at, int depth) {
        object(node, at);
        if (depth > MAX_VALUE_DEPTH) {
            throw new InvalidRequestException(at + ": values nest more than " + MAX_VALUE_DEPTH + " levels deep");
        }
        AnyValue.Builder out = AnyValue.newBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        if (!fields.hasNext()) {
            return out.build();
        }
        Map.Entry<String, JsonNode> e = fields.next();
        if (fields.hasNext()) {
            throw new InvalidRequestException(at + ": an AnyValue holds exactly one of stringValue, boolValue, intValue, doubleValue, "
                    + "arrayValue, kvlistValue or bytesValue");
        }
        JsonNode v = e.getValue();
        String here = at + "." + e.getKey();
        switch (e.getKey()) {
            case "stringValue", "string_value" -> out.setStringValue(text(v, here));
            case "boolValue", "bool_value" -> {
                if (!v.isBoolean()) {
                    throw new InvalidRequestException(here + ": must be true or false");
                }
                out.setBoolValue(v.booleanValue());
            }
            case "intValue", "int_value" -> out.setIntValue(integer(v, here));
            case "doubleValue", "double_value" -> {
                if (v.isNumber()) {
                    out.setDoubleValue(v.doubleValue());
                } else if (v.isTextual() && (v.textValue().equals("NaN") || v.textValue().equals("Infinity") || v.textValue().equals("-Infinity"))) {
                    out.setDoubleValue(Double.parseDouble(v.textValue()));
                } else {
                    throw new InvalidRequestException(here + ": must be a number");
                }
            }
            case "bytesValue", "bytes_value" -> {
                try {
                    out.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(text(v, here))));
                } catch (IllegalArgumentException ex) {
                    throw new InvalidRequestException(here + ": must be base64");
                }
            }
            case "arrayValue", "array_value" -> {
                object(v, here);
                ArrayValue.Builder array = ArrayValue.newBuilder();
                JsonNode values = field(v, "values", "values");
                for (int i = 0; i < size(values, here + ".values"); i++) {
                    array.addValues(anyValue(values.get(i), here + ".values[" + i + "]", depth + 1));
                }
                out.setArrayValue(array);
            }
            case "kvlistValue", "kvlist_value" -> {
                object(v, here);
                KeyValueList.Builder list = KeyValueList.newBuilder();
                keyValues(field(v, "values", "values"), here + ".values", depth + 1).forEach(list::addValues);
                out.setKvlistValue(list);
            }
            default -> { } // a kind of value this version does not know: an empty value
        }
        return out.build();
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode v = node.get(camel);
        return v != null ? v : node.get(snake);
    }

    private static void object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(at + ": must be a JSON object");
        }
    }

    private static int size(JsonNode array, String at) {
        if (array == null || array.isNull()) {
            return 0;
        }
        if (!array.isArray()) {
            throw new InvalidRequestException(at + ": must be a JSON array");
        }
        return array.size();
    }

    private static String text(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException(at + ": must be a string");
        }
        return node.textValue();
    }

    /** A 64-bit integer given as a JSON number or a decimal string (unsigned values above 2^63 too). */
    private static long integer(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return 0;
        }
        try {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isIntegralNumber() || node.isTextual()) {
                String text = node.isTextual() ? node.textValue() : node.bigIntegerValue().toString();
                return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InvalidRequestException(at + ": must be a 64-bit integer, as a number or a decimal string");
    }

    private static int severity(JsonNode node, String at) {
        if (node != null && node.isTextual() && node.textValue().startsWith("SEVERITY_NUMBER_")) {
            try {
                return SeverityNumber.valueOf(node.textValue()).getNumber();
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(at + ": " + node.textValue() + " is not a severity number");
            }
        }
        long value = integer(node, at);
        if (value < 0 || value > 24) {
            throw new InvalidRequestException(at + ": must be from 0 to 24");
        }
        return (int) value;
    }

    /** A trace or span id: {@code bytes} bytes as hex (OTLP/JSON), or empty. */
    private static ByteString hexId(JsonNode node, int bytes, String at) {
        String hex = text(node, at);
        if (hex.isEmpty()) {
            return ByteString.EMPTY;
        }
        if (hex.length() != 2 * bytes) {
            throw new InvalidRequestException(at + ": must be " + 2 * bytes + " hex digits (OTLP/JSON writes ids in hex, not base64)");
        }
        try {
            return ByteString.copyFrom(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(at + ": must be " + 2 * bytes + " hex digits");
        }
    }

    /**
     * One pass over the protobuf wire format, following the OTLP logs messages, that counts every
     * field and checks the nesting before protobuf builds any message: a body of tiny fields
     * would otherwise become tens of times its size in objects.
     */
    private enum WireShape {
        REQUEST, RESOURCE_LOGS, RESOURCE, ENTITY_REF, SCOPE_LOGS, SCOPE, LOG_RECORD, KEY_VALUE, ANY_VALUE, ARRAY_VALUE, KV_LIST;

        /** The message type of a length-delimited field, or null for a string or bytes field. */
        WireShape child(int field) {
            return switch (this) {
                case REQUEST -> field == 1 ? RESOURCE_LOGS : null;
                case RESOURCE_LOGS -> field == 1 ? RESOURCE : field == 2 ? SCOPE_LOGS : null;
                case RESOURCE -> field == 1 ? KEY_VALUE : field == 3 ? ENTITY_REF : null;
                case SCOPE_LOGS -> field == 1 ? SCOPE : field == 2 ? LOG_RECORD : null;
                case SCOPE -> field == 3 ? KEY_VALUE : null;
                case LOG_RECORD -> field == 5 ? ANY_VALUE : field == 6 ? KEY_VALUE : null;
                case KEY_VALUE -> field == 2 ? ANY_VALUE : null;
                case ANY_VALUE -> field == 5 ? ARRAY_VALUE : field == 6 ? KV_LIST : null;
                case ARRAY_VALUE -> field == 1 ? ANY_VALUE : null;
                case KV_LIST -> field == 1 ? KEY_VALUE : null;
                case ENTITY_REF -> null;
            };
        }

        static void check(byte[] body) throws IOException {
            int[] fields = {0};
            REQUEST.scan(CodedInputStream.newInstance(body), 1, fields);
        }

        private void scan(CodedInputStream in, int depth, int[] fields) throws IOException {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (++fields[0] > MAX_FIELDS) {
                    throw new InvalidRequestException("the request holds more than " + MAX_FIELDS + " protobuf fields; send smaller batches");
                }
                int wireType = WireFormat.getTagWireType(tag);
                if (wireType == WireFormat.WIRETYPE_START_GROUP || wireType == WireFormat.WIRETYPE_END_GROUP) {
                    throw new InvalidRequestException("the body uses protobuf groups, which no OTLP message has");
                }
                WireShape child = wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED ? child(WireFormat.getTagFieldNumber(tag)) : null;
                if (child == null) {
                    in.skipField(tag);
                    continue;
                }
                if (depth + 1 > MAX_MESSAGE_DEPTH) {
                    throw new InvalidRequestException("values nest too deeply (at most " + MAX_VALUE_DEPTH + " levels)");
                }
                int length = in.readRawVarint32();
                int limit = in.pushLimit(length);
                child.scan(in, depth + 1, fields);
                in.popLimit(limit);
            }
        }
    }
}
