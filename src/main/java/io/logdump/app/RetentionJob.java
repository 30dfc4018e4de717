package io.logdump.app;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSet;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.LogSubject;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpHistory;
import io.logdump.history.LostRange;
import io.logdump.history.jdbc.JdbcLostRanges;
import io.logdump.store.local.LocalLogStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each subject's retention to the local log store, then the operator's disk limit.
 * Until the dump engine keeps checkpoints, a subject with any dump task keeps all of its records
 * (retention never deletes what a task may still need); the disk limit alone may delete them,
 * and each such loss is recorded, and shown in the dump history of every task of the subject that
 * had not dumped those records yet (its checkpoint was before the end of the range) as an EXPIRED
 * entry with the lost offset range.
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
            for (LogSet set : logSets.list()) {
                for (LogSubject subject : logSets.subjects(set.name())) {
                    SubjectId id = new SubjectId(set.name(), subject.name());
                    store.enforceRetention(id, Duration.ofHours(subject.retentionHours()), protectedFrom(id), clock.instant());
                }
            }
            if (maxDiskBytes > 0) {
                store.enforceDiskLimit(maxDiskBytes, this::protectedFrom, (subject, partition, from, to, reason) ->
                        lost(new LostRange(subject, partition, from, to, clock.instant(), reason)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("retention failed: {}", e.toString());
        }
    }

    private void lost(LostRange r) {
        lostRanges.record(r);
        for (DumpTask task : dumpTasks.list(r.subject().logset(), r.subject().subject(), null)) {
            long dumpedTo = history.checkpoint(task.id(), r.partition()).orElse(Long.MIN_VALUE);
            if (dumpedTo < r.toOffset()) {
                history.recordLost(task.id(), task.logset(), task.subject(), task.bucket(), r.partition(),
                        Math.max(r.fromOffset(), dumpedTo), r.toOffset(), r.time(), r.reason());
            }
        }
    }

    /** The first offset a dump task of the subject may still need. */
    private long protectedFrom(SubjectId subject) {
        return dumpTasks.list(subject.logset(), subject.subject(), null).isEmpty() ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
