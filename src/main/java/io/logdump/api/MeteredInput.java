package io.logdump.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A request body as it arrives from the client, refused with 408 when it comes too slowly: once
 * more than {@code grace} has been spent waiting for it, it must have arrived at
 * {@code minBytesPerSecond} on average over that time. Only the time spent in {@code read} counts,
 * so the server's own pauses (waiting for the memory budget, parsing) are not held against the
 * client. A pause longer than the grace is caught by the connection's idle timeout, which the
 * caller sets to the grace while the body is read; it is a 408 too. A failure of the connection
 * is a {@link ErrorMapper.ClientHungUp}. Not thread-safe.
 */
final class MeteredInput extends InputStream {
    private final InputStream in;
    private final long minBytesPerSecond;
    private final long graceNanos;
    private final LongSupplier nanoTime;
    private long bytes;
    private long readingNanos;

    MeteredInput(InputStream in, long minBytesPerSecond, long graceNanos, LongSupplier nanoTime) {
        this.in = in;
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = graceNanos;
        this.nanoTime = nanoTime;
    }

    /** The bytes read so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long start = nanoTime.getAsLong();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            if (timedOut(e)) {
                throw tooSlow("paused for longer than " + graceNanos / 1_000_000 + " ms");
            }
            throw new ErrorMapper.ClientHungUp(e);
        }
        readingNanos += nanoTime.getAsLong() - start;
        if (n > 0) {
            bytes += n;
        }
        if (readingNanos > graceNanos && bytes < minBytesPerSecond * (readingNanos / 1e9)) {
            throw tooSlow(String.format("arrived at %.0f bytes/s", bytes / (readingNanos / 1e9)));
        }
        return n;
    }

    private RequestException tooSlow(String how) {
        return new RequestException(408, "the request body came too slowly: it " + how + " after " + bytes + " bytes; the minimum is "
                + minBytesPerSecond + " bytes/s on average after " + graceNanos / 1_000_000 + " ms, without a longer pause", List.of());
    }

    private static boolean timedOut(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
