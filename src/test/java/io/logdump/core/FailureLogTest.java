package io.logdump.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A background loop's failures: the stack trace once per distinct failure, one line for a repeat, and a growing pause. */
class FailureLogTest {
    final FailureLog log = new FailureLog(LoggerFactory.getLogger(FailureLogTest.class), Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** What the logger (slf4j-simple, on standard error) printed while {@code action} ran. */
    private static String logged(Consumer<Void> action) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            action.accept(null);
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstOfEachDistinctFailureIsLoggedWithItsStackTraceAndRepeatsAsOneLine() {
        String first = logged(v -> log.failed("task a", "a dump step", new IOException("disk full")));
        assertThat(first).contains("task a: a dump step failed").contains("java.io.IOException: disk full")
                .contains("at io.logdump.core.FailureLogTest");
        String again = logged(v -> log.failed("task a", "a dump step", new IOException("disk full")));
        assertThat(again).contains("failed again (2 times in a row)").doesNotContain("\tat ");
        String other = logged(v -> log.failed("task a", "a dump step", new IllegalStateException("bug")));
        assertThat(other).as("a different failure gets its stack trace").contains("\tat ");
        String recovered = logged(v -> log.succeeded("task a"));
        assertThat(recovered).contains("works again after 3 failure(s)");
    }

    @Test
    void eachRepeatDoublesThePauseUpToTheMaximumAndASuccessResetsIt() {
        IOException e = new IOException("down");
        assertThat(log.failed("loop", "x", e)).isEqualTo(Duration.ofSeconds(1));
        assertThat(log.failed("loop", "x", e)).isEqualTo(Duration.ofSeconds(2));
        assertThat(log.failed("loop", "x", e)).isEqualTo(Duration.ofSeconds(4));
        assertThat(log.failed("loop", "x", e)).isEqualTo(Duration.ofSeconds(8));
        assertThat(log.failed("loop", "x", e)).isEqualTo(Duration.ofSeconds(10));
        assertThat(log.failed("other loop", "x", e)).as("loops back off apart").isEqualTo(Duration.ofSeconds(1));
        log.succeeded("loop");
        assertThat(log.failed("loop", "x", e)).isEqualTo(Duration.ofSeconds(1));
    }
}
