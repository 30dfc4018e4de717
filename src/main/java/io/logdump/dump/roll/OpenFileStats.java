package io.logdump.dump.roll;

/** A read-only view of an open batch for a roll policy: uncompressed bytes, records, when it opened and was last written (epoch ms). */
public record OpenFileStats(long bytes, long records, long openedAtMs, long lastWriteMs) {}
