package io.logdump.format;

import io.logdump.format.internal.JsonObjectScanner;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a dump file back, once decompressed, and counts its records, checking that each one is
 * whole in its format:
 * <ul>
 *   <li>{@code json}: every line, ended by {@code \n}, is one JSON object;</li>
 *   <li>{@code raw}: every line is ended by {@code \n} (a stored line never holds CR or LF);</li>
 *   <li>{@code csv}: records are ended by {@code \n} outside quotes (RFC 4180 quoting, so a quoted
 *       cell may hold line ends); the header line, when the settings have one, is not counted.</li>
 * </ul>
 * A file that ends inside a record, or a json line that is not an object, fails with an
 * {@link IOException} naming the record. Parquet is not readable here
 * ({@link UnsupportedOperationException}). Streams the input with a bounded buffer (a json line
 * is held whole). Stateless and thread-safe.
 */
public final class RecordCounter {
    private static final int BUFFER = 64 << 10;

    private RecordCounter() {}

    /** Whether files of this format type can be counted ({@code json}, {@code raw}, {@code csv}). */
    public static boolean canCount(String type) {
        return "json".equals(type) || "raw".equals(type) || "csv".equals(type);
    }

    /**
     * The number of records in {@code in}, read to its end (not closed).
     *
     * @throws IOException when a record is not whole, or the input cannot be read
     */
    public static long count(FormatSettings settings, InputStream in) throws IOException {
        return switch (settings.type()) {
            case "json" -> jsonLines(in);
            case "raw" -> lines(in);
            case "csv" -> csvRecords(in, settings.header());
            default -> throw new UnsupportedOperationException("records of " + settings.type() + " files cannot be counted");
        };
    }

    private static long lines(InputStream in) throws IOException {
        byte[] buf = new byte[BUFFER];
        long count = 0;
        boolean open = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    count++;
                }
            }
            open = buf[n - 1] != '\n';
        }
        if (open) {
            throw new IOException("the file ends inside record " + (count + 1) + ", which has no line end");
        }
        return count;
    }

    private static long jsonLines(InputStream in) throws IOException {
        JsonObjectScanner scanner = new JsonObjectScanner();
        byte[] buf = new byte[BUFFER];
        byte[] line = new byte[1024];
        int length = 0;
        long count = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line = append(line, length, buf, start, i);
                    length += i - start;
                    count++;
                    if (!scanner.scan(Arrays.copyOf(line, length))) {
                        throw new IOException("record " + count + " is not one JSON object");
                    }
                    length = 0;
                    start = i + 1;
                }
            }
            line = append(line, length, buf, start, n);
            length += n - start;
        }
        if (length > 0) {
            throw new IOException("the file ends inside record " + (count + 1) + ", which has no line end");
        }
        return count;
    }

    private static byte[] append(byte[] line, int length, byte[] buf, int from, int to) {
        int add = to - from;
        if (length + add > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + add));
        }
        System.arraycopy(buf, from, line, length, add);
        return line;
    }

    private static long csvRecords(InputStream in, boolean header) throws IOException {
        byte[] buf = new byte[BUFFER];
        long records = 0;
        boolean quoted = false;
        boolean open = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    records++;
                    open = false;
                    continue;
                }
                open = true;
            }
        }
        if (open || quoted) {
            throw new IOException("the file ends inside " + (header && records == 0 ? "its header" : "record " + (records + (header ? 0 : 1)))
                    + (quoted ? ", in a quoted cell" : ", which has no line end"));
        }
        if (header) {
            if (records == 0) {
                throw new IOException("the file has no header line");
            }
            records--;
        }
        return records;
    }
}
