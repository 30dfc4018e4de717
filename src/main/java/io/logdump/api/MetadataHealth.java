package io.logdump.api;

/**
 * The metadata database as the API sees it: whether it answers now, and whether a failure came
 * from it. The API answers such a failure with 503 and reports it in {@code GET /health}.
 * Implementations are thread-safe.
 */
public interface MetadataHealth {
    /** Null when the database answers a trivial query now, else why not, in a few words. */
    String check();

    /** Why the database failed, in a few words, when {@code failure} or one of its causes is its failure; else null. */
    String reason(Throwable failure);
}
