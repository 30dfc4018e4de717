package io.logdump.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    void aWrongConfigurationFileExitsWithStatus2ListingEveryProblemAndNoSecret() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                port: -5
                regions:
                  - name: r1
                    objectStore: {type: s3, endpoint: "ftp://x", accessKey: AK, secretKey: TOPSECRET, extra: 1}
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run("server", "--config", file.toString(), "--data-dir", dir.toString());
        } finally {
            System.setErr(original);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(2);
        assertThat(text).contains("port: -5").contains("regions[0].objectStore.endpoint: ftp://x")
                .contains("regions[0].objectStore.extra").doesNotContain("TOPSECRET").doesNotContain("at io.logdump");
        assertThat(dir.resolve("metadata.db")).as("nothing started").doesNotExist();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(Main.run("server", "--no-such-option")).isEqualTo(2);
    }
}
