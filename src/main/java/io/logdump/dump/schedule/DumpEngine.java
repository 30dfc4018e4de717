package io.logdump.dump.schedule;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.TaskCounters;
import io.logdump.catalog.TaskStatus;
import io.logdump.core.FailureLog;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.dump.DumpWorker;
import io.logdump.dump.FileRetries;
import io.logdump.dump.UploadPolicy;
import io.logdump.history.DumpHistory;
import io.logdump.objectstore.ObjectStore;
import io.logdump.store.LogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dump tasks of every account. Every second it reconciles the tasks with the workers: a WAITING task
 * whose start delay has passed becomes RUNNING; a RUNNING task gets one {@link DumpWorker} per
 * log-store partition; a STOPPED or deleted task's workers stop. A task's new workers start only
 * once its stopped ones have exited (a Stop then Start never runs two workers on one partition).
 * Workers run their steps on a bounded pool of {@code threads} (by default one per core), so many
 * tasks share the cores; a step that fails is logged by {@link FailureLog} (the stack trace once
 * per distinct failure) and the worker backs off before it tries again.
 * Each reconciliation also expires FAILED files whose retry window has closed, and at most once a
 * minute (by the clock) prunes the dump history older than {@code historyKeep}. Thread-safe.
 */
public final class DumpEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DumpEngine.class);

    private final DumpTasks tasks;
    private final LogStore store;
    private final DumpHistory history;
    private final Function<DumpTask, ObjectStore> buckets;
    private final Path spoolRoot;
    private final Clock clock;
    private final UploadPolicy uploads;
    private final Duration historyKeep;
    private final FileRetries retries;
    private final ScheduledExecutorService pool;
    private volatile Instant lastPrune = Instant.MIN;
    private final Map<String, List<DumpWorker>> workers = new ConcurrentHashMap<>();
    /** Workers asked to stop that have not exited yet, by task. */
    private final Map<String, List<DumpWorker>> stopping = new ConcurrentHashMap<>();
    private final FailureLog failures = new FailureLog(LOG, Duration.ofSeconds(1), Duration.ofMinutes(1));

    /** @param buckets the bucket a task writes to (in its log set's region) */
    public DumpEngine(DumpTasks tasks, LogStore store, DumpHistory history, Function<DumpTask, ObjectStore> buckets,
                      Path spoolRoot, Clock clock, UploadPolicy uploads, Duration historyKeep, int threads) {
        this(tasks, store, history, buckets, spoolRoot, clock, uploads, historyKeep, Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "logdump-dump");
            t.setDaemon(true);
            return t;
        }));
    }

    // visible for testing: a scheduler the test runs by hand
    DumpEngine(DumpTasks tasks, LogStore store, DumpHistory history, Function<DumpTask, ObjectStore> buckets,
               Path spoolRoot, Clock clock, UploadPolicy uploads, Duration historyKeep, ScheduledExecutorService pool) {
        this.tasks = tasks;
        this.store = store;
        this.history = history;
        this.buckets = buckets;
        this.spoolRoot = spoolRoot.toAbsolutePath();
        this.clock = clock;
        this.uploads = uploads;
        this.historyKeep = historyKeep;
        this.retries = new FileRetries(tasks, history, buckets, clock);
        this.pool = pool;
    }

    /** Manual retries of FAILED files (the one-hour window). */
    public FileRetries retries() {
        return retries;
    }

    /** Finishes the manual retries a crash interrupted, then starts reconciling every second. */
    public void start() {
        retries.recoverAfterRestart();
        pool.scheduleWithFixedDelay(this::reconcileQuietly, 0, 1, TimeUnit.SECONDS);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
            failures.succeeded("dump engine");
        } catch (RuntimeException e) {
            failures.failed("dump engine", "reconciling the dump tasks", e);
        }
    }

    /** One reconciliation of tasks and workers (see the class comment). */
    public void reconcile() {
        Instant now = clock.instant();
        List<DumpTask> all = tasks.all();
        Set<String> ids = all.stream().map(DumpTask::id).collect(Collectors.toSet());
        for (DumpTask task : all) {
            if (task.status() == TaskStatus.WAITING && !now.isBefore(task.startsAt())) {
                task = tasks.markRunning(task);
            }
            if (task.status() == TaskStatus.RUNNING && !workers.containsKey(task.id()) && !stillStopping(task.id())) {
                startWorkers(task);
            } else if (task.status() != TaskStatus.RUNNING && workers.containsKey(task.id())) {
                stopWorkers(task.id());
            }
        }
        for (String id : List.copyOf(workers.keySet())) {
            if (!ids.contains(id)) {
                stopWorkers(id);
            }
        }
        retries.expireOverdue();
        if (!now.isBefore(lastPrune.plusSeconds(60))) {
            lastPrune = now;
            int pruned = history.prune(now.minus(historyKeep));
            if (pruned > 0) {
                LOG.info("pruned {} file(s) older than {} from the dump history", pruned, historyKeep);
            }
        }
    }

    /** Whether workers of the task that were asked to stop have not exited yet (forgetting those that have). */
    private boolean stillStopping(String taskId) {
        List<DumpWorker> left = stopping.computeIfPresent(taskId, (id, list) -> {
            List<DumpWorker> running = list.stream().filter(w -> !w.hasExited()).toList();
            return running.isEmpty() ? null : running;
        });
        if (left != null) {
            LOG.info("task {} starts once its {} stopped worker(s) have exited", taskId, left.size());
        }
        return left != null;
    }

    private void startWorkers(DumpTask task) {
        try {
            int partitions = store.partitions(task.subjectId());
            DumpWorker.Deps deps = new DumpWorker.Deps(store, history, buckets.apply(task), spoolRoot, clock, uploads,
                    id -> tasks.get(task.account(), id).settings());
            List<DumpWorker> list = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                list.add(new DumpWorker(task, p, deps));
            }
            workers.put(task.id(), list);
            list.forEach(w -> pool.execute(() -> run(w)));
            LOG.info("task {} is running ({} partition(s))", task.id(), partitions);
        } catch (IOException | RuntimeException e) {
            failures.failed("task " + task.id(), "starting its workers", e);
        }
    }

    /** Runs one step and schedules the next; a failed step is logged and tried again after a back-off. */
    private void run(DumpWorker worker) {
        long delay;
        String loop = "task " + worker.taskId() + " partition " + worker.partition();
        try {
            delay = worker.step();
            failures.succeeded(loop);
        } catch (IOException | RuntimeException e) {
            delay = failures.failed(loop, "a dump step", e).toMillis();
        }
        if (delay < 0) {
            return;
        }
        if (pool.isShutdown()) {
            return;
        }
        pool.schedule(() -> run(worker), delay, TimeUnit.MILLISECONDS);
    }

    private void stopWorkers(String taskId) {
        List<DumpWorker> list = workers.remove(taskId);
        if (list != null) {
            list.forEach(DumpWorker::requestStop);
            stopping.merge(taskId, list, (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
            LOG.info("task {} stopped", taskId);
        }
    }

    /**
     * A task's counters: its files from the history, its lag from the store and the first offset it
     * needs (its checkpoint, or where it starts when it never dumped: a task that starts at "now"
     * does not lag behind the records logged before it).
     */
    public TaskCounters counters(DumpTask task) {
        long[] totals = history.totals(task.id());
        long lagRecords = 0;
        long lagSeconds = 0;
        SubjectId subject = task.subjectId();
        Instant next = null;
        try {
            for (int p = 0; p < store.partitions(subject); p++) {
                long end = store.endOffset(subject, p);
                long checkpoint = history.checkpoint(task.id(), p).orElse(DumpWorker.firstOffset(store, task, p));
                if (end > checkpoint) {
                    lagRecords += end - checkpoint;
                    List<LogRecord> first = store.read(subject, p, checkpoint, 1);
                    if (!first.isEmpty()) {
                        lagSeconds = Math.max(lagSeconds, (clock.millis() - first.get(0).receiveTime()) / 1000);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("task {}: cannot compute its lag: {}", task.id(), e.toString());
        }
        for (DumpWorker w : workers.getOrDefault(task.id(), List.of())) {
            Instant t = w.nextDumpTime();
            if (t != null && (next == null || t.isBefore(next))) {
                next = t;
            }
        }
        if (next == null && task.status() == TaskStatus.WAITING) {
            next = task.startsAt();
        }
        return new TaskCounters(totals[0], totals[1], totals[2], totals[3], lagRecords, Math.max(0, lagSeconds), next);
    }

    @Override
    public void close() {
        workers.keySet().forEach(this::stopWorkers);
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
