package io.logdump.dump.roll;

/** Decides when an open batch is sealed. Implementations are immutable and thread-safe. */
public interface RollPolicy {

    /** Whether to seal after a record was written. */
    boolean shouldRollOnWrite(OpenFileStats stats);

    /** Whether to seal at {@code nowMs} even without a new record (an idle subject still gets its data out on time). */
    boolean shouldRollOnTime(OpenFileStats stats, long nowMs);

    /** When {@link #shouldRollOnTime} will turn true (epoch ms), for scheduling the next look. */
    long deadline(OpenFileStats stats);
}
