package io.logdump.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real server as a separate process ({@code java -jar target/logdump.jar server}), which a test may kill. */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Logdump listening on (http://\\S+)");

    private final Process process;
    public final String url;
    public final Api api;

    private ServerProcess(Process process, String url) {
        this.process = process;
        this.url = url;
        this.api = new Api(url).asUser("admin", TestServer.ADMIN_PASSWORD);
    }

    /** Starts the packaged jar with {@code -Xmx256m} on a free port in {@code dataDir}; waits until it listens. */
    public static ServerProcess start(Path dataDir, String... extraArgs) throws Exception {
        Path jar = Path.of("target", "logdump.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("target/logdump.jar is missing: run the integration tests with mvn verify");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "server", "--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LOGDUMP_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        Process process = builder
                .redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
                .start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> url.complete(readUrl(process)), "server-stdout");
        reader.setDaemon(true);
        reader.start();
        String found;
        try {
            found = url.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start within 120 s; see " + dataDir.resolve("server.log"), e);
        }
        if (found == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start; see " + dataDir.resolve("server.log"));
        }
        return new ServerProcess(process, found);
    }

    /** Reads the process's output until it says where it listens, then keeps draining it. */
    private static String readUrl(Process process) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> drain(out), "server-stdout-drain");
                    drain.setDaemon(true);
                    drain.start();
                    return m.group(1);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe empty
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Kills the process with SIGKILL, as a crash would, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
