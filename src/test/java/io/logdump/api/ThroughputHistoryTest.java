package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.api.ThroughputHistory.Point;
import io.logdump.api.ThroughputHistory.Totals;
import io.logdump.testutil.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThroughputHistoryTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    private final AtomicReference<Totals> totals = new AtomicReference<>(new Totals(0, 0, 0, 0, 0, 0));
    private final ThroughputHistory history = new ThroughputHistory(() -> java.util.Map.of("acme", totals.get()), clock);

    @Test
    void anAccountSeesOnlyItsOwnTotals() {
        history.sample();
        clock.advance(Duration.ofMinutes(1));
        totals.set(new Totals(100, 1000, 40, 300, 60, 30));
        assertThat(history.lastHour("acme").get(0).ingestedRecords()).isEqualTo(100);
        assertThat(history.lastHour("globex")).singleElement().satisfies(p -> {
            assertThat(p.ingestedRecords()).isZero();
            assertThat(p.lagRecords()).isZero();
        });
    }

    @Test
    void eachPointIsWhatHappenedBetweenTwoSamplesAndTheLastOneEndsNow() {
        history.sample();
        clock.advance(Duration.ofMinutes(1));
        totals.set(new Totals(100, 1000, 40, 300, 60, 30));
        history.sample();
        clock.advance(Duration.ofSeconds(20));
        totals.set(new Totals(130, 1300, 100, 700, 30, 5));

        List<Point> points = history.lastHour("acme");

        assertThat(points).containsExactly(
                new Point(Instant.parse("2026-11-26T08:00:00Z"), Instant.parse("2026-11-26T08:01:00Z"), 100, 1000, 40, 300, 60, 30),
                new Point(Instant.parse("2026-11-26T08:01:00Z"), Instant.parse("2026-11-26T08:01:20Z"), 30, 300, 60, 400, 30, 5));
    }

    @Test
    void recordsRemovedByRetentionCountAsNothingIngested() {
        totals.set(new Totals(500, 5000, 500, 900, 0, 0));
        history.sample();
        clock.advance(Duration.ofMinutes(1));
        totals.set(new Totals(200, 2000, 510, 950, 0, 0));

        Point p = history.lastHour("acme").get(0);

        assertThat(p.ingestedRecords()).isZero();
        assertThat(p.ingestedBytes()).isZero();
        assertThat(p.dumpedRecords()).isEqualTo(10);
    }

    @Test
    void keepsOneHourOfMinutes() {
        for (int i = 0; i < 90; i++) {
            totals.set(new Totals(i, 0, 0, 0, 0, 0));
            history.sample();
            clock.advance(Duration.ofMinutes(1));
        }

        List<Point> points = history.lastHour("acme");

        assertThat(points).hasSize(ThroughputHistory.MAX_SAMPLES);
        assertThat(points.get(0).from()).isEqualTo(Instant.parse("2026-11-26T08:29:00Z"));
        assertThat(points.get(points.size() - 1).to()).isEqualTo(clock.instant());
    }

    @Test
    void withoutAnySampleThereIsNothingToCompare() {
        assertThat(history.lastHour("acme")).isEmpty();
    }
}
