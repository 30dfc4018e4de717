package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * A dump task: ships one subject of a log set into one bucket of the log set's region.
 * {@code startsAt} is when it may start dumping (creation time plus its start delay).
 */
public record DumpTask(String id, String name, String logset, String subject, String bucket,
                       @JsonUnwrapped DumpSettings settings, int startDelaySeconds, String startFrom,
                       TaskStatus status, Instant createdAt, Instant updatedAt, Instant startsAt) {

    public DumpTask withSettings(DumpSettings newSettings, Instant now) {
        return new DumpTask(id, name, logset, subject, bucket, newSettings, startDelaySeconds, startFrom,
                status, createdAt, now, startsAt);
    }

    public DumpTask withStatus(TaskStatus newStatus, Instant now) {
        return new DumpTask(id, name, logset, subject, bucket, settings, startDelaySeconds, startFrom,
                newStatus, createdAt, now, startsAt);
    }
}
