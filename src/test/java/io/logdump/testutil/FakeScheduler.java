package io.logdump.testutil;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: submitted and scheduled tasks wait in a queue until the
 * test calls {@link #runPending()}, whatever their delay (time is the test's {@link FakeClock}).
 * Periodic scheduling is not supported. Thread-safe.
 */
public final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private boolean shutdown;

    /** The number of tasks waiting. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Runs the tasks waiting now, in order, on the caller's thread (not those they queue). @return how many ran */
    public int runPending() {
        List<Runnable> batch;
        synchronized (this) {
            batch = new ArrayList<>(queue);
            queue.clear();
        }
        batch.forEach(Runnable::run);
        return batch.size();
    }

    private static final class Queued<V> extends FutureTask<V> implements ScheduledFuture<V> {
        Queued(Callable<V> task) {
            super(task);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }
    }

    @Override
    public synchronized void execute(Runnable command) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        queue.add(command);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(Executors.callable(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Queued<V> task = new Queued<>(callable);
        execute(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are driven by the test itself");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are driven by the test itself");
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
