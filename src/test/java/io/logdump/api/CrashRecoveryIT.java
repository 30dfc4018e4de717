package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.testutil.IngestLoad;
import io.logdump.testutil.TestServer;
import io.logdump.testutil.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real server process with SIGKILL during heavy concurrent ingest, several times, and
 * checks after each restart that every acknowledged record is stored exactly once.
 */
class CrashRecoveryIT {
    private static final String LOGS = "/api/v1/logsets/crash/subjects/app/logs";
    private static final int WRITERS = 4;
    private static final int LINES_PER_REQUEST = 500;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKillDashNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Random random = new Random(42);
        for (int cycle = 0; cycle < 3; cycle++) {
            ServerProcess server = ServerProcess.start(dir);
            if (cycle == 0) {
                assertThat(server.api.post("/api/v1/logsets", j("{'name':'crash','region':'local'}")).status()).isEqualTo(201);
                assertThat(server.api.post("/api/v1/logsets/crash/subjects", j("{'name':'app'}")).status()).isEqualTo(201);
                assertThat(server.api.put("/api/v1/logsets/crash/subjects/app/collection", j("{'parser':{'type':'raw'}}")).status()).isEqualTo(200);
            } else {
                assertThat(missing(stored(server), acknowledged)).as("acknowledged but missing after restart %d", cycle).isEmpty();
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            int thisCycle = cycle;
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(() -> IngestLoad.write(server.url + LOGS, thisCycle, writer, LINES_PER_REQUEST, stop, acknowledged));
                t.start();
                writers.add(t);
            }
            Thread.sleep(800 + random.nextInt(1200));
            server.kill();
            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
            }
        }
        assertThat(acknowledged).as("the writers got acknowledgements").hasSizeGreaterThan(WRITERS * LINES_PER_REQUEST);
        try (ServerProcess server = ServerProcess.start(dir)) {
            Map<String, Integer> stored = stored(server);
            assertThat(missing(stored, acknowledged)).as("acknowledged but missing").isEmpty();
            assertThat(stored.entrySet().stream().filter(e -> e.getValue() != 1).limit(10).toList())
                    .as("records stored more than once").isEmpty();
        }
    }


    /** The acknowledged lines not stored (a plain set difference: AssertJ's containsAll is quadratic). */
    private static List<String> missing(Map<String, Integer> stored, Set<String> acknowledged) {
        return acknowledged.stream().filter(line -> !stored.containsKey(line)).limit(10).toList();
    }

    private static Map<String, Integer> stored(ServerProcess server) throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> out = new HashMap<>();
        String cursor = null;
        do {
            String uri = server.url + LOGS + "?limit=10000" + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", TestServer.ADMIN_BASIC).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json.readTree(r.body());
            page.get("items").forEach(i -> out.merge(i.get("raw").asText(), 1, Integer::sum));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return out;
    }
}
