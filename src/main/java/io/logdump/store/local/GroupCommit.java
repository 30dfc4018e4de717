package io.logdump.store.local;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: makes a log durable up to an offset with one force shared by every appender
 * waiting at the time. An appender that finds no force running leads one: it forces everything
 * committed so far (whole appends only) and publishes it; appenders that committed before that
 * force began are covered by it and return when it ends, and the ones that came during it wait for
 * the next force, which one of them leads. So under load a force covers every request that waited
 * for it, and one fsync acknowledges many requests.
 *
 * <p>A force that fails fails every waiter, the leader with the force's own exception and the others
 * with an exception caused by it, and the log stays {@link State#FAILED}: after a failed fsync the
 * operating system may have dropped the written pages, so nothing written since the last good
 * force can be trusted to be on disk, and no later append can be acknowledged. Every later
 * {@link #await} and {@link #check} fails; reopening the store (recovery) keeps exactly what
 * reached the disk.
 *
 * <p>Thread-safe: any number of appenders may wait at once.
 */
final class GroupCommit {
    /** Forces the log: makes every committed record durable and readable, and tells the offset that now ends the durable records. */
    @FunctionalInterface
    interface Force {
        long force() throws IOException;
    }

    /** IDLE → FORCING (a leader forces) → IDLE, or → FAILED for good when the force fails. */
    enum State { IDLE, FORCING, FAILED }

    private final Force force;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition forced = lock.newCondition();
    private State state = State.IDLE;
    private long durable;
    private Throwable failure;
    private long forces;

    /** @param durable the offset below which records are already durable (the end of the log at open) */
    GroupCommit(Force force, long durable) {
        this.force = force;
        this.durable = durable;
    }

    /**
     * Returns once every record below {@code offset} is durable: at once when a finished force
     * covered it, else after the force that covers it (led by this thread or another).
     *
     * @throws IOException when that force failed, or an earlier one did (the log is {@link State#FAILED})
     */
    void await(long offset) throws IOException {
        lock.lock();
        try {
            while (true) {
                if (durable >= offset) {
                    return; // a force that succeeded covered it
                }
                if (state == State.FAILED) {
                    throw failed();
                }
                if (state == State.FORCING) {
                    forced.awaitUninterruptibly(); // an acknowledgement waits for the disk, whatever else happens
                    continue;
                }
                move(State.IDLE, State.FORCING);
                lead();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs one force with the lock released; called with it held, in FORCING. */
    private void lead() throws IOException {
        long end;
        lock.unlock();
        try {
            end = force.force();
        } catch (IOException | RuntimeException | Error e) {
            lock.lock();
            failure = e;
            move(State.FORCING, State.FAILED);
            forced.signalAll();
            throw e;
        }
        lock.lock();
        forces++;
        durable = Math.max(durable, end);
        move(State.FORCING, State.IDLE);
        forced.signalAll();
    }

    private void move(State from, State to) {
        if (state != from) {
            throw new IllegalStateException("group commit is " + state + ", not " + from + ", so it cannot become " + to);
        }
        state = to;
    }

    /** @throws IOException when a force has failed, so the log takes no more appends */
    void check() throws IOException {
        lock.lock();
        try {
            if (state == State.FAILED) {
                throw failed();
            }
        } finally {
            lock.unlock();
        }
    }

    private IOException failed() {
        return new IOException("forcing the log to disk failed (" + failure + "); records written since the last good force"
                + " (offset " + durable + ") may be lost, so the log takes no appends until it is reopened", failure);
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Appenders waiting for a force that another one leads. Visible for testing. */
    int waiting() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(forced);
        } finally {
            lock.unlock();
        }
    }

    /** The forces that succeeded so far. */
    long forces() {
        lock.lock();
        try {
            return forces;
        } finally {
            lock.unlock();
        }
    }
}
