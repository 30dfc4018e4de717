package io.logdump.ingest;

/**
 * Limits of ingest: the longest line, the largest request body (after decompression), the free
 * disk space below which ingest answers 503 instead of writing, and the bytes of request bodies
 * held in memory at once (more requests wait their turn).
 */
public record IngestSettings(int maxLineBytes, long maxBodyBytes, long minFreeDiskBytes, long memoryBudgetBytes) {
    public static final IngestSettings DEFAULT = new IngestSettings(1 << 20, 64L << 20, 256L << 20, 64L << 20);
}
