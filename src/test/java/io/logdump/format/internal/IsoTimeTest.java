package io.logdump.format.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimeTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void matchesJavaTimeForAnyMillisecondInAnyOrder() {
        IsoTime time = new IsoTime();
        Random random = new Random(5);
        long last = 1_500_000_000_000L;
        for (int i = 0; i < 100_000; i++) {
            long t = switch (random.nextInt(4)) {
                case 0 -> last + random.nextInt(1500);
                case 1 -> last - random.nextInt(1500);
                case 2 -> random.nextLong() % 400_000_000_000_000L;
                default -> random.nextLong() % 4_000_000_000_000L;
            };
            last = t;
            int length = time.format(t);
            assertThat(new String(time.bytes(), 0, length, StandardCharsets.US_ASCII)).as("%d", t)
                    .isEqualTo(REFERENCE.format(Instant.ofEpochMilli(t)));
        }
    }

    @Test
    void formatsTheFirstCallEvenAtTheSmallestTime() {
        IsoTime time = new IsoTime();
        int length = time.format(Long.MIN_VALUE);
        assertThat(new String(time.bytes(), 0, length, StandardCharsets.US_ASCII)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(Long.MIN_VALUE)));
    }
}
