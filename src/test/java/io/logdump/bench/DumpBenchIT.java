package io.logdump.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logdump bench dump} end to end on a small backlog: server processes, a task, the record check, the table. */
class DumpBenchIT {
    @TempDir
    Path dir;

    @Test
    void aSmallBacklogIsDumpedCheckedAndReported() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.run("bench", "dump", "--mb", "8", "--runs", "1", "--formats", "json", "--compressions", "gzip",
                    "--file-mb", "5", "--no-baselines", "--dir", dir.toString());
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(text).contains("filled local: ").containsPattern("\\| local \\| json \\| gzip \\| [0-9.]+ \\| [0-9.]+ \\|");
    }
}
