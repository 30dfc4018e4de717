package io.logdump.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.DuckDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet file larger than the heap is written through it: an encoder holds only its open row
 * group (16 MiB) and each column's page and dictionary being built.
 */
class ParquetMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapIsWrittenWithA48MebibyteHeap() throws Exception {
        long size = 96L << 20;
        long heap = 48L << 20;
        Path file = dir.resolve("big.parquet");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The class path goes in an argument file, to keep a failure's message short.
        Path classPath = Files.writeString(dir.resolve("classpath.args"), "-cp \"" + System.getProperty("java.class.path") + "\"");
        Path output = dir.resolve("out.txt");
        Process p = new ProcessBuilder(java, "-Xmx" + (heap >> 20) + "m", "@" + classPath, BoundedHeapParquetWriter.class.getName(),
                file.toString(), "zstd", Long.toString(size)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the writer did not finish in 180 s");
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(printed).isZero();
        long records = Long.parseLong(printed);
        assertThat(Files.size(file)).as("the file is larger than the heap").isGreaterThan(heap);

        try (DuckDb duck = new DuckDb()) {
            String meta = "parquet_metadata(" + DuckDb.literal(file) + ")";
            assertThat((Long) duck.row("SELECT count(DISTINCT row_group_id) AS groups FROM " + meta).get("groups"))
                    .as("row groups").isGreaterThanOrEqualTo(3);
            assertThat(duck.row("SELECT count(*) AS n FROM read_parquet(" + DuckDb.literal(file) + ")").get("n")).isEqualTo(records);
        }
    }
}
