package io.logdump.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.core.LogRecord;
import io.logdump.format.FormatSettings;
import io.logdump.format.FormatSettings.Column;
import io.logdump.format.Formats;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import io.logdump.testutil.DuckDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parquet files read back by DuckDB, an independent reader: counts, times, values, types, codecs, encodings. */
class ParquetFormatTest {
    /** 2017-07-16T12:00:00Z */
    private static final long BASE = 1_500_206_400_000L;
    private static final int ROWS = 3000;
    private static final String[] LEVELS = {"INFO", "WARN", "ERROR"};
    private static final List<Column> COLUMNS = List.of(
            new Column("__time__", "timestamp"), new Column("__receive_time__", "timestamp"),
            new Column("__source__", "string"), new Column("__raw__", "string"),
            new Column("level", "string"), new Column("status", "long"), new Column("latency", "double"),
            new Column("ok", "boolean"), new Column("logged", "timestamp"), new Column("bytes", "long"),
            new Column("missing", "string"));

    @TempDir
    Path dir;

    private static RecordFormat createObjectUnderTest(List<Column> columns) {
        return Formats.of(new FormatSettings("parquet", columns, ',', false));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Record i: a line as a regex parser would store it (numbers as strings) mixed with JSON numbers and booleans. */
    private static LogRecord record(int i) {
        long time = BASE + i * 1000L;
        String fields = "{\"level\":\"" + LEVELS[i % 3] + "\",\"status\":\"" + (i % 5 == 0 ? 404 : 200) + "\",\"latency\":" + (i * 0.5)
                + ",\"ok\":" + (i % 2 == 0) + ",\"logged\":\"" + Instant.ofEpochMilli(time) + "\",\"bytes\":" + i + "}";
        return new LogRecord(i, time, time + 5, utf8("10.0.0." + i % 4), utf8("line " + i + " " + LEVELS[i % 3]), utf8(fields));
    }

    private Path write(RecordFormat format, String compression, List<LogRecord> records) throws IOException {
        Path file = dir.resolve(compression + ".parquet");
        RecordEncoder encoder = format.open(null, file, compression);
        for (LogRecord r : records) {
            encoder.write(r);
        }
        encoder.finish();
        return file;
    }

    @Test
    void describesItselfAsAParquetFileThatCompressesItsPages() {
        RecordFormat format = createObjectUnderTest(COLUMNS);
        assertThat(format.extension()).isEqualTo(".parquet");
        assertThat(format.compressesInternally()).isTrue();
        assertThat(format.contentType()).isEqualTo("application/vnd.apache.parquet");
    }

    @ParameterizedTest
    @CsvSource({"none, UNCOMPRESSED", "gzip, GZIP", "zstd, ZSTD", "snappy, SNAPPY", "lz4, LZ4_RAW"})
    void duckDbReadsBackEveryCompressionWithTypedColumns(String compression, String codec) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            records.add(record(i));
        }
        Path file = write(createObjectUnderTest(COLUMNS), compression, records);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).as("a plain Parquet file, not wrapped").isEqualTo("PAR1");
        assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");

        String f = "read_parquet(" + DuckDb.literal(file) + ")";
        try (DuckDb duck = new DuckDb()) {
            Map<String, Object> totals = duck.row("SELECT count(*) AS n, epoch_ms(min(__time__)) AS lo, epoch_ms(max(__time__)) AS hi, "
                    + "sum(bytes) AS total, count(missing) AS missing, count(*) FILTER (WHERE level = 'ERROR') AS errors, "
                    + "count(*) FILTER (WHERE status = 404) AS notFound, count(*) FILTER (WHERE ok) AS ok FROM " + f);
            assertThat(totals.get("n")).isEqualTo((long) ROWS);
            assertThat(totals.get("lo")).isEqualTo(BASE);
            assertThat(totals.get("hi")).isEqualTo(BASE + (ROWS - 1) * 1000L);
            assertThat(((Number) totals.get("total")).longValue()).isEqualTo((long) ROWS * (ROWS - 1) / 2);
            assertThat(totals.get("missing")).as("a field no record has is null").isEqualTo(0L);
            assertThat(totals.get("errors")).isEqualTo((long) ROWS / 3);
            assertThat(totals.get("notFound")).isEqualTo((long) ROWS / 5);
            assertThat(totals.get("ok")).isEqualTo((long) ROWS / 2);

            Map<String, Object> row = duck.row("SELECT epoch_ms(__time__) AS t, epoch_ms(__receive_time__) AS rt, __source__, __raw__, "
                    + "level, status, latency, ok, epoch_ms(logged) AS logged, bytes FROM " + f + " WHERE bytes = 1234");
            assertThat(row).containsEntry("t", BASE + 1_234_000L).containsEntry("rt", BASE + 1_234_005L)
                    .containsEntry("__source__", "10.0.0.2").containsEntry("__raw__", "line 1234 WARN")
                    .containsEntry("level", "WARN").containsEntry("status", 200L).containsEntry("latency", 617.0)
                    .containsEntry("ok", true).containsEntry("logged", BASE + 1_234_000L).containsEntry("bytes", 1234L);

            assertThat(duck.column("SELECT column_type FROM (DESCRIBE SELECT * FROM " + f + ")")).containsExactly(
                    "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE", "VARCHAR", "VARCHAR", "VARCHAR", "BIGINT", "DOUBLE",
                    "BOOLEAN", "TIMESTAMP WITH TIME ZONE", "BIGINT", "VARCHAR");

            String meta = "parquet_metadata(" + DuckDb.literal(file) + ")";
            assertThat(duck.column("SELECT DISTINCT compression FROM " + meta)).containsExactly(codec);
            assertThat((String) duck.row("SELECT encodings FROM " + meta + " WHERE path_in_schema = 'level'").get("encodings"))
                    .as("a repeated string is dictionary-encoded").contains("DICTIONARY");
            Map<String, Object> stats = duck.row("SELECT stats_min, stats_max, stats_null_count FROM " + meta
                    + " WHERE path_in_schema = 'bytes'");
            assertThat(stats).containsEntry("stats_min", "0").containsEntry("stats_max", Integer.toString(ROWS - 1))
                    .containsEntry("stats_null_count", 0L);
        }
    }

    @Test
    void aValueThatCannotBeConvertedBecomesNullAndIsCounted() throws Exception {
        RecordFormat format = createObjectUnderTest(COLUMNS);
        Path file = dir.resolve("nulls.parquet");
        RecordEncoder encoder = format.open(null, file, "zstd");
        encoder.write(new LogRecord(0, BASE, BASE, utf8("s"), utf8("bad"), utf8(
                "{\"level\":{\"a\": [1, 2]},\"status\":\"abc\",\"latency\":\"fast\",\"ok\":\"yes\",\"logged\":\"yesterday\",\"bytes\":1.5}")));
        encoder.write(new LogRecord(1, BASE + 1, BASE + 1, utf8("s"), utf8("nulls"), utf8(
                "{\"level\":null,\"status\":null,\"latency\":null,\"ok\":null,\"logged\":null}")));
        encoder.write(new LogRecord(2, BASE + 2, BASE + 2, utf8("s"), utf8("no fields"), LogRecord.NONE));
        encoder.finish();

        assertThat(encoder.conversionNulls()).as("status, latency, ok, logged and bytes of the first record").isEqualTo(5);
        try (DuckDb duck = new DuckDb()) {
            List<Map<String, Object>> rows = duck.rows("SELECT __raw__, level, status, latency, ok, logged, bytes FROM read_parquet("
                    + DuckDb.literal(file) + ") ORDER BY __time__");
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).as("a string column takes an object as compact JSON").containsEntry("level", "{\"a\":[1,2]}");
            for (Map<String, Object> row : rows) {
                assertThat(Arrays.asList(row.get("status"), row.get("latency"), row.get("ok"), row.get("logged"), row.get("bytes")))
                        .as("row %s", row).containsOnlyNulls();
            }
            assertThat(rows.get(1).get("level")).as("JSON null").isNull();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "long      | \"007\"                          | 7",
        "long      | 1e3                              | 1000",
        "long      | \"-12.0\"                        | -12",
        "long      | 9223372036854775807              | 9223372036854775807",
        "long      | 9223372036854775808              | null",
        "long      | 1.5                              | null",
        "long      | \"+1\"                           | null",
        "long      | true                             | null",
        "double    | \"2.5E-1\"                       | 0.25",
        "double    | -3                               | -3.0",
        "double    | \"1,5\"                          | null",
        "boolean   | \"TRUE\"                         | true",
        "boolean   | false                            | false",
        "boolean   | 1                                | null",
        "timestamp | \"2017-07-16T12:00:00.123Z\"     | 1500206400123",
        "timestamp | \"2017-07-16 20:00:00.123+08:00\" | 1500206400123",
        "timestamp | \"2017-07-16T12:00:00\"          | 1500206400000",
        "timestamp | \"2017-07-16T12:00:00.123999Z\"  | 1500206400123",
        "timestamp | 1500206400123                    | 1500206400123",
        "timestamp | \"1500206400123\"                | 1500206400123",
        "timestamp | \"16/Jul/2017:12:00:00 +0000\"   | null",
        "string    | 12.50                            | 12.50",
        "string    | \"a\\u00e9\\\"b\"                | aé\"b",
        "string    | [1, {\"x\": true}]               | [1,{\"x\":true}]",
    })
    void convertsAFieldToItsColumnType(String type, String json, String expected) throws Exception {
        Path file = dir.resolve("one.parquet");
        RecordEncoder encoder = createObjectUnderTest(List.of(new Column("v", type))).open(null, file, "snappy");
        encoder.write(new LogRecord(0, BASE, BASE, utf8("s"), utf8("line"), utf8("{\"v\": " + json + "}")));
        encoder.finish();

        assertThat(encoder.conversionNulls()).isEqualTo(expected.equals("null") ? 1 : 0);
        String value = type.equals("timestamp") ? "epoch_ms(v)::VARCHAR" : "v::VARCHAR";
        try (DuckDb duck = new DuckDb()) {
            Object read = duck.row("SELECT " + value + " AS v FROM read_parquet(" + DuckDb.literal(file) + ")").get("v");
            assertThat(read).isEqualTo(expected.equals("null") ? null : expected);
        }
    }

    @Test
    void countsTheUncompressedSizeOfTheValuesWritten() throws Exception {
        RecordEncoder encoder = createObjectUnderTest(List.of(new Column("__time__", "timestamp"), new Column("level", "string"),
                new Column("bytes", "long"), new Column("ok", "boolean"), new Column("__source__", "string")))
                .open(null, dir.resolve("size.parquet"), "none");
        encoder.write(new LogRecord(0, BASE, BASE, utf8("10.0.0.1"), utf8("x"), utf8("{\"level\":\"INFO\",\"bytes\":\"x\",\"ok\":true}")));
        encoder.finish();

        assertThat(encoder.uncompressedBytes()).as("8 (time) + 4 (INFO) + 0 (null) + 1 (ok) + 8 (source)").isEqualTo(21);
    }

    @Test
    void refusesColumnsItCannotWrite() {
        assertThatThrownBy(() -> createObjectUnderTest(List.of())).hasMessage("parquet needs at least one column");
        assertThatThrownBy(() -> createObjectUnderTest(List.of(new Column("a", "decimal"))))
                .hasMessage("parquet column 0 has the type 'decimal', not one of string, long, double, boolean, timestamp");
        assertThatThrownBy(() -> createObjectUnderTest(List.of(new Column("a", "long"), new Column("__time__", "long"))))
                .hasMessage("parquet column 1 __time__ must have the type timestamp");
        assertThatThrownBy(() -> createObjectUnderTest(List.of(new Column("a", "long"), new Column("a", "string"))))
                .hasMessage("parquet column 1 repeats the column a");
        assertThatThrownBy(() -> createObjectUnderTest(List.of(new Column("a\nb", "long"))))
                .hasMessage("parquet column 0 has a control character in its name");
        assertThatThrownBy(() -> createObjectUnderTest(COLUMNS).open(null, dir.resolve("x.parquet"), "brotli"))
                .hasMessageContaining("unknown compression brotli");
    }

    @Test
    void writesWithoutHadoopOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .as("the tests run on the class path of a server: hadoop-common is for javac only")
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void writingAfterFinishIsRefused() throws Exception {
        RecordEncoder encoder = createObjectUnderTest(COLUMNS).open(null, dir.resolve("done.parquet"), "zstd");
        encoder.finish();
        assertThatThrownBy(() -> encoder.write(record(0))).isInstanceOf(IllegalStateException.class);
    }
}
