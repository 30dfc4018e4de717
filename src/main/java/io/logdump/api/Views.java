package io.logdump.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.LogSubject;
import io.logdump.catalog.SubjectStats;
import io.logdump.catalog.TaskCounters;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes the API answers with, where they add to the catalog's records. */
final class Views {
    private Views() {}

    record Subject(@JsonUnwrapped LogSubject subject, SubjectStats stats) {}

    record Task(@JsonUnwrapped DumpTask task, TaskCounters counters) {}

    record Bucket(String name, String region) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreviewLine(int line, String raw, boolean accepted, Instant time, boolean timeFromLog,
                       Map<String, Object> fields, String error) {}

    record Preview(List<PreviewLine> items) {}

    /** The key a task's first file would get for a record logged at {@code logTime}. */
    record KeyExample(Instant logTime, String prefix, String partition, String objectKey) {}

    /** {@code GET /health}: UP, or DOWN with the checks that failed and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(String status, Map<String, String> checks) {}

    /** The console's overview: throughput and lag over the last hour. */
    record Throughput(List<ThroughputHistory.Point> points) {}
}
