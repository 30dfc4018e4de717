package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.core.FieldError;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.IngestSettings;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Reads the body of an ingest request ({@code POST .../logs} and the shipper protocols) under the
 * ingest limits: gzip or none ({@code Content-Encoding}, else 415), at most {@code maxBodyMB} after
 * gunzip (413 as soon as it is seen, also for a declared length), held under the memory budget
 * ({@link BodyBudget}) and arriving at the minimum data rate ({@link MeteredInput}, else 408). A
 * body without a declared length (chunked) is read the same way. Thread-safe.
 */
final class RequestBodies {
    private static final int FIRST_BUFFER = 64 << 10;

    private final Ingest ingest;
    private final LongSupplier nanoTime;

    /** @param nanoTime the clock of the body's data rate, e.g. {@code System::nanoTime} */
    RequestBodies(Ingest ingest, LongSupplier nanoTime) {
        this.ingest = ingest;
        this.nanoTime = nanoTime;
    }

    /** The limits, for the checks made before the body is read. */
    IngestSettings settings() {
        return ingest.settings();
    }

    /** A budget for one request's body (and what is made of it); close it when the request is done. */
    BodyBudget budget() {
        return new BodyBudget(ingest);
    }

    /** The whole body, gunzipped when {@code Content-Encoding: gzip}, its bytes held in {@code budget}. */
    byte[] read(Context ctx, BodyBudget budget) throws IOException, InterruptedException {
        boolean gzip = gzip(ctx.header("Content-Encoding"));
        long max = settings().maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        IngestSettings settings = settings();
        EndPoint endPoint = endPoint(ctx);
        long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
        if (endPoint != null) {
            endPoint.setIdleTimeout(settings.bodyGrace().toMillis()); // a longer pause in the body is a 408
        }
        try {
            InputStream in = new MeteredInput(ctx.req().getInputStream(), settings.minBodyBytesPerSecond(), settings.bodyGrace().toNanos(),
                    nanoTime);
            return decode(in, gzip, max, declared, budget);
        } finally {
            if (endPoint != null) {
                endPoint.setIdleTimeout(idleTimeout);
            }
        }
    }

    /**
     * The body read from {@code in}, gunzipped when {@code gzip}: 400 when it is not gzip, 413 past
     * {@code max} bytes (after gunzip). {@code declared} is the Content-Length, -1 when not known.
     */
    static byte[] decode(InputStream in, boolean gzip, long max, long declared, BodyBudget budget) throws IOException, InterruptedException {
        if (!gzip) {
            return readLimited(in, max, declared, budget);
        }
        try {
            return readLimited(new GZIPInputStream(in, 64 << 10), max, -1, budget);
        } catch (ZipException | EOFException e) {
            throw new RequestException(400, "the body is not valid gzip: " + e.getMessage(),
                    List.of(new FieldError("Content-Encoding", "says gzip but the body is not gzip data")));
        }
    }

    /** Whether the body is gzip (true) or as is (false); 415 for another Content-Encoding. */
    private static boolean gzip(String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return false;
        }
        if (!encoding.equalsIgnoreCase("gzip")) {
            throw new RequestException(415, "Content-Encoding " + encoding + " is not accepted; use gzip or none", List.of());
        }
        return true;
    }

    private static EndPoint endPoint(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    /**
     * Reads the whole stream, refusing more than {@code max} bytes. The buffer grows as bytes arrive,
     * at most doubling (to exactly {@code expected} when the length is known, -1 when not), and the
     * budget holds its size before it is allocated; so a body holds at most twice what has arrived
     * (at least 64 KiB), and the copy left behind by a growth is garbage at once.
     */
    private static byte[] readLimited(InputStream in, long max, long expected, BodyBudget budget) throws IOException, InterruptedException {
        long first = Math.min(max, expected >= 0 ? Math.min(expected, FIRST_BUFFER) : FIRST_BUFFER);
        budget.holdAtLeast(first);
        byte[] buf = new byte[(int) first];
        int size = 0;
        while (true) {
            if (size == buf.length) {
                int probe = in.read();
                if (probe < 0) {
                    return buf;
                }
                if (buf.length >= max) {
                    throw tooLarge(size + 1, max);
                }
                long grown = Math.min(max, buf.length * 2L);
                if (expected > buf.length) {
                    grown = Math.min(grown, expected);
                }
                budget.holdAtLeast(grown);
                buf = Arrays.copyOf(buf, (int) grown);
                buf[size++] = (byte) probe;
                continue;
            }
            int n = in.read(buf, size, buf.length - size);
            if (n < 0) {
                return size == buf.length ? buf : Arrays.copyOf(buf, size);
            }
            size += n;
        }
    }

    static RequestException tooLarge(long size, long max) {
        return new RequestException(413, "the body is larger than the limit of " + max + " bytes"
                + (size > 0 ? " (at least " + size + ")" : ""), List.of());
    }
}
