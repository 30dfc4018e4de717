package io.logdump.dump.roll;

/**
 * Seals a batch when its uncompressed size reaches the task's dump file size, or when the task's
 * interval has elapsed since the batch opened (its first record), whichever comes first. A batch
 * is opened only by a record, so no file is ever empty.
 */
public record SizeOrIntervalPolicy(long maxBytes, long intervalMs) implements RollPolicy {

    @Override
    public boolean shouldRollOnWrite(OpenFileStats stats) {
        return stats.bytes() >= maxBytes;
    }

    @Override
    public boolean shouldRollOnTime(OpenFileStats stats, long nowMs) {
        return stats.records() > 0 && nowMs >= deadline(stats);
    }

    @Override
    public long deadline(OpenFileStats stats) {
        return stats.openedAtMs() + intervalMs;
    }
}
