package io.logdump.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names under which samples are counted together. */
class JfrSummaryTest {
    @Test
    void aPoolsThreadsCountTogether() {
        assertThat(JfrSummary.threadGroup("JettyServerThreadPool-42")).isEqualTo("JettyServerThreadPool-#");
        assertThat(JfrSummary.threadGroup("logdump-encode-1-7")).isEqualTo("logdump-encode-#-#");
    }

    @Test
    void aLambdaClassLosesItsRunSpecificNumbers() {
        assertThat(JfrSummary.lambdaClass("io.logdump.cli.ClientCommands$$Lambda$95+0x00007f276c08bd60.239372207"))
                .isEqualTo("io.logdump.cli.ClientCommands$$Lambda");
        assertThat(JfrSummary.lambdaClass("io.logdump.codec.ZstdFrames")).isEqualTo("io.logdump.codec.ZstdFrames");
    }
}
