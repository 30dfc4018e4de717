package io.logdump.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One file of a dump task: where it goes, what it holds, and its fate. {@code conversionNulls}
 * counts the values of a typed format (Parquet) written as null because they could not be
 * converted to their column's type. {@code spoolPath} is the local file it is uploaded from (kept
 * while it is not SUCCEEDED).
 */
public record DumpFile(String id, String taskId, long batch, @JsonIgnore int partition, @JsonIgnore String logset,
                       @JsonIgnore String subject, String bucket, String objectKey, FileStatus status, long records,
                       long conversionNulls, long rawBytes, long storedBytes, String sha256, Instant minLogTime, Instant maxLogTime,
                       Instant createdAt, Instant finishedAt, int attempts, String error, Instant retryableUntil,
                       @JsonIgnore String spoolPath, @JsonIgnore String contentType, @JsonIgnore String contentEncoding) {

    public DumpFile withStatus(FileStatus newStatus) {
        return new DumpFile(id, taskId, batch, partition, logset, subject, bucket, objectKey, newStatus, records,
                conversionNulls, rawBytes, storedBytes, sha256, minLogTime, maxLogTime, createdAt, finishedAt, attempts, error, retryableUntil,
                spoolPath, contentType, contentEncoding);
    }
}
