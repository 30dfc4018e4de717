package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.core.FieldError;
import io.logdump.core.LogTimeRange;
import io.logdump.core.SubjectId;
import io.logdump.ingest.BodyFormat;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.IngestResult;
import io.logdump.ingest.IngestSettings;
import io.logdump.ingest.LogReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/** Ingest ({@code POST .../logs}) and reading back by time ({@code GET .../logs}). */
final class IngestController {
    static final int MAX_SOURCE_BYTES = 256;
    private static final int FIRST_BUFFER = 64 << 10;

    private final Ingest ingest;
    private final LogReader reader;
    private final LongSupplier nanoTime;

    /** @param nanoTime the clock of the body's data rate, e.g. {@code System::nanoTime} */
    IngestController(Ingest ingest, LogReader reader, LongSupplier nanoTime) {
        this.ingest = ingest;
        this.reader = reader;
        this.nanoTime = nanoTime;
    }

    void ingest(Context ctx) throws Exception {
        SubjectId subject = new SubjectId(Caller.account(ctx), ctx.pathParam("logset"), ctx.pathParam("subject"));
        BodyFormat format = BodyFormat.of(ctx.header("Content-Type"));
        if (format == null) {
            throw new RequestException(415, "Content-Type " + ctx.header("Content-Type")
                    + " is not accepted; use text/plain, application/x-ndjson or application/json", List.of());
        }
        boolean gzip = gzip(ctx.header("Content-Encoding"));
        long max = ingest.settings().maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        try (BodyBudget budget = new BodyBudget(ingest)) {
            byte[] body = readBody(ctx, gzip, declared, budget);
            IngestResult result = ingest.ingest(subject, format, body, source(ctx.header("X-Log-Source"), ctx.ip()));
            ctx.json(result);
        }
    }

    void read(Context ctx) throws IOException {
        SubjectId subject = new SubjectId(Caller.account(ctx), ctx.pathParam("logset"), ctx.pathParam("subject"));
        Instant from = Requests.query(ctx, "from", IngestController::instant);
        Instant to = Requests.query(ctx, "to", IngestController::instant);
        Integer limit = Requests.intQuery(ctx, "limit", 1, LogReader.MAX_LIMIT);
        Long cursor = Requests.query(ctx, "cursor", IngestController::cursor);
        ctx.json(reader.read(subject, from, to, limit == null ? LogReader.DEFAULT_LIMIT : limit, cursor));
    }

    /** The {@code cursor} query parameter: where a previous page ended. */
    static long cursor(String value) {
        long c = Long.parseLong(value);
        if (c < 0) {
            throw new IllegalArgumentException("is not a cursor given by a previous page");
        }
        return c;
    }

    /** A query instant: ISO-8601 in UTC, in {@link LogTimeRange} (outside it no record can be, and no arithmetic is safe). */
    static Instant instant(String value) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 instant such as 2026-11-26T08:00:00Z");
        }
        if (!LogTimeRange.contains(instant)) {
            throw new IllegalArgumentException("must be an instant in " + LogTimeRange.TEXT);
        }
        return instant;
    }

    /**
     * Who sent the body, stored with every record: the X-Log-Source header cut to its first
     * {@link #MAX_SOURCE_BYTES} bytes of UTF-8 (at a character boundary), or the client address without it.
     */
    static String source(String header, String clientAddress) {
        if (header == null || header.isBlank()) {
            return clientAddress;
        }
        byte[] utf8 = header.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_SOURCE_BYTES) {
            return header;
        }
        int end = MAX_SOURCE_BYTES;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) { // a continuation byte: the character started before
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
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

    /**
     * The body, gunzipped when {@code gzip}, read as it arrives under the memory budget and the
     * minimum data rate (see {@link MeteredInput}); 413 past the body limit, after gunzip, as soon as it is seen.
     */
    private byte[] readBody(Context ctx, boolean gzip, long declared, BodyBudget budget) throws IOException, InterruptedException {
        IngestSettings settings = ingest.settings();
        EndPoint endPoint = endPoint(ctx);
        long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
        if (endPoint != null) {
            endPoint.setIdleTimeout(settings.bodyGrace().toMillis()); // a longer pause in the body is a 408
        }
        try {
            InputStream in = new MeteredInput(ctx.req().getInputStream(), settings.minBodyBytesPerSecond(), settings.bodyGrace().toNanos(),
                    nanoTime);
            return decode(in, gzip, settings.maxBodyBytes(), declared, budget);
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

    private static RequestException tooLarge(long size, long max) {
        return new RequestException(413, "the body is larger than the limit of " + max + " bytes"
                + (size > 0 ? " (at least " + size + ")" : ""), List.of());
    }
}
