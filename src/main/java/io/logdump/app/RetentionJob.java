package io.logdump.app;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.LogSubject;
import io.logdump.core.FailureLog;
import io.logdump.core.SubjectId;
import io.logdump.dump.DumpWorker;
import io.logdump.history.DumpHistory;
import io.logdump.history.LostRange;
import io.logdump.history.jdbc.JdbcLostRanges;
import io.logdump.store.local.LocalLogStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each subject's retention to the local log store, then the operator's disk limit, over
 * the subjects and dump tasks of every account.
 * <ul>
 *   <li>Retention (the subject's hours) deletes old sealed segments, but never a record that a
 *       dump task of the subject still needs: from the lowest of its tasks' checkpoints (where a
 *       task that never dumped starts), and of the FAILED files they may still retry. What every
 *       task has dumped is freed.</li>
 *   <li>The disk limit deletes the oldest segments of any subject, even records a task still
 *       needs. Each such loss is recorded, and shown as an EXPIRED entry with the lost offset range
 *       in the dump history of every task that had not dumped those records (only those: a task
 *       that had dumped them lost nothing, and {@code logdump verify} finds nothing wrong).</li>
 * </ul>
 * What each task needs is read once per run, before anything is deleted.
 */
final class RetentionJob implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final LogSets logSets;
    private final DumpTasks dumpTasks;
    private final LocalLogStore store;
    private final JdbcLostRanges lostRanges;
    private final DumpHistory history;
    private final long maxDiskBytes;
    private final Clock clock;
    private final FailureLog failures = new FailureLog(LOG, Duration.ZERO, Duration.ZERO);

    RetentionJob(LogSets logSets, DumpTasks dumpTasks, LocalLogStore store, JdbcLostRanges lostRanges, DumpHistory history,
                 long maxDiskBytes, Clock clock) {
        this.logSets = logSets;
        this.dumpTasks = dumpTasks;
        this.store = store;
        this.lostRanges = lostRanges;
        this.history = history;
        this.maxDiskBytes = maxDiskBytes;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            Map<String, Long> dumpedTo = new HashMap<>();
            Map<SubjectId, Long> protectedFrom = new HashMap<>();
            for (DumpTask task : dumpTasks.all()) {
                dumpedTo.put(task.id(), history.checkpoint(task.id(), 0).orElse(DumpWorker.firstOffset(store, task, 0)));
                protectedFrom.merge(task.subjectId(), DumpWorker.neededFrom(store, history, task, 0), Math::min);
            }
            for (LogSubject subject : logSets.allSubjects()) {
                store.enforceRetention(subject.id(), Duration.ofHours(subject.retentionHours()),
                        protectedFrom.getOrDefault(subject.id(), Long.MAX_VALUE), clock.instant());
            }
            if (maxDiskBytes > 0) {
                store.enforceDiskLimit(maxDiskBytes, s -> protectedFrom.getOrDefault(s, Long.MAX_VALUE),
                        (subject, partition, from, to, reason) ->
                                lost(new LostRange(subject, partition, from, to, clock.instant(), reason), dumpedTo));
            }
            failures.succeeded("retention");
        } catch (IOException | RuntimeException e) {
            failures.failed("retention", "applying retention to the log store", e);
        }
    }

    /**
     * Records a loss, and shows it in the history of each task that had not dumped the range
     * ({@code dumpedTo}: each task's checkpoint, or where it starts, when the run began).
     */
    private void lost(LostRange r, Map<String, Long> dumpedTo) {
        lostRanges.record(r);
        List<DumpTask> tasks = dumpTasks.list(r.subject().account(), r.subject().logset(), r.subject().subject(), null);
        for (DumpTask task : tasks) {
            // a checkpoint only grows: a commit since the run began means less was lost to the task
            long needed = Math.max(dumpedTo.getOrDefault(task.id(), Long.MAX_VALUE),
                    history.checkpoint(task.id(), r.partition()).orElse(Long.MIN_VALUE));
            if (needed < r.toOffset()) {
                history.recordLost(task.id(), task.subjectId(), task.bucket(), r.partition(),
                        Math.max(r.fromOffset(), needed), r.toOffset(), r.time(), r.reason());
            }
        }
    }
}
