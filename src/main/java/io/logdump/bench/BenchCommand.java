package io.logdump.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.core.FileTrees;
import io.logdump.core.LogRecord;
import io.logdump.core.Accounts;
import io.logdump.core.SubjectId;
import io.logdump.store.local.LocalLogStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logdump bench}: throughput of ingest over HTTP, of direct appends to the log store, and of dump tasks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure ingest, log store and dump throughput.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Append.class, DumpBench.class, JfrSummary.class})
public final class BenchCommand {

    /** Medians and the figures of each run, printed as one Markdown-ready line. */
    static void report(String what, List<double[]> runs) {
        double[] mbs = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] rps = runs.stream().mapToDouble(r -> r[1]).sorted().toArray();
        System.out.printf("%s: median %.1f MB/s, %.0f records/s over %d runs (MB/s per run: %s)%n", what,
                mbs[mbs.length / 2], rps[rps.length / 2], runs.size(),
                String.join(", ", runs.stream().map(r -> String.format("%.1f", r[0])).toList()));
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "POST the sample logs to a server (started here with -Xmx256m unless --server is given).")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--server", description = "A running server; default: start one (java -Xmx256m) in a temporary folder.")
        String server;
        @Option(names = "--format", defaultValue = "raw", description = "raw (text/plain, raw parser) or ndjson (JSON parser with a time field). Default: ${DEFAULT-VALUE}.")
        String format;
        @Option(names = "--body-kb", defaultValue = "1024", description = "Body size in KiB. Default: ${DEFAULT-VALUE}.")
        int bodyKb;
        @Option(names = "--concurrency", defaultValue = "4", description = "Concurrent requests. Default: ${DEFAULT-VALUE}.")
        int concurrency;
        @Option(names = "--mb", defaultValue = "512", description = "MB sent per run. Default: ${DEFAULT-VALUE}.")
        int mb;
        @Option(names = "--runs", defaultValue = "5", description = "Runs (the median is reported). Default: ${DEFAULT-VALUE}.")
        int runs;
        @Option(names = "--samples", description = "Folder of *.log sample files. Default: src/test/resources/loghub.")
        Path samples = Samples.DEFAULT_DIR;

        @Override
        public Integer call() throws Exception {
            boolean ndjson = format.equals("ndjson");
            Samples lines = Samples.load(samples);
            ServerChild child = null;
            Path data = null;
            String url = server;
            BenchAuth.useToken();
            if (url == null) {
                data = Files.createTempDirectory("logdump-bench");
                child = ServerChild.start(data, null, "256m");
                url = child.url();
            }
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String subject = "s" + System.currentTimeMillis();
                post(http, url + "/api/v1/logsets", "{\"name\":\"bench\",\"region\":\"local\"}");
                post(http, url + "/api/v1/logsets/bench/subjects", "{\"name\":\"" + subject + "\"}");
                String collection = ndjson ? "{\"parser\":{\"type\":\"json\"},\"time\":{\"field\":\"time\",\"format\":\"iso8601\"}}"
                        : "{\"parser\":{\"type\":\"raw\"}}";
                send(http, BenchAuth.request(url + "/api/v1/logsets/bench/subjects/" + subject + "/collection")
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(collection)));
                String target = url + "/api/v1/logsets/bench/subjects/" + subject + "/logs";
                int bodies = 64;
                List<byte[]> prepared = new ArrayList<>();
                long first = 0;
                Instant start = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < bodies; i++) {
                    byte[] body = lines.body(first, bodyKb << 10, ndjson, start);
                    prepared.add(body);
                    first += new String(body, StandardCharsets.UTF_8).split("\n").length;
                }
                System.out.printf("bench ingest: %s bodies of %d KiB, concurrency %d, %d MB a run, server %s%n",
                        format, bodyKb, concurrency, mb, server == null ? "java -Xmx256m (started here)" : url);
                List<double[]> results = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                HeapWatch heap = new HeapWatch(http, url);
                for (int run = 0; run < runs + 1; run++) {
                    double cpu0 = child == null ? 0 : child.cpuSeconds();
                    double[] r = run(http, target, prepared, ndjson ? "application/x-ndjson" : "text/plain");
                    double cpuPerGb = child == null ? Double.NaN : (child.cpuSeconds() - cpu0) / (r[2] / 1e9);
                    if (run == 0) {
                        System.out.printf("  warm-up: %.1f MB/s%n", r[0]);
                    } else {
                        System.out.printf("  run %d: %.1f MB/s, %.0f records/s, server CPU %.1f s per GB%n", run, r[0], r[1], cpuPerGb);
                        results.add(r);
                        cpu.add(cpuPerGb);
                    }
                    heap.sample();
                }
                report("ingest " + format + " over HTTP", results);
                if (child != null) {
                    cpu.sort(Comparator.naturalOrder());
                    System.out.printf("server CPU (user + system) per GB of bodies: median %.1f s (%s)%n", cpu.get(cpu.size() / 2), cpu);
                }
                System.out.printf("server heap used, largest sample: %.1f MiB%n", heap.maxMiB());
                return 0;
            } finally {
                if (child != null) {
                    child.close();
                    FileTrees.deleteRecursively(data);
                }
            }
        }

        private double[] run(HttpClient http, String target, List<byte[]> bodies, String contentType) throws Exception {
            long t0 = System.nanoTime();
            long[] sent = postAll(http, target, bodies, contentType, (long) mb << 20, concurrency, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new double[] {sent[1] / 1e6 / seconds, sent[0] / seconds, sent[1]};
        }
    }

    /**
     * POSTs {@code bodies} in turn to {@code target}, {@code concurrency} requests at a time, until
     * about {@code bytes} bytes were sent (never more than one body past it); prints progress every
     * 256 MiB under the label {@code progress} unless it is null. Returns {accepted records, bytes sent}.
     */
    static long[] postAll(HttpClient http, String target, List<byte[]> bodies, String contentType, long bytes, int concurrency,
                          String progress) throws Exception {
        return postAll(http, target, bodies, contentType, bytes, Long.MAX_VALUE, concurrency, progress);
    }

    /**
     * As {@link #postAll(HttpClient, String, List, String, long, int, String)}, but sends exactly
     * the first {@code count} bodies of the endless sequence {@code bodies[0], bodies[1], ...,
     * bodies[0], ...} (every one, whatever the order in which the requests finish): the same bytes
     * as a file of those bodies one after another.
     */
    static long[] postBodies(HttpClient http, String target, List<byte[]> bodies, String contentType, long count, int concurrency,
                             String progress) throws Exception {
        return postAll(http, target, bodies, contentType, Long.MAX_VALUE, count, concurrency, progress);
    }

    private static long[] postAll(HttpClient http, String target, List<byte[]> bodies, String contentType, long bytes, long count,
                                  int concurrency, String progress) throws Exception {
        ObjectMapper json = new ObjectMapper();
        AtomicLong sent = new AtomicLong();
        AtomicLong records = new AtomicLong();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            futures.add(pool.submit(() -> {
                long reported = 0;
                while (true) {
                    long index = next.getAndIncrement();
                    if (index >= count) {
                        return null;
                    }
                    byte[] body = bodies.get((int) (index % bodies.size()));
                    if (sent.addAndGet(body.length) - body.length >= bytes) {
                        sent.addAndGet(-body.length);
                        return null;
                    }
                    HttpResponse<String> r = http.send(BenchAuth.request(target).header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IOException("ingest answered " + r.statusCode() + ": " + r.body());
                    }
                    records.addAndGet(json.readTree(r.body()).get("accepted").asLong());
                    long quarter = sent.get() >> 28;
                    if (progress != null && quarter > reported) {
                        reported = quarter;
                        System.out.printf("    %s: %d MiB sent%n", progress, sent.get() >> 20);
                    }
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new long[] {records.get(), sent.get()};
    }

    @Command(name = "append", mixinStandardHelpOptions = true,
            description = "Append the sample logs to a log store directly, fsync per append, and compare with dd conv=fsync.")
    static final class Append implements Callable<Integer> {
        @Option(names = "--dir", description = "Folder for the store (on the disk to measure). Default: a temporary folder under ./data.")
        Path dir;
        @Option(names = "--batch-kb", defaultValue = "1024", description = "Bytes of lines per append in KiB. Default: ${DEFAULT-VALUE}.")
        int batchKb;
        @Option(names = "--concurrency", defaultValue = "1", description = "Concurrent appenders (group commit). Default: ${DEFAULT-VALUE}.")
        int concurrency;
        @Option(names = "--mb", defaultValue = "1024", description = "MB appended per run. Default: ${DEFAULT-VALUE}.")
        int mb;
        @Option(names = "--runs", defaultValue = "5", description = "Runs (the median is reported). Default: ${DEFAULT-VALUE}.")
        int runs;
        @Option(names = "--samples", description = "Folder of *.log sample files. Default: src/test/resources/loghub.")
        Path samples = Samples.DEFAULT_DIR;
        @Option(names = "--fsync", defaultValue = "always", description = "always (as ingest does) or never, to see the cost of the forces. Default: ${DEFAULT-VALUE}.")
        String fsync;

        @Override
        public Integer call() throws Exception {
            Samples lines = Samples.load(samples);
            Path base = dir != null ? dir : Files.createDirectories(Path.of("data"));
            Path work = Files.createTempDirectory(base, "bench-append");
            try {
                List<List<LogRecord>> batches = new ArrayList<>();
                long n = 0;
                byte[] source = "bench".getBytes(StandardCharsets.UTF_8);
                for (int b = 0; b < 32; b++) {
                    List<LogRecord> batch = new ArrayList<>();
                    for (long bytes = 0; bytes < (long) batchKb << 10; n++) {
                        byte[] raw = lines.line(n).getBytes(StandardCharsets.UTF_8);
                        batch.add(new LogRecord(-1, 1_700_000_000_000L + n, 1_700_000_000_000L + n, source, raw, LogRecord.NONE));
                        bytes += raw.length;
                    }
                    batches.add(batch);
                }
                System.out.printf("bench append: batches of %d KiB of sample lines, fsync %s, concurrency %d, %d MB a run, in %s%n",
                        batchKb, fsync, concurrency, mb, work.toAbsolutePath());
                List<double[]> results = new ArrayList<>();
                for (int run = 0; run < runs + 1; run++) {
                    Path runDir = work.resolve("run" + run);
                    double[] r = run(runDir, batches);
                    FileTrees.deleteRecursively(runDir);
                    if (run == 0) {
                        System.out.printf("  warm-up: %.1f MB/s%n", r[0]);
                    } else {
                        System.out.printf("  run %d: %.1f MB/s, %.0f records/s%n", run, r[0], r[1]);
                        results.add(r);
                    }
                }
                report("direct store append", results);
                List<Double> dd = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    dd.add(dd(work, Math.min(mb, 1024)));
                }
                dd.sort(Comparator.naturalOrder());
                double ddMedian = dd.get(dd.size() / 2);
                double[] mbs = results.stream().mapToDouble(r -> r[0]).sorted().toArray();
                System.out.printf("dd if=FILE of=OUT bs=1M conv=fsync on the same disk: median %.1f MB/s (%s)%n", ddMedian, dd);
                System.out.printf("ratio of the direct append median to dd: %.2f%n", mbs[mbs.length / 2] / ddMedian);
                List<Double> loop = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    loop.add(writeForceLoop(work, Math.min(mb, 1024), batchKb));
                }
                loop.sort(Comparator.naturalOrder());
                double loopMedian = loop.get(loop.size() / 2);
                System.out.printf("bare loop of write %d KiB + fsync on the same disk: median %.1f MB/s (%s)%n", batchKb, loopMedian, loop);
                System.out.printf("ratio of the direct append median to the bare loop: %.2f%n", mbs[mbs.length / 2] / loopMedian);
                return 0;
            } finally {
                FileTrees.deleteRecursively(work);
            }
        }

        private double[] run(Path runDir, List<List<LogRecord>> batches) throws Exception {
            long goal = (long) mb << 20;
            SubjectId subject = new SubjectId(Accounts.DEFAULT, "bench", "append");
            AtomicLong written = new AtomicLong();
            AtomicLong records = new AtomicLong();
            AtomicLong next = new AtomicLong();
            try (LocalLogStore store = new LocalLogStore(runDir,
                    new LocalLogStore.Settings(LocalLogStore.Settings.DEFAULT.segmentBytes(), !fsync.equals("never")))) {
                ExecutorService pool = Executors.newFixedThreadPool(concurrency);
                long t0 = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < concurrency; c++) {
                    futures.add(pool.submit(() -> {
                        while (written.get() < goal) {
                            List<LogRecord> batch = batches.get((int) (next.getAndIncrement() % batches.size()));
                            store.append(subject, 0, batch);
                            long bytes = 0;
                            for (LogRecord r : batch) {
                                bytes += r.raw().length + 1;
                            }
                            written.addAndGet(bytes);
                            records.addAndGet(batch.size());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                pool.shutdown();
                double seconds = (System.nanoTime() - t0) / 1e9;
                return new double[] {written.get() / 1e6 / seconds, records.get() / seconds};
            }
        }

        /**
         * Writes {@code mb} MiB into a new file in the same folder in blocks of {@code blockKb} KiB,
         * forcing after each (what an appender that fsyncs every append could do at best, with no
         * encoding and no sharing); its MB/s.
         */
        private static double writeForceLoop(Path work, int mb, int blockKb) throws IOException {
            Path out = work.resolve("loop.out");
            java.nio.ByteBuffer block = java.nio.ByteBuffer.allocateDirect(blockKb << 10);
            byte[] random = new byte[blockKb << 10];
            new java.util.Random(2).nextBytes(random);
            block.put(random).flip();
            long total = (long) mb << 20;
            long t0 = System.nanoTime();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                for (long written = 0; written < total; written += block.capacity()) {
                    block.rewind();
                    while (block.hasRemaining()) {
                        ch.write(block);
                    }
                    ch.force(false);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Files.deleteIfExists(out);
            return total / 1e6 / seconds;
        }

        /** Runs {@code dd conv=fsync} of a file of {@code mb} MiB into the same folder; its MB/s. */
        private static double dd(Path work, int mb) throws Exception {
            Path in = work.resolve("dd.in");
            if (!Files.exists(in)) {
                byte[] block = new byte[1 << 20];
                new java.util.Random(1).nextBytes(block);
                try (var out = Files.newOutputStream(in)) {
                    for (int i = 0; i < mb; i++) {
                        out.write(block);
                    }
                }
            }
            Path out = work.resolve("dd.out");
            Process p = new ProcessBuilder("dd", "if=" + in, "of=" + out, "bs=1M", "conv=fsync").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Files.deleteIfExists(out);
            Matcher m = Pattern.compile("copied, ([0-9.]+) s").matcher(text);
            if (!m.find()) {
                throw new IOException("unexpected dd output: " + text);
            }
            return Files.size(in) / 1e6 / Double.parseDouble(m.group(1));
        }
    }

    /** Samples the server's heap use from its /metrics. */
    static final class HeapWatch {
        private final HttpClient http;
        private final String url;
        private double max;

        HeapWatch(HttpClient http, String url) {
            this.http = http;
            this.url = url;
        }

        void sample() throws Exception {
            String metrics = http.send(BenchAuth.request(url + "/metrics").build(), HttpResponse.BodyHandlers.ofString()).body();
            double used = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                    used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            max = Math.max(max, used / (1 << 20));
        }

        double maxMiB() {
            return max;
        }
    }

    static void post(HttpClient http, String url, String json) throws Exception {
        send(http, BenchAuth.request(url).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static void send(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && r.statusCode() != 409) {
            throw new IOException(request.build().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
