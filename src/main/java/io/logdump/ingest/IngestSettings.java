package io.logdump.ingest;

import java.time.Duration;

/**
 * Limits of ingest: the longest line, the largest request body (after decompression), the free
 * disk space below which ingest answers 503 instead of writing, the bytes of request bodies held
 * in memory at once and how long a request waits for room in them (then 503), and the slowest
 * body accepted: after {@code bodyGrace} a body must have arrived at {@code minBodyBytesPerSecond}
 * on average and never pause longer than {@code bodyGrace} (else 408).
 */
public record IngestSettings(int maxLineBytes, long maxBodyBytes, long minFreeDiskBytes, long memoryBudgetBytes,
                             Duration memoryWait, long minBodyBytesPerSecond, Duration bodyGrace) {
    public static final Duration DEFAULT_MEMORY_WAIT = Duration.ofSeconds(10);
    public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 64 << 10;
    public static final Duration DEFAULT_BODY_GRACE = Duration.ofSeconds(5);
    public static final IngestSettings DEFAULT = new IngestSettings(1 << 20, 64L << 20, 256L << 20, 64L << 20);

    /** The given sizes with the default waiting time, minimum rate and grace. */
    public IngestSettings(int maxLineBytes, long maxBodyBytes, long minFreeDiskBytes, long memoryBudgetBytes) {
        this(maxLineBytes, maxBodyBytes, minFreeDiskBytes, memoryBudgetBytes, DEFAULT_MEMORY_WAIT, DEFAULT_MIN_BODY_BYTES_PER_SECOND,
                DEFAULT_BODY_GRACE);
    }
}
