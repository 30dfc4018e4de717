package io.logdump.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Programs the integration tests drive as real clients: Node.js scripts of {@code src/test/node}
 * (with the npm packages of its {@code package-lock.json}), util-linux {@code logger} and Debian's
 * {@code rsyslogd}. A missing program fails the test with what to install, never skips it.
 */
public final class Tools {
    public static final Path NODE_DIR = Path.of("src/test/node");

    private Tools() {}

    /** What a program printed. */
    public record Output(int exit, String out, String err) {}

    /**
     * Runs {@code node <script> <args>} in {@code src/test/node} with {@code env}, and asserts it exits 0.
     */
    public static Output node(String script, Map<String, String> env, String... args) throws Exception {
        require("node", "Node.js 20 (the real shipper clients of these tests run on it): apt-get install nodejs npm");
        assertThat(NODE_DIR.resolve("node_modules")).as("the npm packages of the shipper clients are not installed: run `npm ci` in "
                + NODE_DIR + " (.ci/run does)").isDirectory();
        String[] command = new String[args.length + 2];
        command[0] = "node";
        command[1] = script;
        System.arraycopy(args, 0, command, 2, args.length);
        Output out = run(NODE_DIR, env, 120, command);
        assertThat(out.exit()).as("node " + script + " failed:\n" + out.err() + out.out()).isZero();
        return out;
    }

    /** Runs a program (in {@code dir}, at most {@code seconds}), giving its exit status and output. */
    public static Output run(Path dir, Map<String, String> env, long seconds, String... command) throws Exception {
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process process = pb.start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s:\n" + read(err) + read(out));
            }
            return new Output(process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Fails, naming what to install, unless {@code program} is on the PATH. */
    public static void require(String program, String what) {
        boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
        assertThat(found).as(program + " is not on the PATH; this test needs " + what).isTrue();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
