package io.logdump.history;

import java.util.Set;

/**
 * The life of a batch (one read range of a task's partition, DESIGN.md "The dump protocol"):
 * <pre>
 * WRITING ──seal──▶ UPLOADING ──commit──▶ COMMITTED
 *    └──stop or failed step──▶ DISCARDED
 * </pre>
 * A WRITING batch found after a crash is written again under its own number (it stays WRITING);
 * a DISCARDED one is never used again. COMMITTED and DISCARDED are final.
 */
public enum BatchStatus {
    WRITING, UPLOADING, COMMITTED, DISCARDED;

    /** Whether a batch in this state may move to {@code next}. */
    public boolean canMoveTo(BatchStatus next) {
        return switch (this) {
            case WRITING -> Set.of(UPLOADING, DISCARDED).contains(next);
            case UPLOADING -> next == COMMITTED;
            case COMMITTED, DISCARDED -> false;
        };
    }
}
