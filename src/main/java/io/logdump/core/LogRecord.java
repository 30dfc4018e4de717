package io.logdump.core;

import java.nio.charset.StandardCharsets;

/**
 * One stored log record. Text is kept as UTF-8 bytes, as it is stored and as it is dumped, so
 * that records pass from ingest to the object store without being decoded on the way.
 *
 * @param offset its position in the subject's log, or -1 before it is appended
 * @param logTime the log time, epoch milliseconds
 * @param receiveTime when Logdump received it, epoch milliseconds
 * @param source who sent it (the client address), UTF-8
 * @param raw the original line, UTF-8
 * @param fields the parsed fields as a UTF-8 JSON object, or an empty array when there are none;
 *     the very {@code raw} array when the line is itself the JSON object of its fields (the json
 *     parser), which the log store keeps once
 */
public record LogRecord(long offset, long logTime, long receiveTime, byte[] source, byte[] raw, byte[] fields) {
    public static final byte[] NONE = new byte[0];

    public String rawText() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    public String sourceText() {
        return new String(source, StandardCharsets.UTF_8);
    }

    /** Whether the fields are the raw line itself (see {@code fields}). */
    public boolean fieldsAreRaw() {
        return fields == raw && raw.length > 0;
    }
}
