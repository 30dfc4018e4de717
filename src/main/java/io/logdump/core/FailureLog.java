package io.logdump.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * How a background loop (the dump workers, retries, retention) reports what goes wrong: the
 * first occurrence of each distinct failure of a loop is logged as the exception itself, with
 * its stack trace; the same failure again is one line; the loop's next attempt backs off
 * exponentially from {@code first} to {@code max}, and a success resets both. A failure is
 * "the same" when its type and message are. Thread-safe.
 */
public final class FailureLog {
    private final Logger log;
    private final Duration first;
    private final Duration max;
    private final Map<String, State> loops = new ConcurrentHashMap<>();

    private record State(String signature, int repeats) {}

    public FailureLog(Logger log, Duration first, Duration max) {
        this.log = log;
        this.first = first;
        this.max = max;
    }

    /**
     * Reports a failure of {@code loop} (e.g. "task dt-1 partition 0") doing {@code what}.
     *
     * @return how long the loop should wait before trying again
     */
    public Duration failed(String loop, String what, Throwable e) {
        String signature = e.getClass().getName() + ": " + e.getMessage();
        State previous = loops.get(loop);
        int repeats = previous == null ? 0 : previous.repeats() + 1;
        loops.put(loop, new State(signature, repeats));
        Duration delay = backoff(repeats);
        if (previous == null || !previous.signature().equals(signature)) {
            log.error("{}: {} failed; trying again in {} ms", loop, what, delay.toMillis(), e);
        } else {
            log.warn("{}: {} failed again ({} times in a row): {}; trying again in {} ms", loop, what, repeats + 1, e, delay.toMillis());
        }
        return delay;
    }

    /** Reports that {@code loop} works again (after failures), resetting its back-off. */
    public void succeeded(String loop) {
        State previous = loops.remove(loop);
        if (previous != null) {
            log.info("{}: works again after {} failure(s)", loop, previous.repeats() + 1);
        }
    }

    /** {@code first} doubled {@code repeats} times, at most {@code max}. */
    Duration backoff(int repeats) {
        long millis = first.toMillis() << Math.min(repeats, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
