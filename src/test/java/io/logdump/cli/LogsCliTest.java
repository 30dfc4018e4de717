package io.logdump.cli;

import static io.logdump.cli.Cli.run;
import static io.logdump.cli.Cli.withStdin;
import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.app.Main;
import io.logdump.cli.Cli.Run;
import io.logdump.testutil.Api;
import io.logdump.testutil.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logdump logs send|read|tail} against a real server that refuses any request body over
 * 1 MiB ({@code ingest.maxBodyMB: 1}), so a send that succeeds with {@code --chunk-mb 1} proves
 * that every request stayed within it. What was sent is read back through the API. The commands are
 * signed in with {@code logdump login} as the server's admin.
 */
class LogsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "ingest: {maxBodyMB: 1}\n");
        api = server.api;
        Cli.login(server, dir.resolve("cli-config"));
    }

    @AfterAll
    static void stop() {
        Cli.forgetConfigFolder();
        server.close();
    }

    @Test
    void aLargeFileGoesInChunksOfWholeLinesAndEveryLineIsStoredOnce() throws Exception {
        subject("big", "raw");
        List<String> lines = lines(3 << 20, 1);
        Path file = Files.writeString(dir.resolve("big.log"), String.join("\n", lines) + "\n");

        Run r = logdump("logs", "send", "big", "raw", file.toString(), "--chunk-mb", "1", "--progress");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.value("accepted")).isEqualTo(Integer.toString(lines.size()));
        assertThat(r.value("rejected")).isEqualTo("0");
        assertThat(r.value("lines")).isEqualTo(Integer.toString(lines.size()));
        assertThat(r.value("bytes")).isEqualTo(Long.toString(Files.size(file)));
        int requests = Integer.parseInt(r.value("requests"));
        assertThat(requests).as("3 MiB in chunks of at most 1 MiB, cut at line ends").isEqualTo(4);
        List<String> progress = r.ownErr().lines().toList();
        assertThat(progress).as("a progress line a request").hasSize(requests);
        assertThat(progress.get(requests - 1)).isEqualTo("sent 3.0 MiB, " + lines.size() + " lines in 4 requests: "
                + lines.size() + " accepted, 0 rejected");
        assertThat(stored("big", "raw")).as("every line once, none split, in order").isEqualTo(lines);
    }

    @Test
    void aLineLongerThanTheChunkIsNotSentAndCountsAsRejected() throws Exception {
        subject("long", "raw");
        Path file = Files.writeString(dir.resolve("long.log"), "first\n" + "x".repeat(3 << 19) + "\nlast\n");

        Run r = logdump("logs", "send", "long", "raw", file.toString(), "--chunk-mb", "1");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.value("accepted")).isEqualTo("2");
        assertThat(r.value("rejected")).isEqualTo("1");
        assertThat(r.value("lines")).isEqualTo("3");
        assertThat(r.lines()).contains("rejected line 2: the line is 1572864 bytes, more than the chunk limit of 1048576 bytes "
                + "(--chunk-mb), so it was not sent");
        assertThat(stored("long", "raw")).containsExactly("first", "last");
    }

    @Test
    void theDefaultChunkOverTheServersLimitIsARefusalOnOneLineAndExitStatusOne() throws Exception {
        subject("refused", "raw");
        Path file = Files.writeString(dir.resolve("refused.log"), String.join("\n", lines(3 << 20, 2)) + "\n");

        Run r = logdump("logs", "send", "refused", "raw", file.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.ownErr().lines()).as("one line: " + r).hasSize(1).first().asString().satisfiesAnyOf(
                l -> assertThat(l).startsWith("logdump: the body is larger than the limit of 1048576 bytes"),
                l -> assertThat(l).startsWith("logdump: the server at " + server.server.url() + " closed the connection while a body of "));
        assertThat(stored("refused", "raw")).isEmpty();
    }

    @Test
    void aSubjectThatCannotTakeLogsIsARefusalOnOneLine() {
        assertThat(logdump("logsets", "create", "bare", "--region", "local").status()).isZero();
        assertThat(logdump("subjects", "create", "bare", "unparsed").status()).isZero();

        Run r = withStdin("one\n", () -> logdump("logs", "send", "bare", "unparsed"));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.ownErr()).isEqualTo("logdump: log subject 'unparsed' has no collection configuration, so its lines cannot "
                + "be parsed; PUT one first\n");
        Run missing = logdump("logs", "send", "bare", "unparsed", dir.resolve("absent.log").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.ownErr()).isEqualTo("logdump: cannot read " + dir.resolve("absent.log") + ": no such file\n");
        assertThat(logdump("logs", "send", "bare", "unparsed", "--chunk-mb", "0").status()).isEqualTo(2);
        assertThat(logdump("logs", "send", "bare", "unparsed", "--type", "xml").status()).isEqualTo(2);
    }

    @Test
    void rejectedLinesAreNumberedInTheWholeInputAcrossChunks() throws Exception {
        assertThat(logdump("logsets", "create", "strict", "--region", "local").status()).isZero();
        assertThat(logdump("subjects", "create", "strict", "kv").status()).isZero();
        assertThat(logdump("collection", "set", "strict", "kv", "--regex", "(?<key>\\w+)=(?<value>.*)", "--on-parse-error", "reject")
                .status()).isZero();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30_000; i++) {
            lines.add(i == 3 || i == 25_000 ? "broken line " + i : "k" + i + "=" + "v".repeat(40));
        }
        Path file = Files.writeString(dir.resolve("kv.log"), String.join("\r\n", lines));

        Run text = logdump("logs", "send", "strict", "kv", file.toString(), "--chunk-mb", "1");
        Run json = logdump("--json", "logs", "send", "strict", "kv", file.toString(), "--chunk-mb", "1");

        assertThat(text.status()).as(text.toString()).isZero();
        assertThat(text.value("requests")).isEqualTo("2");
        assertThat(text.value("accepted")).isEqualTo("29998");
        assertThat(text.value("rejected")).isEqualTo("2");
        assertThat(text.lines()).contains("rejected line 3: does not match the pattern", "rejected line 25000: does not match the pattern");
        JsonNode summary = JSON.readTree(json.out());
        assertThat(summary.get("errors")).isEqualTo(JSON.readTree(j("[{'line':3,'reason':'does not match the pattern'},"
                + "{'line':25000,'reason':'does not match the pattern'}]")));
        assertThat(summary.get("accepted").asLong()).isEqualTo(29998);
        assertThat(summary.get("lines").asLong()).isEqualTo(30000);
        assertThat(summary.get("requests").asLong()).isEqualTo(2);
    }

    @Test
    void standardInputGzipNdjsonAndTheSourceName() throws Exception {
        assertThat(logdump("logsets", "create", "shop", "--region", "local").status()).isZero();
        assertThat(logdump("subjects", "create", "shop", "app").status()).isZero();
        assertThat(logdump("collection", "set", "shop", "app", "--parser", "json", "--time-field", "ts", "--time-format", "iso8601")
                .status()).isZero();
        String ndjson = "{\"ts\":\"2026-11-26T08:00:00Z\",\"msg\":\"up\"}\n{\"ts\":\"2026-11-26T08:00:01Z\",\"msg\":\"ok\"}\n";

        Run stdin = withStdin(ndjson, () -> logdump("logs", "send", "shop", "app", "--type", "ndjson", "--gzip", "--source", "cli-test"));
        Run gzipped = withStdin(gzip(ndjson.replace("up", "again")), () -> logdump("logs", "send", "shop", "app", "-", "--type", "ndjson"));
        Path array = Files.writeString(dir.resolve("array.json"), "[{\"ts\":\"2026-11-26T08:00:02Z\",\"msg\":\"arr\"}, \"plain\", 7]");
        Run json = logdump("logs", "send", "shop", "app", array.toString(), "--type", "json");

        assertThat(stdin.status()).as(stdin.toString()).isZero();
        assertThat(stdin.value("accepted")).isEqualTo("2");
        assertThat(gzipped.value("accepted")).as("a gzip input is read decompressed").isEqualTo("2");
        assertThat(json.value("accepted")).isEqualTo("2");
        assertThat(json.value("rejected")).isEqualTo("1");
        assertThat(json.lines()).contains("rejected line 3: element 3 is number, not an object or a string");
        JsonNode items = api.get("/api/v1/logsets/shop/subjects/app/logs").json().get("items");
        assertThat(items).hasSize(6);
        assertThat(items.get(0).get("source").asText()).isEqualTo("cli-test");
        assertThat(items.get(0).get("fields").get("msg").asText()).isEqualTo("up");
        assertThat(items.get(0).get("time").asText()).isEqualTo("2026-11-26T08:00:00Z");
        assertThat(items.get(2).get("raw").asText()).isEqualTo("{\"ts\":\"2026-11-26T08:00:00Z\",\"msg\":\"again\"}");
        assertThat(items.get(5).get("raw").asText()).isEqualTo("plain");
    }

    @Test
    void aJsonArrayLargerThanTheChunkIsRefusedBeforeAnythingIsSent() throws Exception {
        subject("arrays", "raw");
        Path array = Files.writeString(dir.resolve("large.json"), JSON.writeValueAsString(lines(3 << 19, 3)));

        Run r = logdump("logs", "send", "arrays", "raw", array.toString(), "--type", "json", "--chunk-mb", "1");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.ownErr()).isEqualTo("logdump: " + array + " is larger than the chunk limit of 1 MiB (--chunk-mb), and a JSON "
                + "array cannot be split: send it as NDJSON (one object a line, --type ndjson), or give a larger --chunk-mb "
                + "(up to the server's ingest.maxBodyMB)\n");
        assertThat(stored("arrays", "raw")).isEmpty();
    }

    @Test
    void readPrintsTimeAndLineOnePageOrEveryPage() throws Exception {
        assertThat(logdump("logsets", "create", "read", "--region", "local").status()).isZero();
        assertThat(logdump("subjects", "create", "read", "app").status()).isZero();
        assertThat(logdump("collection", "set", "read", "app", "--parser", "json", "--time-field", "ts", "--time-format", "iso8601")
                .status()).isZero();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            ndjson.append("{\"ts\":\"2026-11-26T08:00:0").append(i).append("Z\",\"n\":").append(i).append("}\n");
        }
        assertThat(withStdin(ndjson.toString(), () -> logdump("logs", "send", "read", "app", "--type", "ndjson")).status()).isZero();

        Run page = logdump("logs", "read", "read", "app", "--limit", "2");
        assertThat(page.lines()).containsExactly("2026-11-26T08:00:00Z  {\"ts\":\"2026-11-26T08:00:00Z\",\"n\":0}",
                "2026-11-26T08:00:01Z  {\"ts\":\"2026-11-26T08:00:01Z\",\"n\":1}");
        assertThat(page.ownErr()).isEqualTo("more records: --all reads every page, --cursor 2 the next one\n");
        assertThat(logdump("logs", "read", "read", "app", "--limit", "2", "--cursor", "2").lines().get(0)).startsWith("2026-11-26T08:00:02Z ");
        Run all = logdump("logs", "read", "read", "app", "--limit", "2", "--all");
        assertThat(all.lines()).hasSize(5);
        assertThat(all.ownErr()).isEmpty();
        Run window = logdump("logs", "read", "read", "app", "--from", "2026-11-26T08:00:01Z", "--to", "2026-11-26T08:00:03Z");
        assertThat(window.lines()).extracting(l -> l.substring(0, 20)).containsExactly("2026-11-26T08:00:01Z", "2026-11-26T08:00:02Z");

        Run json = run("--json", "logs", "read", "read", "app", "--limit", "2", "--server", server.server.url());
        assertThat(JSON.readTree(json.out())).isEqualTo(api.get("/api/v1/logsets/read/subjects/app/logs?limit=2").json());
        Run pages = logdump("logs", "read", "read", "app", "--limit", "2", "--all", "--json");
        List<JsonNode> documents = new ArrayList<>();
        JSON.readerFor(JsonNode.class).readValues(pages.out()).forEachRemaining(d -> documents.add((JsonNode) d));
        assertThat(documents).extracting(d -> d.get("items").size()).containsExactly(2, 2, 1);
        Run bad = logdump("logs", "read", "read", "app", "--from", "yesterday");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.ownErr().lines()).hasSize(1);
    }

    @Test
    void tailPrintsTheLastRecordsThenEachNewRecordOnce() throws Exception {
        subject("tail", "raw");
        post("tail", "one\ntwo\nthree\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> tail = executor.submit(() -> Cli.capturing(out, err, () -> Main.run("logs", "tail", "tail", "raw",
                    "--lines", "2", "--interval", "0.05", "--max-records", "5", "--server", server.server.url())));
            await("the last two records", () -> out.toString(StandardCharsets.UTF_8).lines().count() == 2);
            post("tail", "four\n");
            await("the fourth record", () -> out.toString(StandardCharsets.UTF_8).lines().count() == 3);
            post("tail", "five\nsix\n");

            assertThat(tail.get(30, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            executor.shutdownNow();
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> l.split("  ", 2)[1]))
                .as("the last two, then each new record once, up to --max-records").containsExactly("two", "three", "four", "five", "six");

        Run json = logdump("logs", "tail", "tail", "raw", "-n", "2", "--max-records", "2", "--json");
        assertThat(json.lines()).as("one JSON object a line").hasSize(2);
        assertThat(JSON.readTree(json.lines().get(1)).get("raw").asText()).isEqualTo("six");
        assertThat(JSON.readTree(json.lines().get(1)).get("offset").asLong()).isEqualTo(5);
    }

    @Test
    void tailOfAnEmptySubjectPrintsItsFirstRecords() throws Exception {
        subject("empty", "raw");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> tail = executor.submit(() -> Cli.capturing(out, new ByteArrayOutputStream(), () -> Main.run("logs", "tail",
                    "empty", "raw", "--interval", "0.05", "--max-records", "2", "--server", server.server.url())));
            post("empty", "first\nsecond\nthird\n");
            assertThat(tail.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            executor.shutdownNow();
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> l.split("  ", 2)[1])).containsExactly("first", "second");
    }

    // --- helpers

    private static Run logdump(String... args) {
        return run(Stream.concat(Arrays.stream(args), Stream.of("--server", server.server.url())).toArray(String[]::new));
    }

    /** A log set with one subject whose lines are stored as they come. */
    private static void subject(String logset, String subject) {
        assertThat(logdump("logsets", "create", logset, "--region", "local").status()).isZero();
        assertThat(logdump("subjects", "create", logset, subject).status()).isZero();
        assertThat(logdump("collection", "set", logset, subject, "--parser", "raw").status()).isZero();
    }

    private static void post(String logset, String lines) {
        assertThat(api.postBytes("/api/v1/logsets/" + logset + "/subjects/raw/logs", lines.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain").status()).isEqualTo(200);
    }

    /** Distinct lines of 20 to 200 characters, about {@code bytes} in all. */
    private static List<String> lines(int bytes, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        int total = 0;
        while (total < bytes) {
            String line = String.format("record %07d %s", lines.size(), "x".repeat(random.nextInt(180)));
            lines.add(line);
            total += line.length() + 1;
        }
        return lines;
    }

    /** Every raw line the subject holds, in order, read through the API. */
    private static List<String> stored(String logset, String subject) {
        List<String> raws = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/logsets/" + logset + "/subjects/" + subject + "/logs?limit=10000"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(item -> raws.add(item.get("raw").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return raws;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
