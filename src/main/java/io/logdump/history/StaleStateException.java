package io.logdump.history;

/**
 * A state change of the dump history found its row not in the state it expected (another thread
 * or process changed it first, or the caller's view is stale): nothing was changed. A bug or a
 * race to log, never a user's mistake.
 */
public final class StaleStateException extends IllegalStateException {
    public StaleStateException(String message) {
        super(message);
    }
}
