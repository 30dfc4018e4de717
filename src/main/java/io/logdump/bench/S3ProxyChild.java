package io.logdump.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy started by a benchmark as a separate JVM through {@code bench/s3proxy} (which builds the
 * test class path and logs at warning level only: request logging at debug costs a core), on a
 * free loopback port, keeping its buckets as folders of {@link #folder()}, with the keys
 * {@code bench-access} / {@code bench-secret}.
 */
final class S3ProxyChild implements AutoCloseable {
    static final String ACCESS_KEY = "bench-access";
    static final String SECRET_KEY = "bench-secret";

    private final Process process;
    private final String endpoint;
    private final Path folder;

    private S3ProxyChild(Process process, String endpoint, Path folder) {
        this.process = process;
        this.endpoint = endpoint;
        this.folder = folder;
    }

    /** Runs {@code script PORT folder} and waits until S3Proxy says it serves; its output goes to {@code log}. */
    static S3ProxyChild start(Path script, Path folder, Path log) throws IOException {
        if (!Files.isExecutable(script)) {
            throw new IOException(script.toAbsolutePath() + " is missing (run the benchmark from the project folder)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(folder);
        Process p = new ProcessBuilder(script.toString(), Integer.toString(port), folder.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND,
                    java.nio.file.StandardOpenOption.CREATE);
            if (line.contains("S3Proxy on ")) { // after the colour codes Maven may print without a newline
                Thread drain = new Thread(() -> drain(out), "bench-s3proxy-stdout");
                drain.setDaemon(true);
                drain.start();
                return new S3ProxyChild(p, "http://127.0.0.1:" + port, folder);
            }
        }
        p.destroyForcibly();
        throw new IOException("S3Proxy did not start; see " + log);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // nothing more is needed from its stdout
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    String endpoint() {
        return endpoint;
    }

    /** The folder whose sub-folders are the buckets. */
    Path folder() {
        return folder;
    }

    /** Stops S3Proxy (SIGTERM to the JVM the script became) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
