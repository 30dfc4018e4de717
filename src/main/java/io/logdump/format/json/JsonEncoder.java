package io.logdump.format.json;

import io.logdump.core.LogRecord;
import io.logdump.format.RecordEncoder;
import io.logdump.format.internal.ByteScratch;
import io.logdump.format.internal.ByteSink;
import io.logdump.format.internal.IsoTime;
import io.logdump.format.internal.JsonObjectScanner;
import io.logdump.format.internal.JsonText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes {@link JsonFormat} lines. The usual record, whose fields are one JSON object without line
 * breaks and without a field named like one of Logdump's members, costs one check of its fields
 * (eight bytes at a time through plain text), one copy of them up to the closing brace, and the
 * appended members; other records are rebuilt member by member from the same check's spans.
 * Not thread-safe.
 */
final class JsonEncoder implements RecordEncoder {
    private static final byte[] TIME = ascii("\"__time__\":\"");
    private static final byte[] RECEIVE_TIME = ascii("\",\"__receive_time__\":\"");
    private static final byte[] SOURCE = ascii("\",\"__source__\":");
    private static final byte[] RAW = ascii(",\"__raw__\":");
    private static final byte[][] OURS = {ascii("__time__"), ascii("__receive_time__"), ascii("__source__")};

    private final ByteSink sink;
    private final JsonObjectScanner scanner = new JsonObjectScanner();
    private final ByteScratch scratch = new ByteScratch();
    private final IsoTime logTime = new IsoTime();
    private final IsoTime receiveTime = new IsoTime();

    JsonEncoder(OutputStream out) {
        this.sink = new ByteSink(out);
    }

    @Override
    public void write(LogRecord record) throws IOException {
        if (sink.isClosed()) {
            throw new IllegalStateException("the encoder is finished");
        }
        byte[] fields = record.fields();
        boolean parsed = fields.length > 0 && scanner.scan(fields);
        if (!parsed) {
            sink.write('{');
        } else if (!scanner.hasLineBreak() && !mayNameOurs()) {
            int open = scanner.objectStart();
            sink.write(fields, open, scanner.objectEnd() - open);
            if (scanner.memberCount() > 0) {
                sink.write(',');
            }
        } else {
            writeMembers(fields);
        }
        sink.write(TIME);
        logTime.write(sink, record.logTime());
        sink.write(RECEIVE_TIME);
        receiveTime.write(sink, record.receiveTime());
        sink.write(SOURCE);
        byte[] source = record.source();
        JsonText.writeString(sink, source, 0, source.length);
        if (!parsed) {
            sink.write(RAW);
            byte[] raw = record.raw();
            JsonText.writeString(sink, raw, 0, raw.length);
        }
        sink.write('}');
        sink.write('\n');
    }

    @Override
    public long uncompressedBytes() {
        return sink.count();
    }

    @Override
    public void finish() throws IOException {
        sink.close();
    }

    /** Whether a key may be one of ours; an escaped key may, and is decoded by {@link #writeMembers}. */
    private boolean mayNameOurs() {
        for (int m = 0; m < scanner.memberCount(); m++) {
            int length = scanner.keyEnd(m) - scanner.keyStart(m);
            if (scanner.keyEscaped(m)) {
                return true;
            }
            if (length == 8 || length == 10 || length == 16) {
                for (byte[] name : OURS) {
                    if (scanner.keyEquals(m, name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** '{', then the members that are not ours, compact, each followed by ','. */
    private void writeMembers(byte[] fields) throws IOException {
        sink.write('{');
        for (int m = 0; m < scanner.memberCount(); m++) {
            int keyStart = scanner.keyStart(m);
            int keyEnd = scanner.keyEnd(m);
            if (isOurs(fields, m)) {
                continue;
            }
            sink.write(fields, keyStart - 1, keyEnd - keyStart + 2);
            sink.write(':');
            int valueStart = scanner.valueStart(m);
            int valueEnd = scanner.valueEnd(m);
            if (scanner.hasWhitespace()) {
                scratch.clear();
                JsonText.compact(fields, valueStart, valueEnd, scratch);
                sink.write(scratch.bytes(), 0, scratch.length());
            } else {
                sink.write(fields, valueStart, valueEnd - valueStart);
            }
            sink.write(',');
        }
    }

    private boolean isOurs(byte[] fields, int m) {
        if (!scanner.keyEscaped(m)) {
            for (byte[] name : OURS) {
                if (scanner.keyEquals(m, name)) {
                    return true;
                }
            }
            return false;
        }
        scratch.clear();
        JsonText.unescape(fields, scanner.keyStart(m), scanner.keyEnd(m), scratch);
        for (byte[] name : OURS) {
            if (Arrays.equals(scratch.bytes(), 0, scratch.length(), name, 0, name.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
