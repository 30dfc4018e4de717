package io.logdump.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The dump protocol's records (DESIGN.md, "The dump protocol"): batches, files and checkpoints,
 * each step one transaction. Batch numbers are per task, grow, and never repeat.
 * Implementations are thread-safe.
 */
public interface DumpHistory {

    /** A batch that was opened or sealed and not committed: what recovery must finish. */
    record OpenBatch(long batch, long startOffset, Long endOffset, List<DumpFile> files) {}

    /** The next offset to dump of a task's partition, if it ever committed a batch. */
    OptionalLong checkpoint(String taskId, int partition);

    /** The unfinished batch of a task's partition (status WRITING or UPLOADING), if any. */
    Optional<OpenBatch> unfinishedBatch(String taskId, int partition);

    /** Step 1, open: records batch N (a new number) from {@code startOffset} as WRITING. */
    long openBatch(String taskId, int partition, long startOffset, Instant now);

    /** Reopens a WRITING batch after a crash or a stop: it will be written again from its start. */
    void discardBatch(String taskId, long batch);

    /** Step 3, seal: the end offset and every file (UPLOADING), in one transaction. */
    void sealBatch(String taskId, long batch, long endOffset, List<DumpFile> files);

    /** An upload attempt failed: counts it and keeps the cause. */
    void attemptFailed(String fileId, String error);

    /** The uploads gave up: the file is FAILED from {@code now}, retryable until {@code retryableUntil}. */
    void fileFailed(String fileId, String error, Instant now, Instant retryableUntil);

    /** Step 5, commit: uploaded files SUCCEEDED, the batch done and the checkpoint moved to its end, in one transaction. */
    void commitBatch(String taskId, long batch, int partition, long endOffset, List<String> uploadedFileIds, Instant now);

    /** Files matching every non-null filter, newest first, after the cursor (a file id), at most {@code limit}. */
    List<DumpFile> files(String logset, String subject, String taskId, FileStatus status, int limit, String after);

    DumpFile file(String fileId);

    /** Totals of a task's files: [succeeded files, records, stored bytes, failed files]. */
    long[] totals(String taskId);
}
