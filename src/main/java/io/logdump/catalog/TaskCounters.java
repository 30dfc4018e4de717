package io.logdump.catalog;

import java.time.Instant;

/** What a dump task has done: files, records and bytes dumped, failed files, lag, next dump time. */
public record TaskCounters(long files, long records, long bytes, long failedFiles, long lagRecords,
                           long lagSeconds, Instant nextDumpTime) {
    public static final TaskCounters NONE = new TaskCounters(0, 0, 0, 0, 0, 0, null);
}
