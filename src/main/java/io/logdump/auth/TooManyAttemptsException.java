package io.logdump.auth;

import io.logdump.core.LogdumpException;
import java.time.Duration;
import java.util.List;

/** Too many failed sign-ins for a user name or a client address (HTTP 429 with {@code Retry-After}). */
public final class TooManyAttemptsException extends LogdumpException {
    private final Duration retryAfter;

    public TooManyAttemptsException(Duration retryAfter) {
        super("too many failed sign-ins; try again in " + Math.max(1, retryAfter.toSeconds()) + " s", List.of());
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
