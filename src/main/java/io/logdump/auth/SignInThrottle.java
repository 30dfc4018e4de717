package io.logdump.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing: per user name and per client address, the first
 * {@value #FREE_FAILURES} failed sign-ins cost nothing, then each further one closes that key for
 * twice as long as the one before (1 s, 2 s, 4 s, ... at most 15 minutes). A success clears the
 * user name's count; a key forgets its failures 15 minutes after its last one. At most
 * {@value #MAX_KEYS} keys are remembered (the least recently failed are forgotten first). Thread-safe.
 */
public final class SignInThrottle {
    static final int FREE_FAILURES = 5;
    static final int MAX_KEYS = 100_000;
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private record Failures(int count, Instant last, Instant closedUntil) {}

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** @throws TooManyAttemptsException when the user name or the address is closed for now */
    public synchronized void check(String user, String client) {
        Instant now = clock.instant();
        Duration wait = max(remaining(userKey(user), now), remaining(clientKey(client), now));
        if (!wait.isZero()) {
            throw new TooManyAttemptsException(wait);
        }
    }

    public synchronized void failed(String user, String client) {
        Instant now = clock.instant();
        fail(userKey(user), now);
        fail(clientKey(client), now);
    }

    public synchronized void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private void fail(String key, Instant now) {
        Failures f = current(key, now);
        int count = f == null ? 1 : f.count() + 1;
        Instant closedUntil = now;
        if (count > FREE_FAILURES) {
            int doublings = Math.min(count - FREE_FAILURES - 1, 20);
            Duration delay = Duration.ofSeconds(1L << doublings);
            closedUntil = now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
        }
        failures.put(key, new Failures(count, now, closedUntil));
    }

    private Failures current(String key, Instant now) {
        Failures f = failures.get(key);
        if (f != null && now.isAfter(f.last().plus(FORGET_AFTER)) && !now.isBefore(f.closedUntil())) {
            failures.remove(key);
            return null;
        }
        return f;
    }

    private Duration remaining(String key, Instant now) {
        Failures f = current(key, now);
        return f == null || !now.isBefore(f.closedUntil()) ? Duration.ZERO : Duration.between(now, f.closedUntil());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String userKey(String user) {
        String name = user == null ? "" : user.toLowerCase(Locale.ROOT);
        return "u:" + (name.length() > 64 ? name.substring(0, 64) : name); // no user name is longer
    }

    private static String clientKey(String client) {
        return "c:" + client;
    }
}
