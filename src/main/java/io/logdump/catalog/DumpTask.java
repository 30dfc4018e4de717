package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.logdump.core.SubjectId;
import java.time.Instant;

/**
 * A dump task: ships one subject of a log set into one bucket of the log set's region, all of one
 * account (not shown in the API: it is the caller's). {@code startsAt} is when it may start
 * dumping (creation time plus its start delay). Its id is unique on the whole server.
 */
public record DumpTask(String id, @JsonIgnore String account, String name, String logset, String subject, String bucket,
                       @JsonUnwrapped DumpSettings settings, int startDelaySeconds, String startFrom,
                       TaskStatus status, Instant createdAt, Instant updatedAt, Instant startsAt) {

    /** The subject the task dumps. */
    @JsonIgnore
    public SubjectId subjectId() {
        return new SubjectId(account, logset, subject);
    }

    public DumpTask withSettings(DumpSettings newSettings, Instant now) {
        return new DumpTask(id, account, name, logset, subject, bucket, newSettings, startDelaySeconds, startFrom,
                status, createdAt, now, startsAt);
    }

    public DumpTask withStatus(TaskStatus newStatus, Instant now) {
        return new DumpTask(id, account, name, logset, subject, bucket, settings, startDelaySeconds, startFrom,
                newStatus, createdAt, now, startsAt);
    }
}
