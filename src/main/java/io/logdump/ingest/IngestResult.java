package io.logdump.ingest;

import java.util.List;

/**
 * The answer to an ingest request.
 *
 * @param accepted records stored (durably, before this answer)
 * @param rejected lines not stored
 * @param invalidUtf8 lines in which invalid UTF-8 was replaced by U+FFFD (they are stored)
 * @param errors the reason for each rejected line, the first {@link Ingest#MAX_REASONS} at most
 */
public record IngestResult(long accepted, long rejected, long invalidUtf8, List<LineError> errors) {
    /** Why line {@code line} (1-based, in the body's order) was rejected. */
    public record LineError(long line, String reason) {}
}
