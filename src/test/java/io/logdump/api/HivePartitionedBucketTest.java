package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.DuckDb;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bucket as a data lake: tasks dump one subject in Hive-style folders
 * ({@code dt=%Y-%m-%d/hour=%H/}) as JSON lines and CSV in each compression DuckDB reads, and as
 * Parquet in each page compression, and DuckDB reads each folder tree with
 * {@code hive_partitioning=true}, partition columns included.
 */
class HivePartitionedBucketTest {
    /** 2017-07-16T22:00:00Z: 120 records a minute apart fill the hours 22 and 23 of the 16th and 00 and 01 of the 17th. */
    private static final Instant FIRST = Instant.parse("2017-07-16T22:00:00Z");
    private static final int RECORDS = 240;
    private static final String[] LEVELS = {"INFO", "WARN", "ERROR"};

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;
    static Path bucket;
    /** The task of each format and compression, by its prefix ({@code json-gzip}, {@code parquet-lz4}, ...). */
    static final Map<String, String> TASKS = new TreeMap<>();
    /** The compressions DuckDB reads in JSON and CSV files (not the Snappy framing format nor the LZ4 frame). */
    static final List<String> TEXT_COMPRESSIONS = List.of("none", "gzip", "zstd");
    static final List<String> PAGE_COMPRESSIONS = List.of("none", "gzip", "zstd", "snappy", "lz4");

    @BeforeAll
    static void dumpOneSubjectInEveryFormatAndCompression() throws Exception {
        server = TestServer.start(dir, "dump:\n  limits: {minIntervalSeconds: 1, minFileSizeMB: 1}\n");
        api = server.api;
        bucket = dir.resolve("buckets/lake");
        api.post("/api/v1/buckets", j("{'name':'lake','region':'local'}"));
        api.post("/api/v1/logsets", j("{'name':'shop','region':'local'}"));
        api.post("/api/v1/logsets/shop/subjects", j("{'name':'web'}"));
        api.put("/api/v1/logsets/shop/subjects/web/collection",
                j("{'parser':{'type':'json'},'time':{'field':'ts','format':'iso8601'},'onParseError':'reject'}"));
        Map<String, String> formats = Map.of(
                "json", "{'type':'json'}",
                "csv", "{'type':'csv','columns':['__time__','level','status','latency']}",
                "parquet", "{'type':'parquet','columns':[{'name':'__time__','type':'timestamp'},{'name':'level','type':'string'},"
                        + "{'name':'status','type':'long'},{'name':'latency','type':'double'},{'name':'__source__','type':'string'}]}");
        for (String format : formats.keySet()) {
            for (String compression : format.equals("parquet") ? PAGE_COMPRESSIONS : TEXT_COMPRESSIONS) {
                String prefix = format + "-" + compression;
                TASKS.put(prefix, create("{'name':'as-" + prefix + "','prefix':'" + prefix + "','logset':'shop','subject':'web',"
                        + "'bucket':'lake','partitionFormat':'dt=%Y-%m-%d/hour=%H/','startDelaySeconds':0,'startFrom':'earliest',"
                        + "'intervalSeconds':60,'format':" + formats.get(format) + ",'compression':'" + compression + "'}"));
            }
        }
        for (String id : TASKS.values()) {
            await(id + " to run", () -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));
        }

        StringBuilder body = new StringBuilder();
        for (int i = 0; i < RECORDS; i++) {
            String status = i == 7 ? "\"n/a\"" : Integer.toString(i % 4 == 0 ? 500 : 200);
            body.append("{\"ts\":\"").append(FIRST.plusSeconds(i * 60L)).append("\",\"level\":\"").append(LEVELS[i % 3])
                    .append("\",\"status\":").append(status).append(",\"latency\":").append(i / 4.0).append("}\n");
        }
        Response ingested = api.postBytes("/api/v1/logsets/shop/subjects/web/logs", body.toString().getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-ndjson", "X-Log-Source", "web-1");
        assertThat(ingested.json().get("accepted").asLong()).as(ingested.toString()).isEqualTo(RECORDS);
        for (String id : TASKS.values()) {
            await(id + " to open a batch", () -> !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        }
        server.clock.advance(Duration.ofSeconds(61));
        for (String id : TASKS.values()) {
            await(id + " to dump 4 files", () -> api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("files").asLong() == 4);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String create(String task) {
        Response created = api.post("/api/v1/dump-tasks", j(task));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** Waits (for the engine's threads, not for time: the clock is fake) until the condition holds. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<String> keys(String prefix) throws Exception {
        try (Stream<Path> s = Files.walk(bucket.resolve(prefix))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> bucket.relativize(p).toString()).sorted().toList();
        }
    }

    /** Per partition: dt, hour (text: "00" is not read as a number), count, first and last log time, as DuckDB reads them. */
    private static List<List<Object>> partitions(DuckDb duck, String source, String time) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        for (Map<String, Object> row : duck.rows("SELECT dt::VARCHAR AS dt, hour, count(*) AS n, epoch_ms(min(" + time + ")) AS lo, "
                + "epoch_ms(max(" + time + ")) AS hi FROM " + source + " GROUP BY dt, hour ORDER BY dt, hour")) {
            out.add(List.copyOf(row.values()));
        }
        return out;
    }

    private static List<List<Object>> expectedPartitions() {
        List<List<Object>> out = new ArrayList<>();
        String[] days = {"2017-07-16", "2017-07-16", "2017-07-17", "2017-07-17"};
        String[] hours = {"22", "23", "00", "01"};
        for (int p = 0; p < 4; p++) {
            long lo = FIRST.toEpochMilli() + p * 3_600_000L;
            out.add(List.of(days[p], hours[p], 60L, lo, lo + 59 * 60_000L));
        }
        return out;
    }

    /** The files of a task's folder tree, as a DuckDB glob. */
    private static String tree(String prefix) {
        return DuckDb.literal(bucket.resolve(prefix).resolve("**").resolve("*"));
    }

    private static String compressionExtension(String compression) {
        return switch (compression) {
            case "gzip" -> ".gz";
            case "zstd" -> ".zst";
            default -> "";
        };
    }

    @Test
    void filesLandInHiveStyleFoldersNamedByTaskAndBatch() throws Exception {
        String parquet = TASKS.get("parquet-zstd");
        assertThat(keys("parquet-zstd")).containsExactly(
                "parquet-zstd/dt=2017-07-16/hour=22/" + parquet + "_1.parquet",
                "parquet-zstd/dt=2017-07-16/hour=23/" + parquet + "_1.parquet",
                "parquet-zstd/dt=2017-07-17/hour=00/" + parquet + "_1.parquet",
                "parquet-zstd/dt=2017-07-17/hour=01/" + parquet + "_1.parquet");
        for (String compression : PAGE_COMPRESSIONS) {
            String id = TASKS.get("parquet-" + compression);
            assertThat(keys("parquet-" + compression)).as("pages compressed, the file not").hasSize(4)
                    .allMatch(k -> k.endsWith("/" + id + "_1.parquet"));
        }
        for (String compression : TEXT_COMPRESSIONS) {
            for (String format : List.of("json", "csv")) {
                String id = TASKS.get(format + "-" + compression);
                assertThat(keys(format + "-" + compression)).hasSize(4)
                        .allMatch(k -> k.endsWith("/" + id + "_1." + format + compressionExtension(compression)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "zstd", "snappy", "lz4"})
    void duckDbReadsTheParquetTreeWithItsPartitionsAndTypes(String compression) throws Exception {
        String source = "read_parquet(" + tree("parquet-" + compression) + ", hive_partitioning = true)";
        try (DuckDb duck = new DuckDb()) {
            assertThat(partitions(duck, source, "__time__")).isEqualTo(expectedPartitions());
            Map<String, Object> values = duck.row("SELECT count(*) FILTER (WHERE level = 'ERROR') AS errors, "
                    + "count(*) FILTER (WHERE status = 500) AS failed, count(status) AS statuses, sum(latency) AS latency, "
                    + "min(__source__) AS source FROM " + source);
            assertThat(values).containsEntry("errors", (long) RECORDS / 3).containsEntry("failed", (long) RECORDS / 4)
                    .containsEntry("statuses", RECORDS - 1L).containsEntry("latency", RECORDS * (RECORDS - 1) / 8.0)
                    .containsEntry("source", "web-1");
            Map<String, Object> types = new LinkedHashMap<>();
            for (Map<String, Object> row : duck.rows("DESCRIBE SELECT * FROM " + source)) {
                types.put((String) row.get("column_name"), row.get("column_type"));
            }
            assertThat(types).containsEntry("__time__", "TIMESTAMP WITH TIME ZONE").containsEntry("status", "BIGINT")
                    .containsEntry("latency", "DOUBLE").containsEntry("dt", "DATE")
                    .as("the hour keeps its leading zero").containsEntry("hour", "VARCHAR");
        }
    }

    @Test
    void theHistoryCountsTheValueThatCouldNotBeConverted() {
        JsonNode files = api.get("/api/v1/dump-tasks/" + TASKS.get("parquet-zstd") + "/files").json().get("items");
        long nulls = 0;
        for (JsonNode f : files) {
            nulls += f.get("conversionNulls").asLong();
            if (f.get("objectKey").asText().contains("hour=22")) {
                assertThat(f.get("conversionNulls").asLong()).as("status \"n/a\" of record 7").isEqualTo(1);
            }
        }
        assertThat(nulls).isEqualTo(1);
        JsonNode json = api.get("/api/v1/dump-tasks/" + TASKS.get("json-zstd") + "/files").json().get("items").get(0);
        assertThat(json.get("conversionNulls").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "zstd"})
    void duckDbReadsTheJsonTreeWithItsPartitions(String compression) throws Exception {
        String source = "read_json(" + tree("json-" + compression) + ", hive_partitioning = true)";
        try (DuckDb duck = new DuckDb()) {
            assertThat(partitions(duck, source, "__time__::TIMESTAMPTZ")).isEqualTo(expectedPartitions());
            assertThat(duck.row("SELECT count(*) FILTER (WHERE level = 'WARN') AS warns, min(__source__) AS source FROM " + source))
                    .containsEntry("warns", (long) RECORDS / 3).containsEntry("source", "web-1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "zstd"})
    void duckDbReadsTheCsvTreeWithItsPartitions(String compression) throws Exception {
        String source = "read_csv(" + tree("csv-" + compression) + ", hive_partitioning = true, header = true)";
        try (DuckDb duck = new DuckDb()) {
            assertThat(partitions(duck, source, "__time__::TIMESTAMPTZ")).isEqualTo(expectedPartitions());
            assertThat(duck.row("SELECT count(*) FILTER (WHERE status::VARCHAR = '500') AS failed, "
                    + "sum(latency::DOUBLE) AS latency FROM " + source))
                    .containsEntry("failed", (long) RECORDS / 4).containsEntry("latency", RECORDS * (RECORDS - 1) / 8.0);
        }
    }
}
