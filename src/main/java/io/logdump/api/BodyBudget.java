package io.logdump.api;

import io.logdump.core.UnavailableException;
import io.logdump.ingest.Ingest;
import java.time.Duration;

/**
 * One request body's share of the ingest memory budget ({@link Ingest#tryReserve}): it grows with
 * the bytes the body holds and is given back on {@link #close}. A body never holds more than the
 * whole budget (a larger one runs alone). Each growth waits at most {@code ingest.memoryWaitSeconds}
 * for room; the request is then refused with 503 (bodies that each hold part of the budget and wait
 * for more would otherwise wait for each other forever). Not thread-safe.
 */
final class BodyBudget implements AutoCloseable {
    private final Ingest ingest;
    private final Duration wait;
    private final long limit;
    private long held;

    BodyBudget(Ingest ingest) {
        this.ingest = ingest;
        this.wait = ingest.settings().memoryWait();
        this.limit = Math.min(ingest.settings().memoryBudgetBytes(), Integer.MAX_VALUE); // as the budget's semaphore
    }

    /** The bytes held. */
    long held() {
        return held;
    }

    /**
     * Holds {@code total} bytes in all (nothing to do when it holds that much already).
     *
     * @throws UnavailableException when the budget has had no room for {@code ingest.memoryWaitSeconds}
     */
    void holdAtLeast(long total) throws InterruptedException {
        long more = Math.min(total, limit) - held;
        if (more > 0) {
            held += take(more);
        }
    }

    /**
     * As {@link #holdAtLeast}, for what a request makes of its body (the records of the shipper
     * protocols): an interruption (the server stopping) refuses the request with 503 too.
     */
    void holdForRecords(long total) {
        try {
            holdAtLeast(total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("the server is stopping; nothing was written, retry later", e);
        }
    }

    private int take(long bytes) throws InterruptedException {
        int permits = ingest.tryReserve(bytes, wait);
        if (permits < 0) {
            throw new UnavailableException("the ingest memory budget of " + (limit >> 20) + " MiB had no room for this body for "
                    + wait.toSeconds() + " s (other requests hold it); nothing was written, retry later", null);
        }
        return permits;
    }

    @Override
    public void close() {
        if (held > 0) {
            ingest.release((int) held);
            held = 0;
        }
    }
}
