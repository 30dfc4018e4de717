package io.logdump.history;

import io.logdump.core.SubjectId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The dump protocol's records (DESIGN.md, "The dump protocol"): batches, files and checkpoints,
 * each step one transaction. Batch numbers are per task, grow, and never repeat. Each step moves
 * batches ({@link BatchStatus}) and files ({@link FileStatus}) from the state it expects and throws
 * {@link StaleStateException}, changing nothing, when a row is not in it.
 * Implementations are thread-safe.
 */
public interface DumpHistory {

    /** A batch that was opened or sealed and not committed: what recovery must finish. */
    record OpenBatch(long batch, long startOffset, Long endOffset, List<DumpFile> files) {}

    /** The next offset to dump of a task's partition, if it ever committed a batch. */
    OptionalLong checkpoint(String taskId, int partition);

    /** The first offset of the FAILED files of a task's partition that may still be retried (or are being retried), if any. */
    OptionalLong firstRetryableOffset(String taskId, int partition);

    /** The unfinished batch of a task's partition (status WRITING or UPLOADING), if any. */
    Optional<OpenBatch> unfinishedBatch(String taskId, int partition);

    /** Step 1, open: records batch N (a new number) from {@code startOffset} as WRITING. */
    long openBatch(String taskId, int partition, long startOffset, Instant now);

    /**
     * Discards a WRITING batch (a stopped worker's, or one whose step failed): DISCARDED, and its
     * number is never used again; its records are dumped again from the checkpoint by a new batch.
     */
    void discardBatch(String taskId, long batch);

    /** Step 3, seal: the end offset and every file (UPLOADING), in one transaction. */
    void sealBatch(String taskId, long batch, long endOffset, List<DumpFile> files);

    /** An upload attempt failed: counts it and keeps the cause. */
    void attemptFailed(String fileId, String error);

    /** The uploads gave up: the file is FAILED from {@code now}, retryable until {@code retryableUntil}. */
    void fileFailed(String fileId, String error, Instant now, Instant retryableUntil);

    /** Step 5, commit: uploaded files SUCCEEDED, the batch done and the checkpoint moved to its end, in one transaction. */
    void commitBatch(String taskId, long batch, int partition, long endOffset, List<String> uploadedFileIds, Instant now);

    /**
     * The files of one account matching every non-null filter ({@code from} inclusive and
     * {@code to} exclusive on the creation time), newest first (creation time, then id, both
     * descending), after the cursor {@code "<createdAt millis>:<id>"} of the last file of the
     * previous page, at most {@code limit}. Files added meanwhile are newer than any cursor, so
     * pages neither skip nor repeat a file; a cursor only says where to go on, so one taken from
     * another account's page still selects nothing but the account's own files.
     */
    List<DumpFile> files(Filter filter, int limit, String after);

    /** What {@link #files} selects: always one account's files; any other null means any. */
    record Filter(String account, String logset, String subject, String taskId, FileStatus status, Instant from, Instant to) {
        public Filter {
            Objects.requireNonNull(account, "account");
        }

        public static Filter ofTask(String account, String taskId, FileStatus status) {
            return new Filter(account, null, null, taskId, status, null, null);
        }
    }

    /** The account's files matching every non-null filter, newest first, after the cursor, at most {@code limit}. */
    default List<DumpFile> files(String account, String logset, String subject, String taskId, FileStatus status, int limit,
                                 String after) {
        return files(new Filter(account, logset, subject, taskId, status, null, null), limit, after);
    }

    /**
     * Starts a manual retry: a FAILED file whose retry window is still open at {@code now} becomes
     * UPLOADING. @return false when the file is not FAILED or its window has closed (nothing changes)
     */
    boolean claimRetry(String fileId, Instant now);

    /** A manual retry uploaded the file: SUCCEEDED, counted in its task; its spool file is no longer needed. */
    void retrySucceeded(String fileId, Instant now);

    /** A manual retry failed: FAILED again, with the new error; the retry window stays where it was. */
    void retryFailed(String fileId, String error);

    /**
     * After a restart: files left UPLOADING by a manual retry that the process did not finish are
     * FAILED again (retryable in their window). @return how many
     */
    int releaseInterruptedRetries();

    /** FAILED files whose retry window closed at or before {@code now}. */
    List<DumpFile> overdue(Instant now);

    /**
     * A FAILED file whose window closed becomes EXPIRED; its spool file must be deleted first.
     * @return false when the file was no longer FAILED (another thread expired or claimed it first)
     */
    boolean expire(String fileId);

    /**
     * Deletes the history older than {@code before}: SUCCEEDED and EXPIRED files and finished
     * batches, keeping each task's latest batch (batch numbers must never repeat). @return files deleted
     */
    int prune(Instant before);

    /**
     * Records that offsets {@code [from, to)} of a task's partition were deleted before the task
     * dumped them: an EXPIRED entry in the task's history. Recording the same range again does nothing.
     */
    void recordLost(String taskId, SubjectId subject, String bucket, int partition, long from, long to, Instant time, String reason);

    DumpFile file(String fileId);

    /** Totals of a task's files: [succeeded files, records, stored bytes, failed files]. */
    long[] totals(String taskId);
}
