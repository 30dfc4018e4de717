package io.logdump.format.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A 64 KiB buffer in front of an output stream that counts every byte written to it. Unlike
 * {@link java.io.BufferedOutputStream} it takes no lock. Not thread-safe.
 */
public final class ByteSink {
    public static final int BUFFER_BYTES = 64 << 10;

    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    private long flushed;
    private boolean closed;

    public ByteSink(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
        this.buf = new byte[BUFFER_BYTES];
    }

    public void write(int b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) b;
    }

    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - pos) {
            drain();
            if (len >= buf.length) {
                out.write(b, off, len);
                flushed += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** Bytes written so far, buffered ones included. */
    public long count() {
        return flushed + pos;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Writes out the buffer and closes the stream; a second call does nothing. */
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
            out.flush();
        } finally {
            out.close();
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            flushed += pos;
            pos = 0;
        }
    }
}
