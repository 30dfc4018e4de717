package io.logdump.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UploadPolicyTest {
    private final UploadPolicy policy = new UploadPolicy(5, Duration.ofSeconds(8), Duration.ofSeconds(64), Duration.ofHours(1));

    @Test
    void theBackoffDoublesUpToTheMaximumWithUpToHalfTakenOffAtRandom() {
        SplittableRandom random = new SplittableRandom(7);
        long[] ceilings = {8_000, 16_000, 32_000, 64_000, 64_000};
        for (int n = 1; n <= 5; n++) {
            long ceiling = ceilings[n - 1];
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 1000; i++) {
                long d = policy.delayAfter(n, random).toMillis();
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertThat(min).as("after %d failures", n).isGreaterThanOrEqualTo(ceiling / 2).isLessThan(ceiling * 6 / 10);
            assertThat(max).as("after %d failures", n).isLessThanOrEqualTo(ceiling).isGreaterThan(ceiling * 9 / 10);
        }
    }

    @Test
    void theDefaultsMakeAboutFiveAttemptsOverAboutTwoMinutes() {
        UploadPolicy d = UploadPolicy.DEFAULT;
        assertThat(d.attempts()).isEqualTo(5);
        long longest = 0;
        for (int n = 1; n < d.attempts(); n++) {
            longest += d.ceiling(n);
        }
        assertThat(longest).as("the pauses between the 5 attempts at most").isEqualTo(120_000);
        assertThat(d.retryWindow()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aZeroDelayRetriesAtOnceAndNonsenseIsRefused() {
        UploadPolicy now = new UploadPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        assertThat(now.delayAfter(3, new SplittableRandom(1))).isZero();
        assertThatThrownBy(() -> new UploadPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UploadPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
