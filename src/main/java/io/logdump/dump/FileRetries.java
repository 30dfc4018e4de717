package io.logdump.dump;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.core.Actor;
import io.logdump.core.ConflictException;
import io.logdump.core.NotFoundException;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import io.logdump.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry window of FAILED files (DESIGN.md: a failed file may be retried for one hour).
 * <ul>
 *   <li>{@link #retry}: a FAILED file whose window is open is uploaded again, now, on the caller's
 *       thread, from its kept spool file under its own key (an overwrite, never a second object).
 *       Success makes it SUCCEEDED (counted in its task) and deletes the spool file; a failure
 *       leaves it FAILED with the new error and the same window. Either way the task's operations
 *       log gets a RETRIED entry with the outcome. Only one retry of a file runs at a time (the
 *       file is UPLOADING meanwhile).</li>
 *   <li>{@link #expireOverdue}: once the window has closed the spool file is deleted and the file
 *       becomes EXPIRED; a retry is then refused with the time the window closed.</li>
 *   <li>{@link #recoverAfterRestart}: a retry that a crash interrupted leaves its file FAILED
 *       again, retryable in its window; its object, if the upload completed, is the same bytes
 *       under the same key.</li>
 * </ul>
 * Windows are stored times compared with the injected clock, so they survive restarts.
 * Thread-safe.
 */
public final class FileRetries {
    private static final Logger LOG = LoggerFactory.getLogger(FileRetries.class);

    private final DumpTasks tasks;
    private final DumpHistory history;
    private final Function<DumpTask, ObjectStore> buckets;
    private final Clock clock;

    /** @param buckets the bucket a task writes to */
    public FileRetries(DumpTasks tasks, DumpHistory history, Function<DumpTask, ObjectStore> buckets, Clock clock) {
        this.tasks = tasks;
        this.history = history;
        this.buckets = buckets;
        this.clock = clock;
    }

    /**
     * Uploads a FAILED file of a task of the actor's account again and returns the file as it is
     * afterwards; the RETRIED entry of the operations log names the actor.
     *
     * @throws NotFoundException when the account has no such task, or the task no such file
     * @throws ConflictException when the file is not FAILED, is being retried, or its window has closed
     */
    public DumpFile retry(Actor actor, String taskId, String fileId) {
        DumpTask task = tasks.get(actor.account(), taskId);
        DumpFile file = history.file(fileId);
        if (file == null || !file.taskId().equals(taskId)) {
            throw new NotFoundException("dump task '" + taskId + "' has no file '" + fileId + "'");
        }
        Instant now = clock.instant();
        if (file.status() == FileStatus.FAILED && !now.isBefore(file.retryableUntil())) {
            expire(file);
            file = history.file(fileId);
        }
        if (file.status() == FileStatus.EXPIRED) {
            throw new ConflictException(file.isLostRange()
                    ? "entry '" + fileId + "' stands for records deleted before they were dumped, so there is nothing to retry"
                    : "file '" + fileId + "' can no longer be retried: its retry window closed at " + file.retryableUntil()
                    + ", one hour after it failed, and its spool file was deleted");
        }
        if (file.status() != FileStatus.FAILED) {
            throw new ConflictException("file '" + fileId + "' is " + file.status() + "; only a FAILED file can be retried");
        }
        if (!history.claimRetry(fileId, now)) {
            throw new ConflictException("file '" + fileId + "' is being retried already");
        }
        try {
            buckets.apply(task).put(file.objectKey(), Path.of(file.spoolPath()), file.contentType(), file.contentEncoding());
        } catch (IOException e) {
            String error = "manual retry of the upload of " + file.bucket() + "/" + file.objectKey() + " failed: " + e.getMessage();
            history.retryFailed(fileId, error);
            tasks.recordRetry(actor, task, "file " + fileId + ": FAILED again (" + e.getMessage() + ")");
            LOG.warn("task {}: {}", taskId, error);
            return history.file(fileId);
        } catch (RuntimeException bug) { // the caller gets a 500 with an incident; the file is FAILED and retryable again
            history.retryFailed(fileId, "the manual retry stopped on an internal error; the file may be retried again");
            throw bug;
        }
        history.retrySucceeded(fileId, clock.instant());
        deleteSpool(file);
        tasks.recordRetry(actor, task, "file " + fileId + ": SUCCEEDED");
        LOG.info("task {}: file {} SUCCEEDED on a manual retry", taskId, fileId);
        return history.file(fileId);
    }

    /** Makes every FAILED file whose window has closed EXPIRED, deleting its spool file. @return how many */
    public int expireOverdue() {
        int n = 0;
        for (DumpFile f : history.overdue(clock.instant())) {
            expire(f);
            n++;
        }
        return n;
    }

    /** Leaves the files of retries interrupted by a crash FAILED again; call once at start, before any retry. */
    public void recoverAfterRestart() {
        int n = history.releaseInterruptedRetries();
        if (n > 0) {
            LOG.info("{} manual retr{} interrupted by a restart: the file(s) are FAILED and retryable again", n, n == 1 ? "y" : "ies");
        }
    }

    private void expire(DumpFile f) {
        deleteSpool(f);
        if (history.expire(f.id())) {
            LOG.info("task {}: file {} EXPIRED: its retry window closed at {}", f.taskId(), f.id(), f.retryableUntil());
        }
    }

    private static void deleteSpool(DumpFile f) {
        if (f.spoolPath() == null) {
            return;
        }
        Path spool = Path.of(f.spoolPath());
        try {
            Files.deleteIfExists(spool);
            Files.deleteIfExists(spool.getParent()); // the batch folder, once its last kept file is gone
        } catch (java.nio.file.DirectoryNotEmptyException stillUsed) {
            // another file of the batch is still kept
        } catch (IOException e) {
            LOG.warn("could not delete the spool file {}: {}", spool, e.toString());
        }
    }
}
