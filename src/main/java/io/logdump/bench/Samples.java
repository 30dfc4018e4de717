package io.logdump.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The sample log lines a benchmark replays, and bodies built from them with shifted times. */
final class Samples {
    static final Path DEFAULT_DIR = Path.of("src", "test", "resources", "loghub");

    private final List<String> lines;

    private Samples(List<String> lines) {
        this.lines = lines;
    }

    /** Every line of every {@code *.log} file in {@code dir}. */
    static Samples load(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (String line : new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\r\n|\r|\n")) {
                    if (!line.isEmpty()) {
                        lines.add(line);
                    }
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("no *.log sample files in " + dir.toAbsolutePath());
        }
        return new Samples(lines);
    }

    int size() {
        return lines.size();
    }

    String line(long n) {
        return lines.get((int) (n % lines.size()));
    }

    /**
     * A body of about {@code bytes} bytes starting at sample line {@code first}: plain lines, or
     * NDJSON objects {@code {"time": ISO, "seq": n, "message": line}} whose times advance a
     * millisecond a line from {@code start} (the replay with shifted times).
     */
    byte[] body(long first, int bytes, boolean ndjson, Instant start) {
        StringBuilder out = new StringBuilder(bytes + 1024);
        for (long n = first; out.length() < bytes; n++) {
            if (ndjson) {
                out.append("{\"time\":\"").append(start.plusMillis(n)).append("\",\"seq\":").append(n)
                        .append(",\"message\":\"").append(escape(line(n))).append("\"}\n");
            } else {
                out.append(line(n)).append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
