package io.logdump.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last hour of ingest and dump throughput and lag of each account, kept in memory:
 * {@link #sample()} (called once a minute) records every account's running totals, and
 * {@link #lastHour(String)} answers one account's points, one per interval between samples plus one
 * for the interval still running (an account without totals in a sample counts as all zeros). Nothing survives a
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

    private static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0);

    private record Sample(Instant time, Map<String, Totals> totals) {}

    private final Supplier<Map<String, Totals>> totals;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** {@code totals} gives each account's running totals. */
    public ThroughputHistory(Supplier<Map<String, Totals>> totals, Clock clock) {
        this.totals = totals;
        this.clock = clock;
    }

    /** Records the current totals; the oldest sample goes once an hour is kept. */
    public void sample() {
        Sample s = new Sample(clock.instant(), Map.copyOf(totals.get()));
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
        }
    }

    /** One point per interval between samples for {@code account}, oldest first, the last one ending now. */
    public List<Point> lastHour(String account) {
        List<Sample> list;
        synchronized (samples) {
            list = new ArrayList<>(samples);
        }
        list.add(new Sample(clock.instant(), totals.get()));
        List<Point> points = new ArrayList<>();
        for (int i = 1; i < list.size(); i++) {
            Totals a = list.get(i - 1).totals().getOrDefault(account, NONE);
            Totals b = list.get(i).totals().getOrDefault(account, NONE);
            points.add(new Point(list.get(i - 1).time(), list.get(i).time(),
                    Math.max(0, b.storedRecords() - a.storedRecords()), Math.max(0, b.storedBytes() - a.storedBytes()),
                    Math.max(0, b.dumpedRecords() - a.dumpedRecords()), Math.max(0, b.dumpedBytes() - a.dumpedBytes()),
                    b.lagRecords(), b.lagSeconds()));
        }
        return points;
    }
}
