package io.logdump.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder's lock is the operating system's: it holds across processes and dies with its owner. */
class DataFolderLockIT {
    @TempDir
    Path dir;

    private record Run(int status, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(Main.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void serverAndDemoRefuseAFolderAnotherProcessServesAndStartOnceItIsKilled() throws Exception {
        ServerProcess live = ServerProcess.start(dir);
        try {
            assertThat(live.api.post("/api/v1/logsets", "{\"name\":\"web\",\"region\":\"local\"}").status()).isEqualTo(201);
            Run server = run("server", "--data-dir", dir.toString(), "--port", "0");
            assertThat(server.status()).isEqualTo(1);
            assertThat(server.err().strip()).as("one clear line").doesNotContain("\n").contains("is in use by another Logdump process (pid ");
            String livePort = Integer.toString(URI.create(live.url).getPort());
            Run demo = run("demo", "--data-dir", dir.toString(), "--port", livePort);
            assertThat(demo.status()).isEqualTo(1);
            assertThat(demo.err().strip()).doesNotContain("\n").contains("is in use by another Logdump process");
            assertThat(live.api.get("/api/v1/logsets/web").status()).as("the live server is unharmed").isEqualTo(200);
            assertThat(live.api.get("/api/v1/logsets/demo").status()).as("the demo wrote nothing").isEqualTo(404);
        } finally {
            live.kill();
        }
        try (ServerProcess next = ServerProcess.start(dir)) {
            assertThat(next.api.get("/api/v1/logsets/web").status()).as("a SIGKILL leaves no stale lock").isEqualTo(200);
        }
    }
}
