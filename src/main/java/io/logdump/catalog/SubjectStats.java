package io.logdump.catalog;

import java.time.Instant;

/** What the log store holds for one subject. */
public record SubjectStats(long records, long bytes, Instant firstLogTime, Instant lastLogTime) {
    public static final SubjectStats EMPTY = new SubjectStats(0, 0, null, null);
}
