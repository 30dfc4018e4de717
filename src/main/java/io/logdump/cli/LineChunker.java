package io.logdump.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stream of log lines into chunks of at most {@code limit} bytes that end at a line end, so
 * that no line is ever split between two requests. Lines are numbered as the server numbers the
 * lines of a body ({@code \n}, {@code \r\n} and a bare {@code \r} each end a line; empty lines
 * count), so that a line number in the answer to a chunk plus the chunk's {@link Chunk#firstLine}
 * less one is the line's number in the whole input. A {@code \r\n} is never cut in two. A line
 * longer than the limit cannot go into any chunk: it is read through without being held, and
 * reported by {@link #skipped()}. Not thread-safe.
 */
final class LineChunker {
    /** A line left out because it is longer than the limit: its number in the input and its length without its end. */
    record Skipped(long line, long bytes) {}

    /**
     * A chunk: the first {@code length} bytes of {@code bytes} (a buffer the chunker reuses: valid
     * until the next call of {@link #next()}), holding lines {@code firstLine} to {@code firstLine + lines - 1}.
     */
    record Chunk(byte[] bytes, int length, long firstLine, long lines) {}

    private final PushbackInputStream in;
    private final byte[] buf;
    private final List<Skipped> skipped = new ArrayList<>();
    private int len;
    private int taken;
    private boolean eof;
    private long nextLine = 1;

    LineChunker(InputStream in, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("a chunk must hold at least 2 bytes, not " + limit);
        }
        this.in = new PushbackInputStream(in, 1);
        this.buf = new byte[limit];
    }

    /** The next chunk, or null at the end of the input. */
    Chunk next() throws IOException {
        System.arraycopy(buf, taken, buf, 0, len - taken);
        len -= taken;
        taken = 0;
        while (true) {
            fill();
            if (len == 0) {
                return null;
            }
            int cut = eof ? len : afterLastLineEnd();
            if (cut > 0) {
                long lines = lines(buf, cut);
                Chunk chunk = new Chunk(buf, cut, nextLine, lines);
                nextLine += lines;
                taken = cut;
                return chunk;
            }
            skipLongLine();
        }
    }

    /** The lines left out so far because each is longer than the limit, in input order. */
    List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** The number of lines read so far, the ones left out included. */
    long linesRead() {
        return nextLine - 1;
    }

    private void fill() throws IOException {
        while (!eof && len < buf.length) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                eof = true;
            } else {
                len += n;
            }
        }
    }

    /** The position after the last line end of the (full) buffer, 0 when it holds none. */
    private int afterLastLineEnd() throws IOException {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
            if (buf[i] == '\r') {
                if (i < len - 1) {
                    return i + 1; // buf[i + 1] is not '\n': that would have been found first
                }
                int after = in.read();
                if (after < 0) {
                    eof = true;
                    return len;
                }
                in.unread(after);
                if (after != '\n') {
                    return len;
                }
            }
        }
        return 0;
    }

    /** Reads through the line that fills the whole buffer, up to and with its end. */
    private void skipLongLine() throws IOException {
        if (buf[len - 1] == '\r') { // a line of exactly limit - 1 bytes and its \r\n: the \n is next
            in.read();
            skipped.add(new Skipped(nextLine++, len - 1));
            len = 0;
            return;
        }
        long bytes = len;
        len = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && b != '\r') {
            bytes++;
        }
        if (b == '\r') {
            int after = in.read();
            if (after >= 0 && after != '\n') {
                in.unread(after);
            }
        }
        if (b < 0) {
            eof = true;
        }
        skipped.add(new Skipped(nextLine, bytes));
        nextLine++;
    }

    /** How many lines the server finds in {@code bytes[0, length)}. */
    static long lines(byte[] bytes, int length) {
        long lines = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lines++;
            } else if (bytes[i] == '\r') {
                lines++;
                if (i + 1 < length && bytes[i + 1] == '\n') {
                    i++;
                }
            }
        }
        byte last = length == 0 ? 0 : bytes[length - 1];
        return length > 0 && last != '\n' && last != '\r' ? lines + 1 : lines;
    }
}
