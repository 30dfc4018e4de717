package io.logdump.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.codec.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fluent Bit as the end-to-end peer: {@code tail} of the benchmark's input file into the same
 * S3 endpoint with {@code s3} output, timed by {@code bench/fluentbit/run.py} (started with
 * {@code python3}). The script is the one the published peer figures come from, and it reads
 * Fluent Bit's CPU time and peak RSS from {@code wait4}, which a JVM cannot do for a child
 * process. The script checks nothing in the bucket: {@link #count} does, from the folder behind
 * the endpoint.
 */
final class FluentBitPeer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path binary;
    private final Path runner;

    /** One timed run, as {@code run.py} prints it: MB are 10^6 bytes, the time is from start to exit. */
    record Run(double seconds, double mbPerSecond, long lines, double cpuSeconds, double maxRssMB) {}

    /** Lines (newlines) and bytes of the decompressed objects under a bucket's folder. */
    record Count(long lines, long bytes, int objects) {}

    FluentBitPeer(Path binary, Path runner) {
        this.binary = binary;
        this.runner = runner;
    }

    /** Why this peer cannot run, or null when its binary and the timing script are there. */
    String problem() {
        if (!Files.isExecutable(binary)) {
            return "--fluent-bit " + binary + " is not an executable file (build it with bench/fluentbit/build.sh)";
        }
        if (!Files.isRegularFile(runner)) {
            return "--fluent-bit-runner " + runner.toAbsolutePath() + " does not exist (run from the project folder)";
        }
        return null;
    }

    /**
     * Runs Fluent Bit once on {@code input} into {@code bucket} at {@code endpoint}, whose folder
     * {@code bucketDir} is created if missing (S3Proxy's file system store makes a folder a bucket).
     */
    Run run(Path input, String compression, String endpoint, String bucket, Path bucketDir, String accessKey, String secretKey,
            Path log) throws IOException, InterruptedException {
        List<String> command = List.of("python3", runner.toString(), "--bin", binary.toString(), "--input", input.toString(),
                "--compression", compression, "--s3-endpoint", endpoint, "--bucket", bucket, "--bucket-dir", bucketDir.toString(),
                "--access", accessKey, "--secret", secretKey);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int status = p.waitFor();
        if (status != 0) {
            throw new IOException("Fluent Bit's run (" + String.join(" ", command) + ") exited with " + status + "; see " + log);
        }
        return parse(out);
    }

    /** The last line of {@code run.py}'s output, a JSON object. */
    static Run parse(String output) throws IOException {
        String text = output.trim();
        String last = text.substring(text.lastIndexOf('\n') + 1).trim();
        JsonNode j;
        try {
            j = JSON.readTree(last);
        } catch (IOException e) {
            throw new IOException("run.py printed no JSON result: " + output, e);
        }
        for (String field : List.of("seconds", "mb_per_s", "lines", "cpu_s", "max_rss_mb")) {
            if (j == null || !j.hasNonNull(field)) {
                throw new IOException("run.py's result has no " + field + ": " + last);
            }
        }
        return new Run(j.get("seconds").asDouble(), j.get("mb_per_s").asDouble(), j.get("lines").asLong(), j.get("cpu_s").asDouble(),
                j.get("max_rss_mb").asDouble());
    }

    /** Decompresses every object under {@code bucketDir} (by its extension) and counts its lines and bytes. */
    static Count count(Path bucketDir) throws IOException {
        List<Path> objects;
        try (Stream<Path> files = Files.walk(bucketDir)) {
            objects = new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
        }
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        for (Path object : objects) {
            Compression c = Compression.ofFileName(object.getFileName().toString());
            try (InputStream in = c.unwrap(Files.newInputStream(object))) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        lines += buffer[i] == '\n' ? 1 : 0;
                    }
                }
            }
        }
        return new Count(lines, bytes, objects.size());
    }

    /**
     * The check of one run: the objects hold as many lines as the input, and as many bytes (each
     * record is the line and its newline). Returns null when they do, else a sentence saying how
     * they differ.
     */
    static String mismatch(Count stored, long inputLines, long inputBytes) {
        if (stored.lines() != inputLines) {
            return "Fluent Bit's " + stored.objects() + " objects hold " + stored.lines() + " lines, but the input has " + inputLines;
        }
        if (stored.bytes() != inputBytes) {
            return "Fluent Bit's " + stored.objects() + " objects hold " + stored.bytes() + " bytes of lines, but the input has " + inputBytes;
        }
        return null;
    }
}
