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
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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
                new io.logdump.catalog.DumpLimits(1, 3600, 1, 256, 3600), defaults.ingest(), defaults.store(), defaults.dump(), null, null, null,
                defaults.allowedHosts());
        LogdumpServer server;
        try {
            server = LogdumpServer.start(config, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
        } catch (RuntimeException e) {
            System.err.println("logdump demo: cannot start: " + ServerCommand.rootMessage(e));
            return 1;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        Path buckets = config.regions().get(0).root();
        Path offline = buckets.resolve(OFFLINE_BUCKET);
        Path away = buckets.resolve("." + OFFLINE_BUCKET + "-offline");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            server.close();
            bringBack(away, offline);
            System.out.println();
            System.out.println("Demo stopped. Its data stays in " + config.dataDir().toAbsolutePath()
                    + "; ./logdump server serves it again. Goodbye.");
            System.out.flush();
            Runtime.getRuntime().halt(0); // Ctrl-C is how a demo ends: exit 0, not the JVM's 130
        }, "logdump-demo-stop"));
        try {
            run(server, config, offline, away);
        } catch (IOException | RuntimeException e) {
            if (!stopping.get()) {
                throw e;
            }
        }
        Thread.sleep(Long.MAX_VALUE); // stopping: the shutdown hook ends the process
        return 0;
    }

    private static final String OFFLINE_BUCKET = "demo-offline";
    /** The demo's own token, made by the server it runs (an operator of account default, for a day). */
    private String token;

    private void run(LogdumpServer server, Config config, Path offline, Path away) throws IOException, InterruptedException {
        String base = server.url() + "/api/v1";
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        token = server.programToken("logdump demo", Duration.ofDays(1));
        System.out.println("Logdump demo on " + server.url() + " (data in " + config.dataDir().toAbsolutePath() + ")");
        bringBack(away, offline); // in case a previous demo was killed while the bucket was offline
        send(http, "POST", base + "/buckets", "{\"name\":\"demo-archive\",\"region\":\"local\"}");
        send(http, "POST", base + "/buckets", "{\"name\":\"" + OFFLINE_BUCKET + "\",\"region\":\"local\"}");
        send(http, "POST", base + "/logsets", "{\"name\":\"demo\",\"region\":\"local\",\"description\":\"logdump demo\"}");
        send(http, "POST", base + "/logsets/demo/subjects", "{\"name\":\"system-logs\"}");
        send(http, "PUT", base + "/logsets/demo/subjects/system-logs/collection", "{\"parser\":{\"type\":\"raw\"}}");
        String taskId = task(http, json, base, "demo-archive", "demo-archive",
                "\"partitionFormat\":\"dt=%Y-%m-%d/hour=%H/\",\"compression\":\"gzip\"");
        String offlineTaskId = task(http, json, base, "demo-offline", OFFLINE_BUCKET, "\"prefix\":\"offline/\"");
        // the second task's bucket is offline until its first file has failed; then it is back, and that file can be retried
        Files.move(offline, away, StandardCopyOption.ATOMIC_MOVE);
        boolean isOffline = true;
        System.out.println("dump task " + taskId + ": raw lines → gzip JSON files every " + interval + " s into bucket demo-archive");
        System.out.println("  " + config.dataDir().resolve("buckets/demo-archive").toAbsolutePath());
        System.out.println("dump task " + offlineTaskId + ": the same lines into bucket " + OFFLINE_BUCKET
                + ", which is offline until the first file has FAILED; then you can retry that file");
        Path password = config.dataDir().resolve(InitialAdminPassword.FILE);
        boolean firstPassword = Files.exists(password);
        String curl = "curl -s -u " + (firstPassword ? "\"admin:$(cat " + password + ")\"" : "admin");
        System.out.println("Open " + server.url() + "/ for the console and sign in as admin with "
                + (firstPassword ? "the password in " + password : "your password") + " (Dump History shows each file)");
        System.out.println("or try: " + curl + " " + base + "/dump-tasks/" + taskId + "   |   Ctrl-C stops the demo.");
        Set<String> shown = new HashSet<>();
        for (String id : List.of(taskId, offlineTaskId)) { // a second run shows only the files it makes
            json.readTree(send(http, "GET", base + "/dump-tasks/" + id + "/files?limit=100", null)).get("items")
                    .forEach(f -> shown.add(f.get("id").asText() + f.get("status").asText()));
        }
        int round = 0;
        while (true) {
            String sample = SAMPLES.get(round++ % SAMPLES.size());
            JsonNode answer = json.readTree(send(http, "POST", base + "/logsets/demo/subjects/system-logs/logs", sample(sample)));
            JsonNode task = json.readTree(send(http, "GET", base + "/dump-tasks/" + taskId, null)).get("counters");
            System.out.printf("%s fed %d lines of %s | task: %d files, %d records dumped, lag %d records, next dump %s%n",
                    Instant.now().toString().substring(11, 19), answer.get("accepted").asLong(), sample,
                    task.get("files").asLong(), task.get("records").asLong(), task.get("lagRecords").asLong(),
                    task.get("nextDumpTime").isNull() ? "-" : task.get("nextDumpTime").asText().substring(11, 19));
            for (String id : List.of(taskId, offlineTaskId)) {
                for (JsonNode f : json.readTree(send(http, "GET", base + "/dump-tasks/" + id + "/files?limit=20", null)).get("items")) {
                    String status = f.get("status").asText();
                    boolean fresh = shown.add(f.get("id").asText() + status);
                    if (fresh) {
                        System.out.printf("  %s: %s (file %s, %d records, %d bytes)%n", status.equals("SUCCEEDED") ? "landed" : status,
                                f.get("objectKey").asText(), f.get("id").asText(), f.get("records").asLong(), f.get("storedBytes").asLong());
                    }
                    if (isOffline && fresh && status.equals("FAILED")) {
                        bringBack(away, offline);
                        isOffline = false;
                        System.out.println("  bucket " + OFFLINE_BUCKET + " is back online; retry the FAILED file within the hour in the console "
                                + "(" + server.url() + "/, Dump History → Retry) or with: " + curl + " -X POST " + base + "/dump-tasks/"
                                + offlineTaskId + "/files/" + f.get("id").asText() + "/retry");
                    }
                }
            }
            Thread.sleep(3000);
        }
    }

    /** The demo task into {@code bucket} (created once, started again if a previous demo left it stopped); its id. */
    private String task(HttpClient http, ObjectMapper json, String base, String name, String bucket, String settings)
            throws IOException, InterruptedException {
        JsonNode existing = json.readTree(send(http, "GET", base + "/dump-tasks?logset=demo&subject=system-logs", null));
        for (JsonNode t : existing) {
            if (t.get("name").asText().equals(name)) {
                if (t.get("status").asText().equals("STOPPED")) {
                    send(http, "POST", base + "/dump-tasks/" + t.get("id").asText() + "/start", null);
                }
                return t.get("id").asText();
            }
        }
        return json.readTree(send(http, "POST", base + "/dump-tasks", "{\"name\":\"" + name + "\",\"logset\":\"demo\","
                + "\"subject\":\"system-logs\",\"bucket\":\"" + bucket + "\"," + settings + ",\"intervalSeconds\":" + interval
                + ",\"startDelaySeconds\":0,\"startFrom\":\"now\"}")).get("id").asText();
    }

    private static void bringBack(Path away, Path bucket) {
        try {
            if (Files.isDirectory(away)) {
                Files.move(away, bucket, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            System.err.println("logdump demo: cannot bring bucket " + bucket.getFileName() + " back online: " + e.getMessage());
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

    private String send(HttpClient http, String method, String url, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] b ? HttpRequest.BodyPublishers.ofByteArray(b)
                : HttpRequest.BodyPublishers.ofString((String) body);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).method(method, publisher)
                .header("Content-Type", body instanceof byte[] ? "text/plain" : "application/json")
                .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() >= 400 && r.statusCode() != 409) {
            throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
