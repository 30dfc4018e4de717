package io.logdump.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The common ISO-8601 shapes are read without the JDK's parser, and always as the JDK reads them. */
class LogTimeFormatIsoTest {
    final LogTimeFormat iso = LogTimeFormat.compile("iso8601", ZoneId.of("Europe/Paris"), 2026);

    @Test
    void theCommonShapesTakeTheQuickPath() {
        for (String t : List.of("2026-11-29T10:15:30Z", "2026-11-29T10:15:30.123Z", "2026-11-29 10:15:30.123456789+01:00",
                "2026-03-29T02:30:00", "2024-02-29T23:59:59-05:30", "1970-01-01T00:00:00.1Z")) {
            assertThat(iso.parseIsoCommon(t)).as(t).isNotNull().isEqualTo(iso.parseIsoJdk(t));
        }
    }

    @Test
    void whateverTheQuickPathReadsTheJdkReadsAlike() {
        List<String> texts = new ArrayList<>(List.of(
                "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z",
                "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00+18:00", "2026-01-01T00:00:00+18:01",
                "2026-01-01T00:00:00-18:00", "2026-01-01T00:00:00-00:00", "2026-01-01T00:00:00+1:00", "2026-01-01T00:00:00+01",
                "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00+01:00:30", "2026-01-01t00:00:00z", "2026-01-01T00:00:00z",
                "2026-01-01T00:00:00ZZ", "2026-01-01T00:00:00 ", "2026-01-01T00:00", "+2026-01-01T00:00:00Z", "20260-01-01T00:00:00Z",
                "2026-1-01T00:00:00Z", "2026-01-01X00:00:00Z", "2026-01-01T00:00:00,5Z", "2026-01-01T0a:00:00Z",
                "2026-03-29T02:30:00", "2026-10-25T02:30:00", "9999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "2026-01-01T00:00:00+01:60", "2026-01-01T00:00:00+19:00", "2026-01-01T00:00:00.5+05:45"));
        Random random = new Random(16);
        String[] tails = {"", "Z", "+01:00", "-07:00", "+14:00", "+05:45", "z", "+02", ".", "Zx"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33)));
            b.append(random.nextInt(10) == 0 ? ' ' : 'T');
            b.append(String.format("%02d:%02d:%02d", random.nextInt(26), random.nextInt(62), random.nextInt(62)));
            int fraction = random.nextInt(12) - 1;
            if (fraction >= 0) {
                b.append('.');
                for (int d = 0; d < fraction; d++) {
                    b.append(random.nextInt(10));
                }
            }
            b.append(tails[random.nextInt(tails.length)]);
            texts.add(b.toString());
        }
        int quick = 0;
        for (String t : texts) {
            Instant common = iso.parseIsoCommon(t);
            if (common == null) {
                continue;
            }
            quick++;
            Instant jdk;
            try {
                jdk = iso.parseIsoJdk(t);
            } catch (DateTimeException e) {
                throw new AssertionError("the quick path read '" + t + "' as " + common + " but the JDK refuses it: " + e.getMessage());
            }
            assertThat(common).as(t).isEqualTo(jdk);
        }
        assertThat(quick).as("the generated texts exercise the quick path").isGreaterThan(1000);
    }
}
