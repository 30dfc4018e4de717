package io.logdump.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.logdump.testutil.FuzzInput;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Partition formats, zones and instants from the fuzzer: a pattern is refused with a
 * {@link Strftime.StrftimeException} or compiles, and then formats every instant of
 * {@link LogTimeRange} in every zone into text that an object key may hold, within the bounds
 * of {@link Strftime#longestOutput()} that the task rules check, never an exception.
 *
 * <p>Each input is a pattern, a zone (an ID or offset that {@link ZoneId#of} takes; anything else
 * picks one of the zones Java knows) and an instant's epoch milliseconds (taken into the range), one a line.
 */
class StrftimeFuzzTest {
    static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();

    @FuzzTest(maxDuration = "3m")
    void formatPattern(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String pattern = FuzzInput.unescape(in.line());
        ZoneId zone = zone(in.line());
        Instant instant = instant(in.line());
        Strftime strftime;
        try {
            strftime = Strftime.compile(pattern);
        } catch (Strftime.StrftimeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(pattern.length()).isLessThanOrEqualTo(Strftime.MAX_PATTERN_LENGTH);
        String out = strftime.format(instant, zone);
        assertThat(out.codePoints().noneMatch(Character::isISOControl)).as("no control character in %s", out).isTrue();
        assertThat(out).doesNotStartWith("/").doesNotContain("..");
        String[] segments = out.split("/", -1);
        String[] longest = strftime.longestOutput().split("/", -1);
        assertThat(segments).as("%s of %s in %s at %s", out, pattern, zone, instant).hasSameSizeAs(longest);
        for (int i = 0; i < segments.length; i++) {
            assertThat(utf8(segments[i])).as("segment %d of %s, longest %s", i, out, strftime.longestOutput())
                    .isLessThanOrEqualTo(utf8(longest[i]));
        }
    }

    /** The zone a text names, or one of Java's zones picked by it. */
    static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            return ZoneId.of(ZONES.get(Math.floorMod(text.hashCode(), ZONES.size())));
        }
    }

    /** An instant of {@link LogTimeRange} picked by a text, the epoch milliseconds it holds when it is a number. */
    static Instant instant(String text) {
        long millis;
        try {
            millis = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            millis = text.hashCode();
        }
        return Instant.ofEpochMilli(Math.floorMod(millis, LogTimeRange.END.toEpochMilli()));
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
