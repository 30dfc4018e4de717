package io.logdump.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void anInputOutputFailureOfACommandIsOneLineAndExitStatusOneNotAStackTrace() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.run("bench", "dump", "--samples", "no-such-folder");
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(text).contains("logdump dump: no folder of sample logs at").contains("no-such-folder");
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
