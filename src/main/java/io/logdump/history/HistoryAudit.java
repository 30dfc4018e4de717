package io.logdump.history;

import java.util.List;

/**
 * Read-only views of the dump history for checking a task's bucket and for metrics: its batches
 * with their offset ranges, all its files, and file counts by status. Implementations are
 * thread-safe.
 */
public interface HistoryAudit {

    /**
     * One batch of a task: offsets {@code [startOffset, endOffset)} of one partition of its subject.
     * WRITING has no end yet.
     */
    record Batch(long batch, int partition, long startOffset, Long endOffset, BatchStatus status) {
        public boolean committed() {
            return status == BatchStatus.COMMITTED;
        }
    }

    /** Files and stored bytes of one task in one status. */
    record FileTally(String taskId, FileStatus status, long files, long storedBytes) {}

    /** Every batch of the task, by batch number. */
    List<Batch> batches(String taskId);

    /** Every file of the task, by batch and file id. */
    List<DumpFile> files(String taskId);

    /** Files by task and status, over every task; a status a task has no file in is left out. */
    List<FileTally> tallies();
}
