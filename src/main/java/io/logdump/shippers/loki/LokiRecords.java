package io.logdump.shippers.loki;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.logdump.ingest.IngestResult;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki push requests as Logdump records. A request is streams of entries, each stream with its
 * labels; each entry becomes one JSON object (one line) of the stream's destination, with
 * {@code time} (the entry's timestamp as an ISO-8601 instant with up to nanoseconds), {@code line},
 * {@code labels} (the stream's labels) and {@code metadata} (the entry's structured metadata); an
 * empty member is left out. Two encodings:
 * <ul>
 *   <li>JSON: {@code {"streams":[{"stream":{labels},"values":[["<ns since 1970, a string>","<line>",{metadata}]]}]}};
 *   <li>protobuf (after its Snappy block, see {@link SnappyBlock}): {@code logproto.PushRequest}, read field by field:
 *       {@code PushRequest{repeated StreamAdapter streams = 1}},
 *       {@code StreamAdapter{string labels = 1 (see LokiLabels); repeated EntryAdapter entries = 2; uint64 hash = 3}},
 *       {@code EntryAdapter{google.protobuf.Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3}},
 *       {@code LabelPairAdapter{string name = 1; string value = 2}}; other fields are skipped.
 * </ul>
 * Each pass reads the body as it is, without building messages; what it writes is bounded by
 * {@link RecordBatches}. Thread-safe (stateless).
 */
public final class LokiRecords {
    /** The stream label that may name the destination, {@code logset/subject}. */
    public static final String SUBJECT_LABEL = "logdump_subject";
    /** The JSON nesting a push request needs (object, streams, stream, values, entry, metadata) and some room. */
    private static final int MAX_JSON_DEPTH = 16;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build()).build();
    /** google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private LokiRecords() {}

    /** A body that is not a push request (HTTP 400). */
    public static final class InvalidRequestException extends RuntimeException {
        InvalidRequestException(String message) {
            super(message);
        }
    }

    /** A stream whose entries have nowhere to go (HTTP 400). */
    public static final class NoDestinationException extends RuntimeException {
        NoDestinationException(String message) {
            super(message);
        }
    }

    /**
     * Puts every entry of a JSON push request into {@code batches}.
     *
     * @param fixed the destination of every entry (a header, or an ingest token's only subject);
     *     null: each stream's label {@value #SUBJECT_LABEL} names it
     * @return the number of entries
     * @throws InvalidRequestException when the body is not a push request
     * @throws NoDestinationException when a stream has entries but no destination
     */
    public static int collectJson(byte[] body, String account, Destination fixed, RecordBatches batches) {
        try {
            List<Map<String, String>> labels = new ArrayList<>();
            jsonPass(body, labels, null, null, null);
            return jsonPass(body, labels, account, fixed, batches);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
    }

    /**
     * Puts every entry of a protobuf push request (uncompressed) into {@code batches}; as
     * {@link #collectJson}.
     */
    public static int collectProtobuf(byte[] message, String account, Destination fixed, RecordBatches batches) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message);
            int count = 0;
            int stream = 0;
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (WireFormat.getTagFieldNumber(tag) == 1) {
                    int[] range = lengthDelimited(in, 0, tag, "streams[" + stream + "]");
                    count += protobufStream(message, range[0], range[1], stream++, account, fixed, batches);
                } else {
                    in.skipField(tag);
                }
            }
            return count;
        } catch (IOException e) {
            throw new InvalidRequestException("the body is not a valid logproto.PushRequest: " + e.getMessage());
        }
    }

    /**
     * What to tell the client when some entries were not stored: how many, of which subjects, and
     * the first few reasons; null when every entry was stored.
     */
    public static String notStored(List<Delivery> deliveries) {
        long rejected = 0;
        long records = 0;
        List<String> reasons = new ArrayList<>();
        for (Delivery d : deliveries) {
            rejected += d.rejected();
            records += d.records();
            if (d.refused() != null && reasons.size() < 5) {
                reasons.add(d.to().name() + ": " + d.rejected() + " entries not stored: " + d.refused().getMessage());
            } else if (d.result() != null) {
                for (IngestResult.LineError e : d.result().errors()) {
                    if (reasons.size() == 5) {
                        break;
                    }
                    reasons.add(d.to().name() + ": entry " + e.line() + " " + e.reason());
                }
            }
        }
        if (rejected == 0) {
            return null;
        }
        return rejected + " of " + records + " entries were not stored (the others were, so do not send them again): "
                + String.join("; ", reasons);
    }

    // --- JSON ---

    /**
     * One pass over a JSON request: the first ({@code batches} null) collects each stream's
     * labels, whatever the order of its members; the second writes the entries.
     */
    private static int jsonPass(byte[] body, List<Map<String, String>> labels, String account, Destination fixed, RecordBatches batches)
            throws IOException {
        int count = 0;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequestException("the body must be a JSON object {\"streams\": [...]}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals("streams") || value == JsonToken.VALUE_NULL) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new InvalidRequestException("streams: must be a JSON array");
                }
                int stream = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String at = "streams[" + stream + "]";
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        throw new InvalidRequestException(at + ": must be a JSON object {\"stream\": {labels}, \"values\": [...]}");
                    }
                    if (batches == null) {
                        labels.add(jsonLabels(p, at));
                    } else {
                        count += jsonEntries(p, at, labels.get(stream), account, fixed, batches);
                    }
                    stream++;
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidRequestException("the body holds more than one JSON value");
            }
        }
        return count;
    }

    /** The labels of the stream object at the parser (its "stream" member), which it passes. */
    private static Map<String, String> jsonLabels(JsonParser p, String at) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!name.equals("stream") || value == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            if (value != JsonToken.START_OBJECT) {
                throw new InvalidRequestException(at + ".stream: must be a JSON object of labels");
            }
            labels.clear();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String label = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new InvalidRequestException(at + ".stream." + label + ": a label's value must be a string");
                }
                if (!LokiLabels.isName(label)) {
                    throw new InvalidRequestException(at + ".stream: '" + label + "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
                }
                if (!p.getText().isEmpty()) {
                    labels.put(label, p.getText());
                }
            }
        }
        return labels;
    }

    /** Writes the entries of the stream object at the parser (its "values" member), which it passes. */
    private static int jsonEntries(JsonParser p, String at, Map<String, String> labels, String account, Destination fixed,
                                   RecordBatches batches) throws IOException {
        int count = 0;
        Stream stream = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!name.equals("values") || value == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            if (value != JsonToken.START_ARRAY) {
                throw new InvalidRequestException(at + ".values: must be a JSON array of [\"<ns since 1970>\", \"<line>\"] entries");
            }
            int entry = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String here = at + ".values[" + entry + "]";
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw new InvalidRequestException(here + ": must be a JSON array [\"<ns since 1970>\", \"<line>\"] or with a third "
                            + "member, an object of structured metadata");
                }
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new InvalidRequestException(here + "[0]: the timestamp must be a string of nanoseconds since 1970");
                }
                Instant time = nanos(p.getText(), here + "[0]");
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new InvalidRequestException(here + "[1]: the line must be a string");
                }
                String line = p.getText();
                Map<String, String> metadata = Map.of();
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    metadata = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_STRING) {
                            throw new InvalidRequestException(here + "[2]." + key + ": structured metadata values must be strings");
                        }
                        metadata.put(key, p.getText());
                    }
                    p.nextToken();
                } else if (p.currentToken() == JsonToken.VALUE_NULL) {
                    p.nextToken();
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    throw new InvalidRequestException(here + ": an entry holds a timestamp, a line and at most an object of structured metadata");
                }
                if (stream == null) {
                    stream = new Stream(destination(labels, account, fixed, at), labelsJson(labels));
                }
                stream.write(batches, time, line, metadata);
                count++;
                entry++;
            }
        }
        return count;
    }

    /** A JSON timestamp: nanoseconds since 1970 in decimal, within 64 bits. */
    private static Instant nanos(String text, String at) {
        long nanos;
        try {
            nanos = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(at + ": the timestamp '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                    + "' is not nanoseconds since 1970 as a decimal string within 64 bits");
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    // --- protobuf ---

    /**
     * The offset in the message and the length of the length-delimited field {@code tag}; the
     * stream, which began at {@code base}, moves past it.
     */
    private static int[] lengthDelimited(CodedInputStream in, int base, int tag, String at) throws IOException {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            throw new InvalidRequestException(at + ": field " + WireFormat.getTagFieldNumber(tag) + " has wire type "
                    + WireFormat.getTagWireType(tag) + ", not 2 (length-delimited)");
        }
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new InvalidRequestException(at + ": a negative length");
        }
        int start = base + in.getTotalBytesRead();
        in.skipRawBytes(length); // fails when the body ends first
        return new int[] {start, length};
    }

    private static int protobufStream(byte[] message, int start, int length, int index, String account, Destination fixed,
                                      RecordBatches batches) throws IOException {
        String at = "streams[" + index + "]";
        String text = null;
        CodedInputStream in = CodedInputStream.newInstance(message, start, length);
        while (!in.isAtEnd()) { // first the labels, wherever they are
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                int[] range = lengthDelimited(in, start, tag, at + ".labels");
                text = new String(message, range[0], range[1], UTF_8);
            } else {
                in.skipField(tag);
            }
        }
        Map<String, String> labels;
        try {
            labels = text == null ? Map.of() : LokiLabels.parse(text);
        } catch (LokiLabels.SyntaxException e) {
            throw new InvalidRequestException(at + ".labels: " + e.getMessage());
        }
        Stream stream = null;
        int count = 0;
        in = CodedInputStream.newInstance(message, start, length);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) != 2) {
                in.skipField(tag);
                continue;
            }
            String here = at + ".entries[" + count + "]";
            int[] range = lengthDelimited(in, start, tag, here);
            if (stream == null) {
                stream = new Stream(destination(labels, account, fixed, at), labelsJson(labels));
            }
            protobufEntry(message, range[0], range[1], here, stream, batches);
            count++;
        }
        return count;
    }

    private static void protobufEntry(byte[] message, int start, int length, String at, Stream stream, RecordBatches batches)
            throws IOException {
        Instant time = null;
        String line = "";
        Map<String, String> metadata = Map.of();
        CodedInputStream in = CodedInputStream.newInstance(message, start, length);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int[] range = lengthDelimited(in, start, tag, at + ".timestamp");
                    time = timestamp(message, range[0], range[1], at + ".timestamp");
                }
                case 2 -> {
                    int[] range = lengthDelimited(in, start, tag, at + ".line");
                    line = new String(message, range[0], range[1], UTF_8);
                }
                case 3 -> {
                    int[] range = lengthDelimited(in, start, tag, at + ".structuredMetadata");
                    if (metadata.isEmpty()) {
                        metadata = new LinkedHashMap<>();
                    }
                    labelPair(message, range[0], range[1], at + ".structuredMetadata", metadata);
                }
                default -> in.skipField(tag);
            }
        }
        stream.write(batches, time, line, metadata);
    }

    /** A google.protobuf.Timestamp: int64 seconds = 1, int32 nanos = 2, within the range the type allows. */
    private static Instant timestamp(byte[] message, int start, int length, String at) throws IOException {
        long seconds = 0;
        long nanos = 0;
        CodedInputStream in = CodedInputStream.newInstance(message, start, length);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if ((field == 1 || field == 2) && WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_VARINT) {
                throw new InvalidRequestException(at + ": field " + field + " has wire type " + WireFormat.getTagWireType(tag)
                        + ", not 0 (varint)");
            }
            if (field == 1) {
                seconds = in.readInt64();
            } else if (field == 2) {
                nanos = in.readInt64(); // an int32 on the wire; read whole so that a value past 32 bits is seen
            } else {
                in.skipField(tag);
            }
        }
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999_999_999L) {
            throw new InvalidRequestException(at + ": out of range (seconds " + seconds + ", nanos " + nanos
                    + "); a Timestamp is from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z with nanos from 0 to 999999999");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static void labelPair(byte[] message, int start, int length, String at, Map<String, String> into) throws IOException {
        String name = "";
        String value = "";
        CodedInputStream in = CodedInputStream.newInstance(message, start, length);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 || field == 2) {
                int[] range = lengthDelimited(in, start, tag, at);
                String text = new String(message, range[0], range[1], UTF_8);
                if (field == 1) {
                    name = text;
                } else {
                    value = text;
                }
            } else {
                in.skipField(tag);
            }
        }
        into.put(name, value);
    }

    // --- both ---

    private static Destination destination(Map<String, String> labels, String account, Destination fixed, String at) {
        if (fixed != null) {
            return fixed;
        }
        String text = labels.get(SUBJECT_LABEL);
        if (text == null) {
            throw new NoDestinationException(at + " names no subject: send the header X-Logdump-Subject: <logset>/<subject>, use an "
                    + "ingest token scoped to one subject, or give the stream the label " + SUBJECT_LABEL + "=\"<logset>/<subject>\"");
        }
        Destination to = Destination.parse(account, text, '/');
        if (to == null) {
            throw new NoDestinationException(at + ": the label " + SUBJECT_LABEL + " '" + text + "' is not <logset>/<subject>");
        }
        return to;
    }

    /** The labels as a JSON object, written once per stream; null for none. */
    private static String labelsJson(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : labels.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A stream on its way: its destination and its labels' JSON. */
    private record Stream(Destination to, String labelsJson) {
        void write(RecordBatches batches, Instant time, String line, Map<String, String> metadata) {
            JsonGenerator g = batches.record(to);
            try {
                g.writeStartObject();
                if (time != null) {
                    g.writeStringField("time", time.toString());
                }
                g.writeStringField("line", line);
                if (labelsJson != null) {
                    g.writeFieldName("labels");
                    g.writeRawValue(labelsJson);
                }
                if (!metadata.isEmpty()) {
                    g.writeObjectFieldStart("metadata");
                    for (Map.Entry<String, String> e : metadata.entrySet()) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batches.endRecord(to);
        }
    }
}
