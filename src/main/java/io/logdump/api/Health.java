package io.logdump.api;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /health}, and the memory of the metadata database's failures: the server is DOWN
 * while the database does not answer a trivial query, and for {@link #RECENT} after a request
 * failed on it. Thread-safe.
 */
final class Health {
    static final Duration RECENT = Duration.ofSeconds(30);
    static final String METADATA_UNAVAILABLE = "the metadata database is unavailable: ";

    private final MetadataHealth metadata;
    private final Clock clock;
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

    private record Failure(Instant at, String reason) {}

    Health(MetadataHealth metadata, Clock clock) {
        this.metadata = metadata;
        this.clock = clock;
    }

    /** Notes a request that failed on the metadata database; true when none did in the {@link #RECENT} past. */
    boolean metadataFailed(String reason) {
        Instant now = clock.instant();
        Failure previous = lastFailure.getAndSet(new Failure(now, reason));
        return previous == null || isOld(previous, now);
    }

    /** 200 {@code {"status": "UP"}}, or 503 {@code {"status": "DOWN", "checks": {"metadata": "why"}}}. */
    void answer(Context ctx) {
        String problem = metadata.check();
        Failure failure = lastFailure.get();
        if (problem == null && failure != null && !isOld(failure, clock.instant())) {
            problem = "a request failed on it at " + failure.at() + ": " + failure.reason();
        }
        if (problem == null) {
            ctx.json(new Views.Health("UP", null));
        } else {
            ctx.status(503).json(new Views.Health("DOWN", Map.of("metadata", ErrorMapper.redact(503, METADATA_UNAVAILABLE + problem))));
        }
    }

    private static boolean isOld(Failure failure, Instant now) {
        return failure.at().plus(RECENT).isBefore(now);
    }
}
