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

    @Test
    void aBusyPortIsOneClearLineForTheServerAndTheDemo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            for (String command : java.util.List.of("server", "demo")) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                PrintStream original = System.err;
                int status;
                try {
                    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                    status = Main.run(command, "--port", port, "--data-dir", dir.resolve(command).toString());
                } finally {
                    System.setErr(original);
                }
                String text = err.toString(StandardCharsets.UTF_8);
                assertThat(status).as(command).isEqualTo(1);
                assertThat(text.lines().filter(l -> l.startsWith("logdump")).toList()).as(command)
                        .containsExactly((command.equals("demo") ? "logdump demo" : "logdump") + ": cannot start: port " + port
                                + " of 127.0.0.1 is in use by another process; stop it, or give this one another --port");
                assertThat(text).as(command).doesNotContain("ERROR").doesNotContain("\tat ");
            }
        }
    }
}
