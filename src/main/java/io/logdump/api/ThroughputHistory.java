package io.logdump.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The last hour of ingest and dump throughput and lag, kept in memory: {@link #sample()} (called
 * once a minute) records the server's running totals, and {@link #lastHour()} answers one point
 * per interval between samples plus one for the interval still running. Nothing survives a
 * restart. A total that falls (records removed by retention) counts as zero for its interval.
 * Thread-safe.
 */
public final class ThroughputHistory {
    /** At most this many samples are kept: an hour of one-minute intervals. */
    static final int MAX_SAMPLES = 61;

    /** The running totals at one moment; ingest counts what the log store holds, dump what succeeded. */
    public record Totals(long storedRecords, long storedBytes, long dumpedRecords, long dumpedBytes, long lagRecords,
                         long lagSeconds) {}

    /** What happened between {@code from} and {@code to}, and the lag at {@code to}. */
    public record Point(Instant from, Instant to, long ingestedRecords, long ingestedBytes, long dumpedRecords,
                        long dumpedBytes, long lagRecords, long lagSeconds) {}

    private record Sample(Instant time, Totals totals) {}

    private final Supplier<Totals> totals;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public ThroughputHistory(Supplier<Totals> totals, Clock clock) {
        this.totals = totals;
        this.clock = clock;
    }

    /** Records the current totals; the oldest sample goes once an hour is kept. */
    public void sample() {
        Sample s = new Sample(clock.instant(), totals.get());
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
        }
    }

    /** One point per interval between samples, oldest first, the last one ending now. */
    public List<Point> lastHour() {
        List<Sample> list;
        synchronized (samples) {
            list = new ArrayList<>(samples);
        }
        list.add(new Sample(clock.instant(), totals.get()));
        List<Point> points = new ArrayList<>();
        for (int i = 1; i < list.size(); i++) {
            Totals a = list.get(i - 1).totals();
            Totals b = list.get(i).totals();
            points.add(new Point(list.get(i - 1).time(), list.get(i).time(),
                    Math.max(0, b.storedRecords() - a.storedRecords()), Math.max(0, b.storedBytes() - a.storedBytes()),
                    Math.max(0, b.dumpedRecords() - a.dumpedRecords()), Math.max(0, b.dumpedBytes() - a.dumpedBytes()),
                    b.lagRecords(), b.lagSeconds()));
        }
        return points;
    }
}
