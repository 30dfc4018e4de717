package io.logdump.history;

import java.util.Set;

/**
 * The life of a dump file:
 * <pre>
 * (WRITING) ──seal──▶ UPLOADING ──uploaded──▶ SUCCEEDED
 *                        │  ▲
 *          uploads gave up  │ manual retry, inside the window
 *                        ▼  │
 *                       FAILED ──window closed──▶ EXPIRED
 * </pre>
 * WRITING while its batch is read and encoded (not in the file table yet), UPLOADING once sealed
 * (its spool file is complete and recorded), then SUCCEEDED, or FAILED after its upload attempts
 * ran out (retryable for an hour: UPLOADING again while a retry runs), then EXPIRED. A range of
 * records deleted before a task dumped it is recorded EXPIRED directly. SUCCEEDED and EXPIRED are
 * final.
 */
public enum FileStatus {
    WRITING, UPLOADING, SUCCEEDED, FAILED, EXPIRED;

    /** Whether a file in this state may move to {@code next}. */
    public boolean canMoveTo(FileStatus next) {
        return switch (this) {
            case WRITING -> next == UPLOADING;
            case UPLOADING -> Set.of(SUCCEEDED, FAILED).contains(next);
            case FAILED -> Set.of(UPLOADING, EXPIRED).contains(next);
            case SUCCEEDED, EXPIRED -> false;
        };
    }
}
