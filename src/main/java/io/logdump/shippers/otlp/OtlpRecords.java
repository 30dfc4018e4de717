package io.logdump.shippers.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.logdump.ingest.IngestResult;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP log records as Logdump records: each LogRecord becomes one JSON object (one line) of the
 * destination its resource maps to, with these members (those without a value are left out):
 * {@code time} (the record's time, else its observed time, as an ISO-8601 instant with up to
 * nanoseconds), {@code observedTime}, {@code severity} (the severity text), {@code severityNumber},
 * {@code body} (a string, number, boolean, array or object, as the value is; bytes in base64),
 * {@code attributes} (an object), {@code traceId} and {@code spanId} (hex), {@code flags},
 * {@code eventName}, {@code droppedAttributesCount}, {@code resource} (the resource's attributes)
 * and {@code scope} ({@code name}, {@code version}, {@code attributes}). Also the answers of
 * {@code POST /v1/logs}: the export response with its partial success, and a {@code google.rpc.Status}
 * for an error, in protobuf or JSON. Thread-safe (stateless).
 */
public final class OtlpRecords {
    /** The resource attribute that may name the destination, {@code logset/subject}. */
    public static final String SUBJECT_ATTRIBUTE = "logdump.subject";
    private static final JsonFactory JSON = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpRecords() {}

    /** A request whose records have nowhere to go (HTTP 400). */
    public static final class NoDestinationException extends RuntimeException {
        NoDestinationException(String message) {
            super(message);
        }
    }

    /**
     * Reads a request body ({@code json}: OTLP/JSON, else protobuf) and puts every record into
     * {@code batches} (see {@link #collect(ExportLogsServiceRequest, String, Destination, RecordBatches)}).
     *
     * @throws OtlpRequests.InvalidRequestException when the body cannot be read
     */
    public static int collect(byte[] body, boolean json, String account, Destination fixed, RecordBatches batches) {
        ExportLogsServiceRequest request = json ? OtlpRequests.fromJson(body) : OtlpRequests.fromProtobuf(body);
        return collect(request, account, fixed, batches);
    }

    /**
     * Puts every record of the request into {@code batches}.
     *
     * @param fixed the destination of every record (a header, or an ingest token's only subject);
     *     null: each resource's {@value #SUBJECT_ATTRIBUTE} attribute names it
     * @return the number of records
     * @throws NoDestinationException when a resource has records but no destination
     */
    static int collect(ExportLogsServiceRequest request, String account, Destination fixed, RecordBatches batches) {
        int count = 0;
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs resourceLogs = request.getResourceLogs(r);
            Destination to = null;
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    if (to == null) {
                        to = fixed != null ? fixed : fromAttribute(resourceLogs, account, r);
                    }
                    write(batches.record(to), record, resourceLogs, scopeLogs.getScope());
                    batches.endRecord(to);
                    count++;
                }
            }
        }
        return count;
    }

    private static Destination fromAttribute(ResourceLogs resourceLogs, String account, int index) {
        for (KeyValue kv : resourceLogs.getResource().getAttributesList()) {
            if (kv.getKey().equals(SUBJECT_ATTRIBUTE)) {
                String text = kv.getValue().getStringValue();
                Destination to = Destination.parse(account, text, '/');
                if (to == null) {
                    throw new NoDestinationException("resourceLogs[" + index + "]: the resource attribute " + SUBJECT_ATTRIBUTE + " '"
                            + text + "' is not <logset>/<subject>");
                }
                return to;
            }
        }
        throw new NoDestinationException("resourceLogs[" + index + "] names no subject: send the header X-Logdump-Subject: <logset>/<subject>, "
                + "use an ingest token scoped to one subject, or give the resource the attribute " + SUBJECT_ATTRIBUTE);
    }

    private static void write(JsonGenerator g, LogRecord record, ResourceLogs resourceLogs, InstrumentationScope scope) {
        try {
            g.writeStartObject();
            long time = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
            instant(g, "time", time);
            instant(g, "observedTime", record.getObservedTimeUnixNano());
            if (!record.getSeverityText().isEmpty()) {
                g.writeStringField("severity", record.getSeverityText());
            }
            if (record.getSeverityNumberValue() != 0) {
                g.writeNumberField("severityNumber", record.getSeverityNumberValue());
            }
            if (record.hasBody()) {
                g.writeFieldName("body");
                value(g, record.getBody());
            }
            attributes(g, "attributes", record.getAttributesList());
            hex(g, "traceId", record.getTraceId());
            hex(g, "spanId", record.getSpanId());
            if (record.getFlags() != 0) {
                g.writeNumberField("flags", Integer.toUnsignedLong(record.getFlags()));
            }
            if (!record.getEventName().isEmpty()) {
                g.writeStringField("eventName", record.getEventName());
            }
            if (record.getDroppedAttributesCount() != 0) {
                g.writeNumberField("droppedAttributesCount", Integer.toUnsignedLong(record.getDroppedAttributesCount()));
            }
            attributes(g, "resource", resourceLogs.getResource().getAttributesList());
            if (!scope.getName().isEmpty() || !scope.getVersion().isEmpty() || scope.getAttributesCount() > 0) {
                g.writeObjectFieldStart("scope");
                if (!scope.getName().isEmpty()) {
                    g.writeStringField("name", scope.getName());
                }
                if (!scope.getVersion().isEmpty()) {
                    g.writeStringField("version", scope.getVersion());
                }
                attributes(g, "attributes", scope.getAttributesList());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nanoseconds since the epoch as an ISO-8601 instant; nothing for 0 (unset) or past 2^63. */
    private static void instant(JsonGenerator g, String name, long nanos) throws IOException {
        if (nanos > 0) {
            g.writeStringField(name, Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L).toString());
        }
    }

    private static void hex(JsonGenerator g, String name, ByteString id) throws IOException {
        if (!id.isEmpty()) {
            g.writeStringField(name, HEX.formatHex(id.toByteArray()));
        }
    }

    private static void attributes(JsonGenerator g, String name, List<KeyValue> attributes) throws IOException {
        if (attributes.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (KeyValue kv : attributes) {
            g.writeFieldName(kv.getKey());
            value(g, kv.getValue());
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, AnyValue v) throws IOException {
        switch (v.getValueCase()) {
            case STRING_VALUE -> g.writeString(v.getStringValue());
            case BOOL_VALUE -> g.writeBoolean(v.getBoolValue());
            case INT_VALUE -> g.writeNumber(v.getIntValue());
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeString(Double.toString(d));
                }
            }
            case BYTES_VALUE -> g.writeString(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                g.writeStartArray();
                for (AnyValue item : v.getArrayValue().getValuesList()) {
                    value(g, item);
                }
                g.writeEndArray();
            }
            case KVLIST_VALUE -> {
                g.writeStartObject();
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    g.writeFieldName(kv.getKey());
                    value(g, kv.getValue());
                }
                g.writeEndObject();
            }
            default -> g.writeNull();
        }
    }

    /**
     * The export answer: no partial success when every record was stored; else the count of
     * records not stored and why (the first few reasons).
     */
    static ExportLogsServiceResponse response(List<Delivery> deliveries) {
        long rejected = 0;
        List<String> reasons = new ArrayList<>();
        for (Delivery d : deliveries) {
            rejected += d.rejected();
            if (d.refused() != null && reasons.size() < 5) {
                reasons.add(d.to().name() + ": " + d.rejected() + " records not stored: " + d.refused().getMessage());
            } else if (d.result() != null) {
                for (IngestResult.LineError e : d.result().errors()) {
                    if (reasons.size() == 5) {
                        break;
                    }
                    reasons.add(d.to().name() + ": record " + e.line() + " " + e.reason());
                }
            }
        }
        ExportLogsServiceResponse.Builder out = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
            out.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected)
                    .setErrorMessage(rejected + " of the log records were not stored; " + String.join("; ", reasons)));
        }
        return out.build();
    }

    /** The export answer for {@code deliveries}, in OTLP/JSON ({@code json}) or protobuf. */
    public static byte[] answer(List<Delivery> deliveries, boolean json) {
        ExportLogsServiceResponse response = response(deliveries);
        return json ? responseJson(response) : response.toByteArray();
    }

    /** The export answer in OTLP/JSON. */
    static byte[] responseJson(ExportLogsServiceResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (response.hasPartialSuccess()) {
                g.writeObjectFieldStart("partialSuccess");
                g.writeStringField("rejectedLogRecords", Long.toString(response.getPartialSuccess().getRejectedLogRecords()));
                g.writeStringField("errorMessage", response.getPartialSuccess().getErrorMessage());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An error as OTLP/HTTP answers it: a {@code google.rpc.Status} with the gRPC code matching
     * the HTTP status and a message, in protobuf ({@code json} false) or JSON.
     */
    public static byte[] status(int httpStatus, String message, boolean json) {
        int code = grpcCode(httpStatus);
        if (json) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("code", code);
                g.writeStringField("message", message);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeInt32(1, code);
            c.writeString(2, message);
            c.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gRPC status code of an HTTP status (as the OTLP/HTTP and gRPC specifications pair them). */
    static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 415 -> 3; // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 404 -> 5; // NOT_FOUND
            case 408 -> 4; // DEADLINE_EXCEEDED
            case 409 -> 9; // FAILED_PRECONDITION
            case 413, 429 -> 8; // RESOURCE_EXHAUSTED
            case 503 -> 14; // UNAVAILABLE
            default -> httpStatus >= 500 ? 13 : 2; // INTERNAL, UNKNOWN
        };
    }
}
