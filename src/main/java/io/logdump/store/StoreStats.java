package io.logdump.store;

import java.time.Instant;

/** Records and bytes stored for a subject, and the range of their log times (null when empty). */
public record StoreStats(long records, long bytes, Instant firstLogTime, Instant lastLogTime) {}
