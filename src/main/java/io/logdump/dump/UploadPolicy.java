package io.logdump.dump;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How a file's upload is tried before the file is FAILED, and how long a FAILED file stays
 * retryable by hand.
 * <ul>
 *   <li>At most {@code attempts} attempts. A permanent error (an {@link
 *       io.logdump.objectstore.ObjectStoreException.Kind#PERMANENT}, e.g. HTTP 403 or a missing
 *       bucket) ends them at once: trying again cannot help.</li>
 *   <li>After failed attempt n the next waits {@code firstDelay · 2^(n−1)}, at most
 *       {@code maxDelay}, of which a random part of up to a half is taken off (jitter), so that
 *       many workers failing together do not retry together. The defaults, 5 attempts with
 *       8, 16, 32 and 64 s caps, take 1 to 2 minutes.</li>
 *   <li>A FAILED file may be retried by hand until {@code retryWindow} after it failed.</li>
 * </ul>
 */
public record UploadPolicy(int attempts, Duration firstDelay, Duration maxDelay, Duration retryWindow) {
    public static final UploadPolicy DEFAULT = new UploadPolicy(5, Duration.ofSeconds(8), Duration.ofSeconds(64), Duration.ofHours(1));

    public UploadPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= firstDelay (" + firstDelay + ") <= maxDelay (" + maxDelay + ")");
        }
    }

    /** The pause after {@code failedAttempts} (at least 1) failed attempts, before the next one. */
    public Duration delayAfter(int failedAttempts, RandomGenerator random) {
        long cap = ceiling(failedAttempts);
        long half = cap / 2;
        return Duration.ofMillis(cap - (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    /** The pause before jitter: {@code firstDelay · 2^(n−1)}, at most {@code maxDelay}, in milliseconds. */
    long ceiling(int failedAttempts) {
        long delay = firstDelay.toMillis();
        for (int i = 1; i < failedAttempts && delay < maxDelay.toMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelay.toMillis());
    }
}
