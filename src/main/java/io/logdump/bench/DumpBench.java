package io.logdump.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.core.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logdump bench dump}: how fast one dump task ships a backlog into a bucket, per format and
 * compression, on a local bucket and on an S3 endpoint; and, with {@code --end-to-end}, how fast
 * logs go from HTTP ingest into the bucket while both run at once.
 *
 * <p>Every run starts a fresh server process ({@code -Xmx256m} by default) on the same data folder,
 * so its CPU seconds and peak RSS belong to that run alone. A run's time is taken from the dump
 * history: from the opening of the first file to the upload of the last one. The same JSON lines
 * are then compressed by {@code gzip -6}, {@code pigz -6 -p 2} and {@code zstd -1 -T2} for the
 * ratios. With {@code --fluent-bit}, each end-to-end run into S3 is followed by one of Fluent Bit
 * on the same lines into the same endpoint ({@link FluentBitPeer}), for the ratio to the tool users
 * would pick instead; with {@code --jfr}, each server is profiled ({@link JfrSummary}).
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Measure dump tasks: a backlog per format x compression, or ingest and dump at once (--end-to-end).")
final class DumpBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGSET = "bench";

    @Option(names = "--mb", defaultValue = "1024", description = "MiB of log lines in the backlog (or ingested, end to end). Default: ${DEFAULT-VALUE}.")
    int mb;
    @Option(names = "--runs", defaultValue = "3", description = "Runs per case (the median is reported). Default: ${DEFAULT-VALUE}.")
    int runs;
    @Option(names = "--formats", split = ",", defaultValue = "json,csv,raw,parquet", description = "Formats. Default: ${DEFAULT-VALUE}.")
    List<String> formats;
    @Option(names = "--compressions", split = ",", defaultValue = "none,gzip,zstd,snappy,lz4", description = "Compressions. Default: ${DEFAULT-VALUE}.")
    List<String> compressions;
    @Option(names = "--lines", defaultValue = "loghub", description = "loghub (the bundled Loghub samples) or nginx (generated access lines). Default: ${DEFAULT-VALUE}.")
    String lines;
    @Option(names = "--samples", description = "Folder of the Loghub *.log files. Default: src/test/resources/loghub.")
    Path samples = Samples.DEFAULT_DIR;
    @Option(names = "--s3-endpoint", description = "Also dump into this S3 endpoint (path-style), e.g. S3Proxy started by bench/s3proxy.")
    String s3Endpoint;
    @Option(names = "--s3-access-key", defaultValue = "bench-access", description = "Default: ${DEFAULT-VALUE}.")
    String s3AccessKey;
    @Option(names = "--s3-secret-key", defaultValue = "bench-secret", description = "Default: ${DEFAULT-VALUE}.")
    String s3SecretKey;
    @Option(names = "--s3-dir", description = "The folder behind the S3 endpoint; each run's objects are deleted from it afterwards.")
    Path s3Dir;
    @Option(names = "--local", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Dump into a local bucket too. Default: ${DEFAULT-VALUE}.")
    boolean local;
    @Option(names = "--end-to-end", description = "Ingest over HTTP while the task dumps, instead of dumping a backlog.")
    boolean endToEnd;
    @Option(names = "--file-mb", defaultValue = "64", description = "The task's maxFileSizeMB (its interval is 3 s). Default: ${DEFAULT-VALUE}.")
    int fileMb;
    @Option(names = "--xmx", defaultValue = "256m", description = "Heap of the server. Default: ${DEFAULT-VALUE}.")
    String xmx;
    @Option(names = "--baselines", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Time gzip -6, pigz -6 -p 2 and zstd -1 -T2 on the same JSON lines. Default: ${DEFAULT-VALUE}.")
    boolean baselines;
    @Option(names = "--dir", description = "Working folder (on the disk to measure). Default: a temporary folder under ./data.")
    Path dir;
    @Option(names = "--s3proxy", description = "Start S3Proxy (bench/s3proxy, logging at warning level) on a free port with its buckets "
            + "in the working folder, and dump into it, as with --s3-endpoint and --s3-dir.")
    boolean startS3Proxy;
    @Option(names = "--fluent-bit", paramLabel = "PATH", description = "With --end-to-end into S3: after each Logdump run, time this Fluent Bit "
            + "binary (tail -> s3, same compression) on a file of the same lines into the same S3 endpoint, check that its objects hold "
            + "every line, and report both and the ratio. Build it with bench/fluentbit/build.sh. Compressions: gzip, zstd.")
    Path fluentBit;
    @Option(names = "--fluent-bit-runner", paramLabel = "PATH", defaultValue = "bench/fluentbit/run.py",
            description = "The script that times Fluent Bit (run with python3). Default: ${DEFAULT-VALUE}.")
    Path fluentBitRunner;
    @Option(names = "--jfr", paramLabel = "DIR", description = "Record each server with JDK Flight Recorder (profile settings) into DIR "
            + "and print the top frames of the median run of each case (also: logdump bench jfr FILE).")
    Path jfr;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> table = new ArrayList<>();
    private final List<String> peerTable = new ArrayList<>();
    private Samples source;
    private Path work;
    private int taskNumber;

    /** One measured run of a task. */
    record Run(double seconds, long records, long inputBytes, long encodedBytes, long storedBytes, int files,
               double cpuSeconds, double peakRssMiB, double peakHeapMiB) {
        double inputMBs() {
            return inputBytes / 1e6 / seconds;
        }

        double encodedMBs() {
            return encodedBytes / 1e6 / seconds;
        }
    }

    /** Where a task dumps: a region, its log set, subject and bucket. */
    record Target(String name, String region, String subject, String bucket, Path bucketDir) {}

    /** The option combinations this command refuses, each as a sentence; empty when the options are usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (mb < 1 || runs < 1) {
            problems.add("--mb and --runs must be at least 1");
        }
        if (startS3Proxy && s3Endpoint != null) {
            problems.add("--s3proxy starts an S3 endpoint: give it or --s3-endpoint, not both");
        }
        if (fluentBit != null) {
            if (!endToEnd) {
                problems.add("--fluent-bit compares end-to-end runs: add --end-to-end");
            }
            if (s3Endpoint == null && !startS3Proxy) {
                problems.add("--fluent-bit writes into S3: add --s3proxy, or --s3-endpoint with --s3-dir");
            } else if (s3Endpoint != null && s3Dir == null) {
                problems.add("--fluent-bit needs --s3-dir, the folder behind --s3-endpoint, to count the lines of Fluent Bit's objects");
            }
            List<String> other = compressions.stream().filter(c -> !c.equals("gzip") && !c.equals("zstd")).toList();
            if (!other.isEmpty()) {
                problems.add("--fluent-bit compares gzip and zstd only (Fluent Bit's s3 output has no " + String.join(", ", other)
                        + "): give --compressions gzip,zstd");
            }
        }
        return problems;
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("bench dump: " + p));
            return 2;
        }
        FluentBitPeer peer = fluentBit == null ? null : new FluentBitPeer(fluentBit, fluentBitRunner);
        if (peer != null && peer.problem() != null) {
            System.err.println("bench dump: " + peer.problem());
            return 2;
        }
        source = lines.equals("nginx") ? Samples.nginx(200_000, 42) : Samples.load(samples);
        Path base = dir != null ? dir : Files.createDirectories(Path.of("data"));
        work = Files.createTempDirectory(base, "bench-dump");
        S3ProxyChild s3proxy = null;
        try {
            if (startS3Proxy) {
                System.out.println("bench dump: starting S3Proxy (bench/s3proxy, warning-level logging) ...");
                s3proxy = S3ProxyChild.start(Path.of("bench", "s3proxy"), work.resolve("s3proxy"), work.resolve("s3proxy.log"));
                s3Endpoint = s3proxy.endpoint();
                s3Dir = s3proxy.folder();
                s3AccessKey = S3ProxyChild.ACCESS_KEY;
                s3SecretKey = S3ProxyChild.SECRET_KEY;
                System.out.printf("bench dump: S3Proxy on %s, buckets in %s%n", s3Endpoint, s3Dir);
            }
            if (jfr != null) {
                Files.createDirectories(jfr);
            }
            Path data = work.resolve("server");
            Path config = writeConfig();
            List<Target> targets = new ArrayList<>();
            if (local) {
                targets.add(new Target("local", "local", "lines-local", "bench-local-out", data.resolve("buckets/bench-local-out")));
            }
            if (s3Endpoint != null) {
                targets.add(new Target("s3", "s3", "lines-s3", "bench-s3-out", s3Dir == null ? null : s3Dir.resolve("bench-s3-out")));
            }
            if (targets.isEmpty()) {
                System.err.println("nothing to measure: --no-local and no --s3-endpoint");
                return 2;
            }
            System.out.printf("bench dump: %s lines, %d MiB, server -Xmx%s, %d runs a case, %d cores, in %s%n", lines, mb, xmx, runs,
                    Runtime.getRuntime().availableProcessors(), work.toAbsolutePath());
            if (endToEnd) {
                endToEnd(data, config, targets, peer);
            } else {
                backlog(data, config, targets);
            }
            System.out.println();
            System.out.println("| target | format | compression | input MB/s | encoded MB/s | CPU s | peak RSS MiB | peak heap MiB | stored/encoded | files | runs (input MB/s) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            table.forEach(System.out::println);
            if (!peerTable.isEmpty()) {
                System.out.println();
                System.out.println("| format | compression | Logdump MB/s | Fluent Bit MB/s | Logdump / Fluent Bit | Logdump server CPU s | CPU s per GB "
                        + "| peak RSS MiB | Fluent Bit CPU s | CPU s per GB | max RSS MiB | runs Logdump (MB/s) | runs Fluent Bit (MB/s) |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
                peerTable.forEach(System.out::println);
            }
            return 0;
        } finally {
            if (s3proxy != null) {
                s3proxy.close();
            }
            FileTrees.deleteRecursively(work);
        }
    }

    private Path writeConfig() throws IOException {
        StringBuilder yaml = new StringBuilder("regions:\n  - name: local\n    objectStore: {type: local}\n");
        if (s3Endpoint != null) {
            yaml.append("  - name: s3\n    objectStore: {type: s3, endpoint: \"").append(s3Endpoint)
                    .append("\", pathStyle: true, signingRegion: us-east-1, accessKey: \"").append(s3AccessKey)
                    .append("\", secretKey: \"").append(s3SecretKey).append("\"}\n");
        }
        yaml.append("dump:\n  limits: {minIntervalSeconds: 1}\ningest: {minFreeDiskMB: 64}\nstore: {segmentMB: 256}\n");
        Path config = work.resolve("logdump.yaml");
        Files.writeString(config, yaml.toString());
        return config;
    }

    /** Fills each target's subject with the backlog once, then dumps it with every format x compression. */
    private void backlog(Path data, Path config, List<Target> targets) throws Exception {
        Map<String, long[]> filled = new LinkedHashMap<>();
        try (ServerChild server = ServerChild.start(data, config, xmx)) {
            for (Target t : targets) {
                createSubject(server.url(), t);
                long t0 = System.nanoTime();
                long[] sent = ingest(server.url(), t, (long) mb << 20, "fill " + t.name());
                System.out.printf("  filled %s: %d records, %.0f MB in %.1f s%n", t.name(), sent[0], sent[1] / 1e6, (System.nanoTime() - t0) / 1e9);
                filled.put(t.name(), sent);
            }
        }
        Path jsonLines = null;
        for (Target t : targets) {
            long[] backlog = filled.get(t.name());
            for (String format : formats) {
                for (String compression : compressions) {
                    List<Run> results = new ArrayList<>();
                    List<Path> recordings = new ArrayList<>();
                    for (int run = 0; run < runs; run++) {
                        Path recording = recording(t.name() + "-" + format + "-" + compression + "-run" + (run + 1));
                        recordings.add(recording);
                        try (ServerChild server = ServerChild.start(data, config, xmx, jfrOptions(recording))) {
                            String prefix = "run-" + (++taskNumber) + "/";
                            String task = createTask(server.url(), t, format, compression, prefix);
                            Run r = awaitDumped(server, t, task, null, () -> backlog[1]);
                            results.add(r);
                            System.out.printf("  %s %s %s run %d: %.1f MB/s input, %.1f MB/s encoded, %.1f CPU s, %.0f MiB peak RSS, %d files%n",
                                    t.name(), format, compression, run + 1, r.inputMBs(), r.encodedMBs(), r.cpuSeconds(), r.peakRssMiB(), r.files());
                            if (baselines && jsonLines == null && t.bucketDir() != null && format.equals("json") && compression.equals("none")) {
                                jsonLines = concatenate(t.bucketDir().resolve(prefix), work.resolve("same-bytes.json"));
                            }
                            deleteTask(server.url(), task);
                            if (t.bucketDir() != null) {
                                FileTrees.deleteRecursively(t.bucketDir().resolve(prefix));
                            }
                        }
                    }
                    row(t.name(), format, compression, results);
                    printProfile(results, recordings);
                }
            }
        }
        if (jsonLines != null) {
            baselines(jsonLines);
        }
    }

    /**
     * The lines of an end-to-end run: {@code count} bodies of about 1 MiB taken in turn from
     * {@code bodies}, which make {@code bytes} bytes and {@code lines} lines; written one after
     * another into {@code file} when a peer reads them from a file.
     */
    record Input(List<byte[]> bodies, long count, long bytes, long lines, Path file) {}

    private Input input(boolean toFile) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < 64; i++) {
            byte[] body = source.body(first, 1 << 20, false, Instant.EPOCH);
            bodies.add(body);
            first += newlines(body);
        }
        long goal = (long) mb << 20;
        long count = 0;
        long bytes = 0;
        long lineCount = 0;
        Path file = toFile ? work.resolve("input-" + lines + ".log") : null;
        try (OutputStream out = toFile ? Files.newOutputStream(file) : OutputStream.nullOutputStream()) {
            while (bytes < goal) {
                byte[] body = bodies.get((int) (count++ % bodies.size()));
                out.write(body);
                bytes += body.length;
                lineCount += newlines(body);
            }
        }
        return new Input(bodies, count, bytes, lineCount, file);
    }

    private static long newlines(byte[] body) {
        long n = 0;
        for (byte b : body) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    /**
     * A fresh server per run: the task exists before the first line is sent, and dumps while ingest
     * goes on. With a peer, each Logdump run into S3 is followed by a Fluent Bit run on a file of
     * the same lines into the same endpoint.
     */
    private void endToEnd(Path data, Path config, List<Target> targets, FluentBitPeer peer) throws Exception {
        Input input = input(peer != null);
        System.out.printf("  end-to-end input: %d bodies, %d lines, %.1f MB%s%n", input.count(), input.lines(), input.bytes() / 1e6,
                input.file() == null ? "" : ", also in " + input.file());
        for (Target t : targets) {
            boolean withPeer = peer != null && t.region().equals("s3");
            for (String format : formats) {
                for (String compression : compressions) {
                    List<Run> results = new ArrayList<>();
                    List<Path> recordings = new ArrayList<>();
                    List<FluentBitPeer.Run> peerRuns = new ArrayList<>();
                    for (int run = 0; run < runs; run++) {
                        FileTrees.deleteRecursively(data);
                        Path recording = recording("e2e-" + t.name() + "-" + format + "-" + compression + "-run" + (run + 1));
                        recordings.add(recording);
                        try (ServerChild server = ServerChild.start(data, config, xmx, jfrOptions(recording))) {
                            createSubject(server.url(), t);
                            String prefix = "e2e-" + (++taskNumber) + "/";
                            String task = createTask(server.url(), t, format, compression, prefix);
                            Instant start = Instant.now();
                            String logs = server.url() + "/api/v1/logsets/" + LOGSET + "-" + t.region() + "/subjects/" + t.subject() + "/logs";
                            Run r = awaitDumped(server, t, task, start,
                                    () -> BenchCommand.postBodies(http, logs, input.bodies(), "text/plain", input.count(), 4, null)[1]);
                            results.add(r);
                            System.out.printf("  end to end %s %s %s run %d: %.1f MB/s from first POST to last upload, %.1f CPU s "
                                    + "(%.1f per GB of lines), %.0f MiB peak RSS%n", t.name(), format, compression, run + 1, r.inputMBs(),
                                    r.cpuSeconds(), r.cpuSeconds() / (input.bytes() / 1e9), r.peakRssMiB());
                            if (t.bucketDir() != null) {
                                FileTrees.deleteRecursively(t.bucketDir().resolve(prefix));
                            }
                        }
                        if (withPeer) {
                            FluentBitPeer.Run f = runPeer(peer, input, compression);
                            peerRuns.add(f);
                            System.out.printf("  end to end Fluent Bit %s run %d: %.1f MB/s from start to exit, %.1f CPU s (%.1f per GB of lines), "
                                    + "%.0f MiB max RSS; its objects hold every line%n", compression, run + 1, f.mbPerSecond(), f.cpuSeconds(),
                                    f.cpuSeconds() / (input.bytes() / 1e9), f.maxRssMB() * 1e6 / (1 << 20));
                        }
                    }
                    row(t.name() + " (end to end)", format, compression, results);
                    if (withPeer) {
                        peerRow(format, compression, results, peerRuns, input);
                    }
                    printProfile(results, recordings);
                }
            }
        }
    }

    /** One Fluent Bit run into its own bucket of the S3 endpoint, checked line for line, then emptied. */
    private FluentBitPeer.Run runPeer(FluentBitPeer peer, Input input, String compression) throws Exception {
        String bucket = "bench-fluent-bit";
        Path bucketDir = s3Dir.resolve(bucket);
        FileTrees.deleteRecursively(bucketDir);
        FluentBitPeer.Run f = peer.run(input.file(), compression, s3Endpoint, bucket, bucketDir, s3AccessKey, s3SecretKey,
                work.resolve("fluent-bit-run.log"));
        if (f.lines() != input.lines()) {
            throw new IOException("run.py counted " + f.lines() + " lines in " + input.file() + ", but it was written with " + input.lines());
        }
        FluentBitPeer.Count stored = FluentBitPeer.count(bucketDir);
        String mismatch = FluentBitPeer.mismatch(stored, input.lines(), input.bytes());
        if (mismatch != null) {
            throw new IOException(mismatch);
        }
        FileTrees.deleteRecursively(bucketDir);
        return f;
    }

    private void peerRow(String format, String compression, List<Run> results, List<FluentBitPeer.Run> peerRuns, Input input) {
        Run m = median(results);
        List<FluentBitPeer.Run> sorted = new ArrayList<>(peerRuns);
        sorted.sort((a, b) -> Double.compare(a.mbPerSecond(), b.mbPerSecond()));
        FluentBitPeer.Run f = sorted.get(sorted.size() / 2);
        double gb = input.bytes() / 1e9;
        peerTable.add(String.format("| %s | %s | %.1f | %.1f | **%.2f** | %.1f | %.1f | %.0f | %.1f | %.1f | %.0f | %s | %s |", format, compression,
                m.inputMBs(), f.mbPerSecond(), m.inputMBs() / f.mbPerSecond(), m.cpuSeconds(), m.cpuSeconds() / gb, m.peakRssMiB(),
                f.cpuSeconds(), f.cpuSeconds() / gb, f.maxRssMB() * 1e6 / (1 << 20),
                String.join(", ", results.stream().map(r -> String.format("%.1f", r.inputMBs())).toList()),
                String.join(", ", peerRuns.stream().map(r -> String.format("%.1f", r.mbPerSecond())).toList())));
    }

    /** The recording file of one run, or null without --jfr. */
    private Path recording(String name) {
        return jfr == null ? null : jfr.resolve(name + ".jfr").toAbsolutePath();
    }

    private static List<String> jfrOptions(Path recording) {
        return recording == null ? List.of()
                : List.of("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
    }

    /** With --jfr, the top frames of the recording of the median run. */
    private void printProfile(List<Run> results, List<Path> recordings) throws IOException {
        if (jfr == null) {
            return;
        }
        Path recording = recordings.get(results.indexOf(median(results)));
        System.out.println("  profile of the median run:");
        JfrSummary.print(recording, 12, System.out);
    }

    private void createSubject(String url, Target t) throws Exception {
        BenchCommand.post(http, url + "/api/v1/logsets", "{\"name\":\"" + LOGSET + "-" + t.region() + "\",\"region\":\"" + t.region() + "\"}");
        BenchCommand.post(http, url + "/api/v1/logsets/" + LOGSET + "-" + t.region() + "/subjects", "{\"name\":\"" + t.subject() + "\"}");
        BenchCommand.send(http, BenchAuth.request(url + "/api/v1/logsets/" + LOGSET + "-" + t.region() + "/subjects/"
                + t.subject() + "/collection").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"parser\":{\"type\":\"raw\"}}")));
        BenchCommand.post(http, url + "/api/v1/buckets", "{\"name\":\"" + t.bucket() + "\",\"region\":\"" + t.region() + "\"}");
    }

    private String createTask(String url, Target t, String format, String compression, String prefix) throws Exception {
        String formatJson = switch (format) {
            case "csv" -> "{\"type\":\"csv\",\"columns\":[\"__time__\",\"__source__\",\"__raw__\"]}";
            case "parquet" -> "{\"type\":\"parquet\",\"columns\":[{\"name\":\"__time__\",\"type\":\"timestamp\"},"
                    + "{\"name\":\"__source__\",\"type\":\"string\"},{\"name\":\"__raw__\",\"type\":\"string\"}]}";
            default -> "{\"type\":\"" + format + "\"}";
        };
        String body = "{\"name\":\"bench-" + taskNumber + "\",\"logset\":\"" + LOGSET + "-" + t.region() + "\",\"subject\":\"" + t.subject()
                + "\",\"bucket\":\"" + t.bucket() + "\",\"prefix\":\"" + prefix + "\",\"maxFileSizeMB\":" + fileMb + ",\"intervalSeconds\":3,"
                + "\"format\":" + formatJson + ",\"compression\":\"" + compression + "\",\"startDelaySeconds\":0,\"startFrom\":\"earliest\"}";
        HttpResponse<String> r = http.send(BenchAuth.request(url + "/api/v1/dump-tasks")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("creating the task answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asText();
    }

    private void deleteTask(String url, String task) throws Exception {
        BenchCommand.send(http, BenchAuth.request(url + "/api/v1/dump-tasks/" + task).DELETE());
    }

    /** Something done while the task dumps (the ingest of an end-to-end run); it returns the bytes of input. */
    interface Work {
        long run() throws Exception;
    }

    /**
     * Runs {@code during}, then waits until the task has dumped every record the subject holds,
     * and measures the run over every file but those of the last batch, which closes on the
     * interval rather than on size: from {@code start} (null: the opening of the first file) to
     * the upload of the last measured file.
     */
    private Run awaitDumped(ServerChild server, Target target, String task, Instant start, Work during) throws Exception {
        double cpu0 = server.cpuSeconds();
        BenchCommand.HeapWatch heap = new BenchCommand.HeapWatch(http, server.url());
        ExecutorService side = Executors.newSingleThreadExecutor();
        Future<Long> work = side.submit(during::run);
        long lastPrint = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(200);
                heap.sample();
                JsonNode counters = getJson(server.url() + "/api/v1/dump-tasks/" + task).get("counters");
                if (counters.get("failedFiles").asLong() > 0) {
                    throw new IOException("task " + task + " has failed files; see the dump history");
                }
                if (work.isDone()) {
                    work.get();
                    if (counters.get("lagRecords").asLong() == 0 && counters.get("records").asLong() > 0) {
                        break;
                    }
                }
                if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                    System.out.printf("    ... %d records dumped, %d waiting%n", counters.get("records").asLong(), counters.get("lagRecords").asLong());
                    lastPrint = System.nanoTime();
                }
            }
        } finally {
            side.shutdownNow();
        }
        double cpu = server.cpuSeconds() - cpu0;
        double rss = server.peakRssMiB();
        List<JsonNode> files = allFiles(server.url(), task);
        long lastBatch = files.stream().mapToLong(f -> f.get("batch").asLong()).max().orElseThrow();
        long allRecords = files.stream().mapToLong(f -> f.get("records").asLong()).sum();
        long held = getJson(server.url() + "/api/v1/logsets/" + LOGSET + "-" + target.region() + "/subjects/" + target.subject())
                .get("stats").get("records").asLong();
        if (allRecords != held) {
            throw new IOException("task " + task + " dumped " + allRecords + " records, but the subject holds " + held);
        }
        long encoded = 0;
        long stored = 0;
        long records = 0;
        int measured = 0;
        Instant first = start;
        Instant last = null;
        for (JsonNode f : files) {
            if (f.get("batch").asLong() == lastBatch && lastBatch > 1) {
                continue;
            }
            encoded += f.get("rawBytes").asLong();
            stored += f.get("storedBytes").asLong();
            records += f.get("records").asLong();
            measured++;
            Instant created = Instant.parse(f.get("createdAt").asText());
            Instant finished = Instant.parse(f.get("finishedAt").asText());
            first = first == null || created.isBefore(first) ? created : first;
            last = last == null || finished.isAfter(last) ? finished : last;
        }
        double seconds = (last.toEpochMilli() - first.toEpochMilli()) / 1e3;
        long input = Math.round(work.get() * (records / (double) allRecords));
        return new Run(seconds, records, input, encoded, stored, measured, cpu, rss, heap.maxMiB());
    }

    private List<JsonNode> allFiles(String url, String task) throws Exception {
        List<JsonNode> files = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson(url + "/api/v1/dump-tasks/" + task + "/files?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(files::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return files;
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = http.send(BenchAuth.request(url).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** POSTs about {@code bytes} bytes of lines as text/plain, 1 MiB bodies, four at a time; returns {records, bytes}. */
    private long[] ingest(String url, Target t, long bytes, String progress) throws Exception {
        String target = url + "/api/v1/logsets/" + LOGSET + "-" + t.region() + "/subjects/" + t.subject() + "/logs";
        List<byte[]> bodies = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < 64; i++) {
            byte[] body = source.body(first, 1 << 20, false, Instant.EPOCH);
            bodies.add(body);
            for (byte b : body) {
                first += b == '\n' ? 1 : 0;
            }
        }
        return BenchCommand.postAll(http, target, bodies, "text/plain", bytes, 4, progress);
    }

    /** The task's objects (uncompressed JSON lines) in one file: the same bytes for the command-line compressors. */
    private static Path concatenate(Path folder, Path into) throws IOException {
        try (OutputStream out = Files.newOutputStream(into); Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                Files.copy(f, out);
            }
        }
        return into;
    }

    private void row(String target, String format, String compression, List<Run> results) {
        Run m = median(results);
        table.add(String.format("| %s | %s | %s | %.1f | %.1f | %.1f | %.0f | %.0f | %.3f | %d | %s |", target, format, compression,
                m.inputMBs(), m.encodedMBs(), m.cpuSeconds(), m.peakRssMiB(), m.peakHeapMiB(), m.storedBytes() / (double) m.encodedBytes(),
                m.files(), String.join(", ", results.stream().map(r -> String.format("%.1f", r.inputMBs())).toList())));
    }

    /** The run with the median input throughput. */
    private static Run median(List<Run> results) {
        List<Run> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Double.compare(a.inputMBs(), b.inputMBs()));
        return sorted.get(sorted.size() / 2);
    }

    /** Times the command-line compressors on {@code file} (read from the page cache, output discarded). */
    private void baselines(Path file) throws Exception {
        long size = Files.size(file);
        System.out.printf("%nthe same JSON lines (%.0f MB) through the command-line compressors, %d runs each:%n", size / 1e6, runs);
        List<List<String>> tools = List.of(List.of("gzip", "-6", "-c"), List.of("pigz", "-6", "-p", "2", "-c"), List.of("zstd", "-1", "-T2", "-q", "-c"));
        for (List<String> tool : tools) {
            List<double[]> results = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M"));
                command.addAll(tool);
                command.add(file.toString());
                Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() != 0) {
                    throw new IOException(String.join(" ", tool) + " failed: " + err);
                }
                String[] f = err.substring(err.lastIndexOf('\n') + 1).split(" ");
                double wall = Double.parseDouble(f[0]);
                results.add(new double[] {size / 1e6 / wall, Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Long.parseLong(f[3]) / 1024.0});
            }
            results.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] m = results.get(results.size() / 2);
            System.out.printf("  %s: median %.1f MB/s, %.1f CPU s, %.0f MiB peak RSS (MB/s per run: %s)%n", String.join(" ", tool), m[0], m[1], m[2],
                    String.join(", ", results.stream().map(r -> String.format("%.1f", r[0])).toList()));
        }
    }
}
