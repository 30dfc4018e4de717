package io.logdump.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.logdump.core.SubjectId;
import java.time.Instant;

/**
 * One file of a dump task: where it goes, what it holds, and its fate. {@code conversionNulls}
 * counts the values of a typed format (Parquet) written as null because they could not be
 * converted to their column's type. {@code fromOffset} and {@code toOffset} are the log-store
 * offsets {@code [from, to)} of its batch in its partition. {@code spoolPath} is the local file it
 * is uploaded from (kept while it is not SUCCEEDED, deleted when it becomes EXPIRED). It belongs to
 * the account of its task (not shown in the API: it is the caller's).
 * <p>
 * Records lost before they could be dumped (deleted by the log store's disk limit) appear as an
 * entry of the same shape with status EXPIRED, no object key and no SHA-256, the lost offset
 * range and the reason in {@code error}: see {@link #isLostRange()}.
 */
public record DumpFile(String id, String taskId, long batch, @JsonIgnore int partition, @JsonIgnore String account,
                       @JsonIgnore String logset, @JsonIgnore String subject, String bucket, String objectKey, FileStatus status,
                       long records, long conversionNulls, long rawBytes, long storedBytes, String sha256, Instant minLogTime,
                       Instant maxLogTime, Instant createdAt, Instant finishedAt, int attempts, String error, Instant retryableUntil,
                       Long fromOffset, Long toOffset,
                       @JsonIgnore String spoolPath, @JsonIgnore String contentType, @JsonIgnore String contentEncoding) {

    public DumpFile withStatus(FileStatus newStatus) {
        return new DumpFile(id, taskId, batch, partition, account, logset, subject, bucket, objectKey, newStatus, records,
                conversionNulls, rawBytes, storedBytes, sha256, minLogTime, maxLogTime, createdAt, finishedAt, attempts, error,
                retryableUntil, fromOffset, toOffset, spoolPath, contentType, contentEncoding);
    }

    /** The subject its records come from. */
    @JsonIgnore
    public SubjectId subjectId() {
        return new SubjectId(account, logset, subject);
    }

    /** Whether this entry stands for records lost before they were dumped rather than for an object. */
    @JsonIgnore
    public boolean isLostRange() {
        return objectKey == null;
    }
}
