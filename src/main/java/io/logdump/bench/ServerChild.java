package io.logdump.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Logdump server started by a benchmark as a separate JVM ({@code java -Xmx... io.logdump.app.Main
 * server}) on a free port, with its CPU time and peak resident memory read from {@code /proc}.
 * {@code LOGDUMP_JAVA_OPTS} (as for {@code ./logdump}) adds JVM options to every server; a caller
 * may add its own to one (a flight recording of that run).
 */
final class ServerChild implements AutoCloseable {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Process process;
    private final String url;

    private ServerChild(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts a server on {@code dataDir} with the YAML {@code config} (null: none) and waits until it listens. */
    static ServerChild start(Path dataDir, Path config, String xmx) throws IOException {
        return start(dataDir, config, xmx, List.of());
    }

    /** As {@link #start(Path, Path, String)}, with more JVM options (after those of {@code LOGDUMP_JAVA_OPTS}). */
    static ServerChild start(Path dataDir, Path config, String xmx, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + xmx));
        String options = System.getenv("LOGDUMP_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.logdump.app.Main", "server", "--port", "0",
                "--data-dir", dataDir.toString()));
        if (config != null) {
            command.add("--config");
            command.add(config.toString());
        }
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LOGDUMP_ADMIN_PASSWORD", BenchAuth.CHILD_PASSWORD);
        BenchAuth.useChild();
        Process p = builder
                .redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf("http://");
            if (line.startsWith("Logdump listening on") && at > 0) {
                Thread drain = new Thread(() -> drain(out), "bench-server-stdout");
                drain.setDaemon(true);
                drain.start();
                return new ServerChild(p, line.substring(at).trim());
            }
        }
        p.destroyForcibly();
        throw new IOException("the benchmark server did not start; see " + dataDir.resolve("server.log"));
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the server's stdout is not needed once it listens
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    String url() {
        return url;
    }

    /** User plus system CPU seconds the server has used so far ({@code /proc/PID/stat}). */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** The largest resident set the server has had, in MiB ({@code VmHWM} of {@code /proc/PID/status}). */
    double peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmHWM in /proc/" + process.pid() + "/status");
    }

    /** Stops the server as an operator would (SIGTERM) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
