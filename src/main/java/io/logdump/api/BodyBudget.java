package io.logdump.api;

import io.logdump.core.UnavailableException;
import io.logdump.ingest.Ingest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request body's share of the ingest memory budget ({@link Ingest#reserve}): it grows with
 * the bytes the body holds and is given back on {@link #close}. A body never holds more than the
 * whole budget (a larger one runs alone). {@link Ingest#reserve} waits without a limit, so the wait
 * runs on a {@code waiter} thread that is interrupted when {@code wait} has passed; the request is
 * then refused with 503 (bodies that each hold part of the budget and wait for more would
 * otherwise wait for each other forever). Not thread-safe.
 */
final class BodyBudget implements AutoCloseable {
    private final Ingest ingest;
    private final ExecutorService waiter;
    private final Duration wait;
    private final long limit;
    private long held;

    BodyBudget(Ingest ingest, ExecutorService waiter) {
        this.ingest = ingest;
        this.waiter = waiter;
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

    private int take(long bytes) throws InterruptedException {
        CompletableFuture<Integer> grant = new CompletableFuture<>();
        Future<?> waiting = waiter.submit(() -> {
            try {
                int permits = ingest.reserve(bytes);
                if (!grant.complete(permits)) {
                    ingest.release(permits); // the request gave up meanwhile
                }
            } catch (InterruptedException e) {
                grant.cancel(false);
            }
        });
        try {
            return grant.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!grant.cancel(false)) {
                return grant.join(); // granted just now
            }
            waiting.cancel(true);
            throw new UnavailableException("the ingest memory budget of " + (limit >> 20) + " MiB had no room for this body for "
                    + wait.toSeconds() + " s (other requests hold it); nothing was written, retry later", null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for the ingest memory budget failed", e.getCause());
        } catch (InterruptedException e) {
            if (!grant.cancel(false)) {
                ingest.release(grant.join());
            }
            waiting.cancel(true);
            throw e;
        }
    }

    @Override
    public void close() {
        if (held > 0) {
            ingest.release((int) held);
            held = 0;
        }
    }
}
