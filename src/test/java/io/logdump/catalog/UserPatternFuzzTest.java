package io.logdump.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.logdump.core.LogTimeRange;
import io.logdump.testutil.FuzzInput;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The patterns a user gives a collection configuration, from the fuzzer, with text to read: a
 * regex with named groups ({@link NamedGroupPattern}, on RE2/J) and a log time format
 * ({@link LogTimeFormat}). A pattern is refused with an IllegalArgumentException naming the
 * problem, or compiles and reads every text in bounded time into a result or a
 * DateTimeException (a line that does not parse), never another exception.
 */
class UserPatternFuzzTest {

    /** A pattern on the first line, then lines to match. */
    @FuzzTest(maxDuration = "3m")
    void namedGroupPattern(byte[] data) {
        long start = System.nanoTime();
        FuzzInput in = new FuzzInput(data);
        String regex = FuzzInput.unescape(in.line());
        NamedGroupPattern pattern;
        try {
            pattern = NamedGroupPattern.compile(regex);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        List<String> names = pattern.fieldNames();
        assertThat(names).isNotEmpty().doesNotHaveDuplicates();
        for (String line : in.restText().split("\n", -1)) {
            Map<String, Object> fields = pattern.match(line);
            if (fields != null) {
                assertThat(new HashSet<>(names)).containsAll(fields.keySet());
                assertThat(fields.values()).allSatisfy(v -> assertThat(line).contains((String) v));
            }
        }
        FuzzInput.assertQuick(start, "compiling and matching " + regex);
    }

    /** A time format on the first line, a time zone on the second (UTC when it names none), then times to read. */
    @FuzzTest(maxDuration = "3m")
    void logTimeFormat(byte[] data) {
        long start = System.nanoTime();
        FuzzInput in = new FuzzInput(data);
        String format = in.line();
        ZoneId zone;
        try {
            zone = ZoneId.of(in.line());
        } catch (DateTimeException e) {
            zone = ZoneOffset.UTC;
        }
        LogTimeFormat compiled;
        try {
            compiled = LogTimeFormat.compile(format, zone, 2026);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        for (String text : in.restText().split("\n", -1)) {
            try {
                Instant time = compiled.parse(text);
                assertThat(LogTimeRange.contains(time)).as("%s read with %s", text, format).isTrue();
            } catch (DateTimeException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        FuzzInput.assertQuick(start, "reading times with " + format);
    }
}
