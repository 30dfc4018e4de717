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
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder of sample logs at " + dir.toAbsolutePath()
                    + " (run from the project folder, or give --samples DIR)");
        }
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

    /**
     * {@code count} nginx access lines in the combined format plus {@code $request_time},
     * {@code $upstream_response_time} and {@code $request_id} (about 330 bytes a line), drawn from
     * a seeded generator: the same lines on every machine.
     */
    static Samples nginx(int count, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String[] methods = {"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD"};
        String[] paths = {"/api/v1/items/", "/api/v1/users/", "/static/js/app.", "/images/products/", "/checkout/cart/", "/search?q=",
            "/api/v2/orders/", "/healthz", "/login", "/assets/css/main."};
        int[] statuses = {200, 200, 200, 200, 200, 200, 200, 301, 304, 400, 403, 404, 404, 499, 500, 502, 503};
        String[] agents = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "curl/8.5.0", "Go-http-client/1.1", "python-requests/2.31.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"};
        String[] referers = {"-", "https://www.example.com/", "https://www.example.com/search?q=shoes&page=2", "https://news.example.org/article/8812",
            "https://www.google.com/"};
        String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        List<String> lines = new ArrayList<>(count);
        long second = 1_500_163_200L;
        for (int i = 0; i < count; i++) {
            second += random.nextInt(3) == 0 ? 1 : 0;
            java.time.ZonedDateTime t = Instant.ofEpochSecond(second).atZone(java.time.ZoneOffset.UTC);
            String path = paths[random.nextInt(paths.length)];
            String target = path.endsWith(".") ? path + Long.toHexString(random.nextLong() >>> 32) + (path.contains("css") ? ".css" : ".js")
                    : path.endsWith("/") ? path + random.nextInt(100_000) + (random.nextBoolean() ? "?page=" + random.nextInt(20) : "")
                    : path.endsWith("=") ? path + Long.toString(random.nextLong() >>> 40, 36) : path;
            int status = statuses[random.nextInt(statuses.length)];
            double requestTime = random.nextInt(2000) / 1000.0;
            lines.add(String.format(java.util.Locale.ROOT, "%d.%d.%d.%d - %s [%02d/%s/%d:%02d:%02d:%02d +0000] \"%s %s HTTP/1.1\" %d %d \"%s\" \"%s\" rt=%.3f urt=\"%.3f\" rid=%016x%016x",
                    random.nextInt(223) + 1, random.nextInt(256), random.nextInt(256), random.nextInt(254) + 1,
                    random.nextInt(10) == 0 ? "user" + random.nextInt(500) : "-",
                    t.getDayOfMonth(), months[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(), t.getSecond(),
                    methods[random.nextInt(methods.length)], target, status, status == 304 ? 0 : 200 + random.nextInt(60_000),
                    referers[random.nextInt(referers.length)], agents[random.nextInt(agents.length)], requestTime,
                    Math.max(0, requestTime - 0.001), random.nextLong(), random.nextLong()));
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
