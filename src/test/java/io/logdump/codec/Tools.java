package io.logdump.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the independent command-line readers of the compressed files. */
final class Tools {
    private static final long TIMEOUT_S = 120;

    private Tools() {}

    /** The commands that test a file, each given the file as its last argument. */
    static List<List<String>> integrityChecks(Compression c) {
        return switch (c) {
            case NONE, SNAPPY -> List.of();
            case GZIP -> List.of(List.of("gzip", "-t"), List.of("pigz", "-t"));
            case ZSTD -> List.of(List.of("zstd", "-q", "-t"));
            case LZ4 -> List.of(List.of("lz4", "-q", "-t"));
        };
    }

    /** The independent readers of a compression; each decodes {@code file} into {@code decoded}. */
    static List<Decoder> decoders(Compression c) {
        return switch (c) {
            case NONE -> List.of((file, decoded) -> Files.copy(file, decoded));
            case GZIP -> List.of(toStdout("gzip", "-dc"), toStdout("pigz", "-dc"));
            case ZSTD -> List.of(toStdout("zstd", "-q", "-dc"));
            case LZ4 -> List.of(toStdout("lz4", "-q", "-dc"));
            // Debian's python3-snappy (its framing reader and libsnappy), through a script that
            // repairs its broken CRC-32C on Python 3.11; see the script's comment.
            case SNAPPY -> List.of((file, decoded) -> run(null, "/usr/bin/python3", pythonSnappy(), "-d", "-t",
                    "framing", file.toString(), decoded.toString()));
        };
    }

    private static String pythonSnappy() throws Exception {
        return Path.of(Tools.class.getResource("/codec/python_snappy.py").toURI()).toString();
    }

    @FunctionalInterface
    interface Decoder {
        void decode(Path file, Path decoded) throws Exception;
    }

    private static Decoder toStdout(String... command) {
        return (file, decoded) -> {
            List<String> cmd = new ArrayList<>(List.of(command));
            cmd.add(file.toString());
            run(decoded, cmd.toArray(String[]::new));
        };
    }

    /** Runs a command to success, its stdout going to {@code stdout} (discarded when null). */
    static void run(Path stdout, String... command) throws IOException, InterruptedException {
        ProcessBuilder.Redirect to = stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile());
        Path stderr = Files.createTempFile("codec-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null")).redirectOutput(to)
                    .redirectError(stderr.toFile()).start();
            awaitSuccess(p, stderr, command);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Runs a command to success and counts the bytes it writes to stdout. */
    static long countStdout(String... command) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("codec-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                    .redirectError(stderr.toFile()).start();
            long n = 0;
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) >= 0; ) {
                    n += r;
                }
            }
            awaitSuccess(p, stderr, command);
            return n;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static void awaitSuccess(Process p, Path stderr, String... command) throws IOException, InterruptedException {
        boolean exited = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited ? p.exitValue() : -1)
                .as("exit code of %s (stderr: %s)", String.join(" ", command), Files.readString(stderr).strip())
                .isZero();
    }
}
