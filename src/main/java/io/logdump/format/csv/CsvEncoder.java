package io.logdump.format.csv;

import io.logdump.core.LogRecord;
import io.logdump.format.RecordEncoder;
import io.logdump.format.internal.Ascii;
import io.logdump.format.internal.ByteScratch;
import io.logdump.format.internal.ColumnMembers;
import io.logdump.format.internal.ByteSink;
import io.logdump.format.internal.IsoTime;
import io.logdump.format.internal.JsonObjectScanner;
import io.logdump.format.internal.JsonText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@link CsvFormat} lines. Each record's fields are scanned once to find the members that
 * are columns; values are written from the fields bytes, decoded only when a string has escapes.
 * Not thread-safe.
 */
final class CsvEncoder implements RecordEncoder {
    private static final int TIME = -1;
    private static final int RECEIVE_TIME = -2;
    private static final int SOURCE = -3;
    private static final int RAW = -4;
    private static final byte[] EMPTY_STRING = {'"', '"'};

    private final ByteSink sink;
    private final byte[] delimiter;
    /** Per column: one of the special kinds, or the index of a parsed field in {@code names}. */
    private final int[] kinds;
    /** The UTF-8 names of the parsed-field columns. */
    private final byte[][] names;
    /** Per parsed-field column: the member holding its value in the current record. */
    private final ColumnMembers members;
    private final JsonObjectScanner scanner;
    private final ByteScratch scratch = new ByteScratch();
    private final IsoTime logTime = new IsoTime();
    private final IsoTime receiveTime = new IsoTime();

    CsvEncoder(OutputStream out, List<String> columns, char delimiter, boolean header) throws IOException {
        this.sink = new ByteSink(out);
        this.delimiter = String.valueOf(delimiter).getBytes(StandardCharsets.UTF_8);
        this.kinds = new int[columns.size()];
        int fields = 0;
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = switch (columns.get(i)) {
                case "__time__" -> TIME;
                case "__receive_time__" -> RECEIVE_TIME;
                case "__source__" -> SOURCE;
                case "__raw__" -> RAW;
                default -> fields++;
            };
        }
        this.names = new byte[fields][];
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] >= 0) {
                names[kinds[i]] = columns.get(i).getBytes(StandardCharsets.UTF_8);
            }
        }
        this.members = new ColumnMembers(names);
        this.scanner = members.scanner();
        if (header) {
            for (int i = 0; i < kinds.length; i++) {
                if (i > 0) {
                    sink.write(this.delimiter);
                }
                byte[] name = columns.get(i).getBytes(StandardCharsets.UTF_8);
                cell(name, 0, name.length);
            }
            sink.write('\n');
        }
    }

    @Override
    public void write(LogRecord record) throws IOException {
        if (sink.isClosed()) {
            throw new IllegalStateException("the encoder is finished");
        }
        byte[] fields = record.fields();
        members.find(fields);
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                sink.write(delimiter);
            }
            switch (kinds[i]) {
                case TIME -> cell(logTime.bytes(), 0, logTime.format(record.logTime()));
                case RECEIVE_TIME -> cell(receiveTime.bytes(), 0, receiveTime.format(record.receiveTime()));
                case SOURCE -> cell(record.source(), 0, record.source().length);
                case RAW -> cell(record.raw(), 0, record.raw().length);
                default -> value(fields, members.member(kinds[i]));
            }
        }
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

    private void value(byte[] fields, int m) throws IOException {
        if (m < 0) {
            return;
        }
        int start = scanner.valueStart(m);
        int end = scanner.valueEnd(m);
        switch (fields[start]) {
            case 'n' -> { }
            case '"' -> {
                if (end - start == 2) {
                    sink.write(EMPTY_STRING);
                } else if (scanner.valueEscaped(m)) {
                    scratch.clear();
                    JsonText.unescape(fields, start + 1, end - 1, scratch);
                    cell(scratch.bytes(), 0, scratch.length());
                } else {
                    cell(fields, start + 1, end - 1);
                }
            }
            case '{', '[' -> {
                if (scanner.hasWhitespace()) {
                    scratch.clear();
                    JsonText.compact(fields, start, end, scratch);
                    cell(scratch.bytes(), 0, scratch.length());
                } else {
                    cell(fields, start, end);
                }
            }
            default -> cell(fields, start, end);
        }
    }

    /** Writes {@code b[from, to)} as a cell, quoted when it must be. */
    private void cell(byte[] b, int from, int to) throws IOException {
        if (!needsQuotes(b, from, to)) {
            sink.write(b, from, to - from);
            return;
        }
        sink.write('"');
        int run = from;
        for (int i = from; i < to; i++) {
            if (b[i] == '"') {
                sink.write(b, run, i + 1 - run);
                run = i;
            }
        }
        sink.write(b, run, to - run);
        sink.write('"');
    }

    private boolean needsQuotes(byte[] b, int from, int to) {
        byte d = delimiter[0];
        for (int i = from; ; i++) {
            i = Ascii.indexOfAny(b, i, to, (byte) '"', (byte) '\n', (byte) '\r', d);
            if (i == to) {
                return false;
            }
            if (b[i] != d || delimiter.length == 1 || Arrays.equals(b, i, Math.min(i + delimiter.length, to), delimiter, 0, delimiter.length)) {
                return true;
            }
        }
    }
}
