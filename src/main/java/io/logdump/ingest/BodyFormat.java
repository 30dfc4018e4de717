package io.logdump.ingest;

import java.util.Locale;

/** How a request body holds its lines, from its Content-Type. */
public enum BodyFormat {
    /** {@code text/plain}: one record per line; {@code \n}, {@code \r\n} and a bare {@code \r} end a line. */
    TEXT,
    /** {@code application/x-ndjson}: one JSON object per line. */
    NDJSON,
    /** {@code application/json}: an array whose elements are objects (stored as compact JSON lines) or strings (lines). */
    JSON_ARRAY;

    /** The format of a Content-Type, or null when it is none of the three. */
    public static BodyFormat of(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case "text/plain", "" -> TEXT;
            case "application/x-ndjson", "application/ndjson", "application/jsonlines", "application/x-jsonlines" -> NDJSON;
            case "application/json" -> JSON_ARRAY;
            default -> null;
        };
    }
}
