package io.logdump.dump;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.IngestLoad;
import io.logdump.testutil.ServerProcess;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real server with SIGKILL at random moments while it ingests and dumps, restarts it,
 * and proves from the bucket alone that every acknowledged record is in exactly one file.
 */
class DumpCrashIT {
    private static final String LOGS = "/api/v1/logsets/crash/subjects/app/logs";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordLandsInTheBucketExactlyOnceThroughKills() throws Exception {
        Path config = Files.writeString(dir.resolve("logdump.yaml"), "dump:\n  limits: {minIntervalSeconds: 1, minFileSizeMB: 1}\n");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Random random = new Random(4242);
        String taskId = null;
        for (int cycle = 0; cycle < 4; cycle++) {
            ServerProcess server = ServerProcess.start(dir, "--config", config.toString());
            if (cycle == 0) {
                assertThat(server.api.post("/api/v1/buckets", j("{'name':'crash-bucket','region':'local'}")).status()).isEqualTo(201);
                assertThat(server.api.post("/api/v1/logsets", j("{'name':'crash','region':'local'}")).status()).isEqualTo(201);
                assertThat(server.api.post("/api/v1/logsets/crash/subjects", j("{'name':'app'}")).status()).isEqualTo(201);
                assertThat(server.api.put("/api/v1/logsets/crash/subjects/app/collection", j("{'parser':{'type':'raw'}}")).status()).isEqualTo(200);
                var task = server.api.post("/api/v1/dump-tasks", j("{'name':'crashy','logset':'crash','subject':'app','bucket':'crash-bucket',"
                        + "'format':{'type':'raw'},'compression':'gzip','maxFileSizeMB':1,'intervalSeconds':1,'startDelaySeconds':0,"
                        + "'startFrom':'earliest'}"));
                assertThat(task.status()).as(task.toString()).isEqualTo(201);
                taskId = task.json().get("id").asText();
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                int thisCycle = cycle;
                Thread t = new Thread(() -> IngestLoad.write(server.url + LOGS, thisCycle, writer, 200, stop, acknowledged));
                t.start();
                writers.add(t);
            }
            Thread.sleep(1500 + random.nextInt(2500));
            server.kill();
            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(1000);
        try (ServerProcess server = ServerProcess.start(dir, "--config", config.toString())) {
            String url = "/api/v1/dump-tasks/" + taskId;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (server.api.get(url).json().get("counters").get("lagRecords").asLong() > 0
                    || server.api.get(url + "/files?status=UPLOADING").json().get("items").size() > 0) {
                assertThat(System.nanoTime()).as("the task catches up").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(server.api.get(url + "/files?status=FAILED").json().get("items").size()).isZero();
        }
        Map<String, Integer> inBucket = linesInBucket(dir.resolve("buckets/crash-bucket"));
        List<String> missing = acknowledged.stream().filter(l -> !inBucket.containsKey(l)).limit(10).toList();
        assertThat(missing).as("acknowledged records missing from the bucket").isEmpty();
        assertThat(inBucket.entrySet().stream().filter(e -> e.getValue() != 1).limit(10).toList())
                .as("records in more than one file").isEmpty();
    }

    private static Map<String, Integer> linesInBucket(Path bucket) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(bucket)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        assertThat(files).allMatch(p -> p.getFileName().toString().endsWith(".log.gz"));
        for (Path f : files) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        out.merge(line, 1, Integer::sum);
                    }
                }
            }
        }
        return out;
    }

}
