package io.logdump.store.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    /** A log whose forces are held until the test lets each one end, with or without a failure. */
    static final class FakeLog implements GroupCommit.Force {
        final AtomicLong committed = new AtomicLong();
        /** The end each finished force made durable. */
        final AtomicLong durable = new AtomicLong();
        final List<Long> targets = new ArrayList<>();
        final LinkedBlockingQueue<CountDownLatch> started = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<IOException> outcomes = new LinkedBlockingQueue<>();

        @Override
        public long force() throws IOException {
            long target = committed.get();
            synchronized (targets) {
                targets.add(target);
            }
            CountDownLatch running = new CountDownLatch(1);
            started.add(running);
            IOException outcome;
            try {
                outcome = outcomes.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (outcome != NO_FAILURE) {
                throw outcome;
            }
            durable.set(target);
            return target;
        }

        /** Lets the running force end as {@code outcome} (NO_FAILURE: it succeeds). */
        void finish(IOException outcome) {
            outcomes.add(outcome);
        }
    }

    static final IOException NO_FAILURE = new IOException("none");

    final FakeLog log = new FakeLog();
    final GroupCommit commit = new GroupCommit(log, 0);
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** An appender that commits up to {@code end}, waits, and tells what was durable when it was acknowledged. */
    private Future<Long> appender(long end) {
        log.committed.accumulateAndGet(end, Math::max);
        return threads.submit(() -> {
            commit.await(end);
            return log.durable.get();
        });
    }

    private void awaitWaiting(int n) {
        while (commit.waiting() < n) {
            Thread.onSpinWait();
        }
    }

    @Test
    void everyWaiterIsAcknowledgedOnlyAfterAForceCoveringItsRecordsAndWaitersShareOneForce() throws Exception {
        Future<Long> first = appender(10);
        log.started.take(); // the first appender leads a force of offsets below 10
        Future<Long> second = appender(20);
        Future<Long> third = appender(30);
        awaitWaiting(2);
        assertThat(second.isDone() || third.isDone()).as("nobody is acknowledged while their records are not forced").isFalse();

        log.finish(NO_FAILURE);
        assertThat(first.get()).as("the first is acknowledged after its own force").isGreaterThanOrEqualTo(10);
        log.started.take(); // one of the two waiters leads the next force, which covers both
        assertThat(second.isDone() || third.isDone()).isFalse();
        log.finish(NO_FAILURE);
        assertThat(second.get()).isGreaterThanOrEqualTo(20);
        assertThat(third.get()).isGreaterThanOrEqualTo(30);
        assertThat(log.targets).as("two forces for three appenders: the second covered both waiters").containsExactly(10L, 30L);
        assertThat(commit.forces()).isEqualTo(2);
        assertThat(commit.state()).isEqualTo(GroupCommit.State.IDLE);
    }

    @Test
    void anOffsetAlreadyForcedIsAcknowledgedWithoutAnotherForce() throws Exception {
        Future<Long> first = appender(10);
        log.started.take();
        log.finish(NO_FAILURE);
        first.get();
        commit.await(7);
        commit.await(10);
        assertThat(commit.forces()).isEqualTo(1);
    }

    @Test
    void aFailedForceFailsEveryWaiterOfItsGroupAndEveryLaterAppend() throws Exception {
        Future<Long> leader = appender(10);
        log.started.take();
        Future<Long> second = appender(20);
        Future<Long> third = appender(30);
        awaitWaiting(2);

        IOException diskError = new IOException("Input/output error");
        log.finish(diskError);
        assertThatThrownBy(leader::get).isInstanceOf(ExecutionException.class).cause().isSameAs(diskError);
        for (Future<Long> waiter : List.of(second, third)) {
            assertThatThrownBy(waiter::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("forcing the log to disk failed").hasCause(diskError);
        }
        assertThat(commit.state()).isEqualTo(GroupCommit.State.FAILED);
        assertThat(log.targets).as("the waiters did not force again after the failure").containsExactly(10L);

        assertThatThrownBy(commit::check).as("later appends are refused").isInstanceOf(IOException.class).hasCause(diskError);
        log.committed.set(40);
        assertThatThrownBy(() -> commit.await(40)).isInstanceOf(IOException.class).hasCause(diskError);
        assertThat(log.targets).containsExactly(10L);
    }

    @Test
    void aForceThatSucceededStillAcknowledgesItsRecordsAfterALaterForceFailed() throws Exception {
        Future<Long> first = appender(10);
        log.started.take();
        log.finish(NO_FAILURE);
        first.get();
        Future<Long> second = appender(20);
        log.started.take();
        log.finish(new IOException("Input/output error"));
        assertThatThrownBy(second::get).isInstanceOf(ExecutionException.class);
        commit.await(10); // covered by the first force: durable, so acknowledged (no exception)
        assertThat(commit.state()).isEqualTo(GroupCommit.State.FAILED);
    }
}
