package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.core.FieldError;
import io.logdump.core.LogTimeRange;
import io.logdump.core.SubjectId;
import io.logdump.ingest.BodyFormat;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.IngestResult;
import io.logdump.ingest.LogReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Ingest ({@code POST .../logs}) and reading back by time ({@code GET .../logs}). */
final class IngestController {
    private final Ingest ingest;
    private final LogReader reader;

    IngestController(Ingest ingest, LogReader reader) {
        this.ingest = ingest;
        this.reader = reader;
    }

    void ingest(Context ctx) throws Exception {
        SubjectId subject = new SubjectId(ctx.pathParam("logset"), ctx.pathParam("subject"));
        BodyFormat format = BodyFormat.of(ctx.header("Content-Type"));
        if (format == null) {
            throw new RequestException(415, "Content-Type " + ctx.header("Content-Type")
                    + " is not accepted; use text/plain, application/x-ndjson or application/json", List.of());
        }
        long max = ingest.settings().maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        int permits = ingest.reserve(declared > 0 ? declared : max);
        try {
            byte[] body = readBody(ctx, max);
            String source = ctx.header("X-Log-Source");
            IngestResult result = ingest.ingest(subject, format, body, source == null || source.isBlank() ? ctx.ip() : source);
            ctx.json(result);
        } finally {
            ingest.release(permits);
        }
    }

    void read(Context ctx) throws IOException {
        SubjectId subject = new SubjectId(ctx.pathParam("logset"), ctx.pathParam("subject"));
        Instant from = Requests.query(ctx, "from", IngestController::instant);
        Instant to = Requests.query(ctx, "to", IngestController::instant);
        Integer limit = Requests.intQuery(ctx, "limit", 1, LogReader.MAX_LIMIT);
        Long cursor = Requests.query(ctx, "cursor", v -> {
            long c = Long.parseLong(v);
            if (c < 0) {
                throw new IllegalArgumentException("is not a cursor given by a previous page");
            }
            return c;
        });
        ctx.json(reader.read(subject, from, to, limit == null ? LogReader.DEFAULT_LIMIT : limit, cursor));
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

    /** The body, gunzipped when its Content-Encoding is gzip; 413 past {@code max} bytes either way. */
    private static byte[] readBody(Context ctx, long max) throws IOException {
        String encoding = ctx.header("Content-Encoding");
        InputStream in = ctx.req().getInputStream();
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            if (!encoding.equalsIgnoreCase("gzip")) {
                throw new RequestException(415, "Content-Encoding " + encoding + " is not accepted; use gzip or none", List.of());
            }
            try {
                return readLimited(new GZIPInputStream(new java.io.ByteArrayInputStream(readLimited(in, max, -1)), 64 << 10), max, -1);
            } catch (ZipException | java.io.EOFException e) {
                throw new RequestException(400, "the body is not valid gzip: " + e.getMessage(),
                        List.of(new FieldError("Content-Encoding", "says gzip but the body is not gzip data")));
            }
        }
        return readLimited(in, max, ctx.req().getContentLengthLong());
    }

    /** Reads the whole stream, refusing more than {@code max} bytes; {@code expected} (or -1) sizes the buffer. */
    private static byte[] readLimited(InputStream in, long max, long expected) throws IOException {
        byte[] buf = new byte[(int) Math.min(max, expected > 0 ? expected : 64 << 10)];
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
                buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max(buf.length * 2L, 64 << 10)));
                buf[size++] = (byte) probe;
                continue;
            }
            int n = in.read(buf, size, buf.length - size);
            if (n < 0) {
                return Arrays.copyOf(buf, size);
            }
            size += n;
        }
    }

    private static RequestException tooLarge(long size, long max) {
        return new RequestException(413, "the body is larger than the limit of " + max + " bytes"
                + (size > 0 ? " (at least " + size + ")" : ""), List.of());
    }
}
