package io.logdump.testutil;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** A writer for crash tests: posts bodies of unique lines until told to stop or the server dies, and keeps what was acknowledged. */
public final class IngestLoad {
    private IngestLoad() {}

    /**
     * Posts bodies of {@code linesPerRequest} lines named {@code c<cycle>-w<writer>-r<request>-l<line>} to {@code logsUrl}
     * and adds the lines of every 200 answer to {@code acknowledged}; returns at the first failure or when stopped.
     */
    public static void write(String logsUrl, int cycle, int writer, int linesPerRequest, AtomicBoolean stop, Set<String> acknowledged) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int request = 0; !stop.get(); request++) {
            List<String> lines = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < linesPerRequest; i++) {
                String line = "c" + cycle + "-w" + writer + "-r" + request + "-l" + i + " " + "payload ".repeat(6);
                lines.add(line);
                body.append(line).append('\n');
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(logsUrl)).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "text/plain").header("Authorization", TestServer.ADMIN_BASIC).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    acknowledged.addAll(lines);
                }
            } catch (Exception e) {
                return;
            }
        }
    }
}
