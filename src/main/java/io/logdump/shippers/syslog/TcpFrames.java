package io.logdump.shippers.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The frames of a syslog TCP connection (RFC 6587), told apart frame by frame as rsyslog does: a
 * frame that starts with a digit from 1 to 9 followed by digits and a space is octet-counted
 * ({@code 123 <13>1 ...}), any other is ended by a line feed (an ending carriage return dropped).
 * A frame longer than {@code maxFrame} is skipped without being held ({@link #OVERSIZED}). Every
 * byte read stays in the buffer until its frame is complete, so a read that times out (the socket's
 * timeout, so the caller can store what it has) loses nothing: call {@link #next} again. Holds at most
 * {@code maxFrame} plus a few bytes. Not thread-safe.
 */
final class TcpFrames {
    static final int FRAME = 0;
    static final int OVERSIZED = 1;
    static final int END = 2;
    private static final int FIRST_BUFFER = 16 << 10;
    private static final int MAX_DIGITS = 10;

    private final InputStream in;
    private final int maxFrame;
    private byte[] buf = new byte[FIRST_BUFFER];
    private int pos;
    private int limit;
    private long skipOctets;
    private boolean skipLine;
    private int frameStart;
    private int frameEnd;

    TcpFrames(InputStream in, int maxFrame) {
        this.in = in;
        this.maxFrame = maxFrame;
    }

    byte[] buffer() {
        return buf;
    }

    int frameStart() {
        return frameStart;
    }

    int frameEnd() {
        return frameEnd;
    }

    /**
     * Reads on to the next frame: {@link #FRAME} (it is {@code [frameStart, frameEnd)} of
     * {@link #buffer}, valid until the next call), {@link #OVERSIZED} or {@link #END}.
     *
     * @throws java.net.SocketTimeoutException when the socket's timeout passed without a whole frame (call again)
     */
    int next() throws IOException {
        while (true) {
            if (skipOctets > 0) {
                int n = (int) Math.min(skipOctets, limit - pos);
                pos += n;
                skipOctets -= n;
                if (skipOctets > 0 && !fill()) {
                    return END;
                }
                continue;
            }
            if (skipLine) {
                int nl = indexOf((byte) '\n', pos);
                if (nl < 0) {
                    pos = limit;
                    if (!fill()) {
                        return END;
                    }
                    continue;
                }
                pos = nl + 1;
                skipLine = false;
                continue;
            }
            if (pos == limit && !fill()) {
                return END;
            }
            byte first = buf[pos];
            if (first >= '1' && first <= '9') {
                int i = pos;
                long length = 0;
                while (i < limit && i - pos < MAX_DIGITS && buf[i] >= '0' && buf[i] <= '9') {
                    length = length * 10 + (buf[i] - '0');
                    i++;
                }
                if (i == limit && i - pos < MAX_DIGITS) {
                    if (!fill()) {
                        return lastLine();
                    }
                    continue;
                }
                if (i < limit && buf[i] == ' ') {
                    int start = i + 1;
                    if (length > maxFrame) {
                        pos = start;
                        skipOctets = length;
                        return OVERSIZED;
                    }
                    if (start + length > limit) {
                        if (!fill()) {
                            return END; // the connection ended inside the frame: it is incomplete
                        }
                        continue;
                    }
                    frameStart = start;
                    frameEnd = (int) (start + length);
                    pos = frameEnd;
                    return FRAME;
                }
            }
            int nl = indexOf((byte) '\n', pos);
            if (nl >= 0) {
                frameStart = pos;
                frameEnd = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
                pos = nl + 1;
                if (frameEnd - frameStart > maxFrame) {
                    return OVERSIZED;
                }
                if (frameEnd == frameStart) {
                    continue;
                }
                return FRAME;
            }
            if (limit - pos > maxFrame) {
                pos = limit;
                skipLine = true;
                return OVERSIZED;
            }
            if (!fill()) {
                return lastLine();
            }
        }
    }

    /** At the end of the connection, what is left is a last line without its line feed. */
    private int lastLine() {
        if (pos == limit) {
            return END;
        }
        frameStart = pos;
        frameEnd = limit;
        pos = limit;
        return FRAME;
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < limit; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Reads more bytes (after moving the unread ones to the front); false at the end of the stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, 1), maxFrame + MAX_DIGITS + 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }
}
