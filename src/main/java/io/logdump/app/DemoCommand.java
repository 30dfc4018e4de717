package io.logdump.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logdump demo}: the embedded server with a demo log set, subject, collection configuration,
 * bucket and dump task (no start delay, a 10-second interval), fed with the bundled sample logs;
 * prints each file as it lands in the bucket until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the server with a demo dump task fed with sample logs, and watch the files land (Ctrl-C stops).")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> SAMPLES = List.of("Apache_2k.log", "HDFS_2k.log", "Linux_2k.log");

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", defaultValue = "data", description = "Data folder. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--interval", defaultValue = "10", description = "The demo task's dump interval in seconds. Default: ${DEFAULT-VALUE}.")
    int interval;

    @Override
    public Integer call() throws Exception {
        Config defaults = new ConfigLoader().load(null, port, dataDir);
        Config config = new Config(defaults.host(), defaults.port(), defaults.dataDir(), defaults.regions(),
                new io.logdump.catalog.DumpLimits(1, 3600, 1, 256, 3600), defaults.ingest(), defaults.store(), defaults.dump(), null, null, null);
        LogdumpServer server;
        try {
            server = LogdumpServer.start(config, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
        } catch (RuntimeException e) {
            System.err.println("logdump demo: cannot start: " + ServerCommand.rootMessage(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "logdump-shutdown"));
        String base = server.url() + "/api/v1";
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        System.out.println("Logdump demo on " + server.url() + " (data in " + config.dataDir().toAbsolutePath() + ")");
        send(http, "POST", base + "/buckets", "{\"name\":\"demo-archive\",\"region\":\"local\"}");
        send(http, "POST", base + "/logsets", "{\"name\":\"demo\",\"region\":\"local\",\"description\":\"logdump demo\"}");
        send(http, "POST", base + "/logsets/demo/subjects", "{\"name\":\"system-logs\"}");
        send(http, "PUT", base + "/logsets/demo/subjects/system-logs/collection", "{\"parser\":{\"type\":\"raw\"}}");
        JsonNode existing = json.readTree(send(http, "GET", base + "/dump-tasks?logset=demo&subject=system-logs", null));
        String taskId = existing.isEmpty() ? json.readTree(send(http, "POST", base + "/dump-tasks",
                "{\"name\":\"demo-archive\",\"logset\":\"demo\",\"subject\":\"system-logs\",\"bucket\":\"demo-archive\","
                        + "\"partitionFormat\":\"dt=%Y-%m-%d/hour=%H/\",\"compression\":\"gzip\",\"intervalSeconds\":" + interval
                        + ",\"startDelaySeconds\":0,\"startFrom\":\"now\"}")).get("id").asText()
                : existing.get(0).get("id").asText();
        if (!existing.isEmpty() && existing.get(0).get("status").asText().equals("STOPPED")) {
            send(http, "POST", base + "/dump-tasks/" + taskId + "/start", "");
        }
        System.out.println("dump task " + taskId + ": raw lines → gzip JSON files every " + interval + " s into bucket demo-archive");
        System.out.println("  " + config.dataDir().resolve("buckets/demo-archive").toAbsolutePath());
        System.out.println("Open " + server.url() + "/ for the console (Dump History shows each file), or try: curl -s " + base
                + "/dump-tasks/" + taskId + "   |   Ctrl-C stops the demo.");
        Set<String> shown = new HashSet<>();
        int round = 0;
        while (true) {
            String sample = SAMPLES.get(round++ % SAMPLES.size());
            JsonNode answer = json.readTree(send(http, "POST", base + "/logsets/demo/subjects/system-logs/logs", sample(sample)));
            JsonNode task = json.readTree(send(http, "GET", base + "/dump-tasks/" + taskId, null)).get("counters");
            System.out.printf("%s fed %d lines of %s | task: %d files, %d records dumped, lag %d records, next dump %s%n",
                    Instant.now().toString().substring(11, 19), answer.get("accepted").asLong(), sample,
                    task.get("files").asLong(), task.get("records").asLong(), task.get("lagRecords").asLong(),
                    task.get("nextDumpTime").isNull() ? "-" : task.get("nextDumpTime").asText().substring(11, 19));
            JsonNode files = json.readTree(send(http, "GET", base + "/dump-tasks/" + taskId + "/files?limit=20", null)).get("items");
            for (JsonNode f : files) {
                if (shown.add(f.get("id").asText())) {
                    System.out.printf("  landed: %s (%s, %d records, %d bytes)%n", f.get("objectKey").asText(),
                            f.get("status").asText(), f.get("records").asLong(), f.get("storedBytes").asLong());
                }
            }
            Thread.sleep(3000);
        }
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IOException("the demo sample " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static String send(HttpClient http, String method, String url, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] b ? HttpRequest.BodyPublishers.ofByteArray(b)
                : HttpRequest.BodyPublishers.ofString((String) body);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).method(method, publisher)
                .header("Content-Type", body instanceof byte[] ? "text/plain" : "application/json").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() >= 400 && r.statusCode() != 409) {
            throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
