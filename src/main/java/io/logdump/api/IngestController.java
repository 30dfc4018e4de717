package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.core.LogTimeRange;
import io.logdump.core.SubjectId;
import io.logdump.ingest.BodyFormat;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.IngestResult;
import io.logdump.ingest.LogReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Ingest ({@code POST .../logs}) and reading back by time ({@code GET .../logs}). */
final class IngestController {
    static final int MAX_SOURCE_BYTES = 256;

    private final Ingest ingest;
    private final LogReader reader;
    private final RequestBodies bodies;

    IngestController(Ingest ingest, LogReader reader, RequestBodies bodies) {
        this.ingest = ingest;
        this.reader = reader;
        this.bodies = bodies;
    }

    void ingest(Context ctx) throws Exception {
        SubjectId subject = new SubjectId(Caller.account(ctx), ctx.pathParam("logset"), ctx.pathParam("subject"));
        BodyFormat format = BodyFormat.of(ctx.header("Content-Type"));
        if (format == null) {
            throw new RequestException(415, "Content-Type " + ctx.header("Content-Type")
                    + " is not accepted; use text/plain, application/x-ndjson or application/json", List.of());
        }
        try (BodyBudget budget = bodies.budget()) {
            byte[] body = bodies.read(ctx, budget);
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
}
