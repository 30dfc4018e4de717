package io.logdump.format.parquet;

import io.logdump.core.LogRecord;
import io.logdump.format.FormatSettings.Column;
import io.logdump.format.RecordEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Run in a child JVM with a small heap by {@link ParquetMemoryTest}: writes records into a Parquet
 * file until their values reach {@code size} bytes, then prints the number of records. The lines
 * end in random Base64, so that the file stays large after compression. Arguments: file,
 * compression, size.
 */
public final class BoundedHeapParquetWriter {
    static final List<Column> COLUMNS = List.of(new Column("__time__", "timestamp"), new Column("__source__", "string"),
            new Column("__raw__", "string"), new Column("level", "string"), new Column("status", "long"),
            new Column("request_id", "string"), new Column("latency", "double"));
    private static final String[] LEVELS = {"INFO", "WARN", "ERROR", "DEBUG"};

    private BoundedHeapParquetWriter() {}

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[2]);
        RecordEncoder encoder = new ParquetFormat(COLUMNS).open(null, Path.of(args[0]), args[1]);
        Random random = new Random(42);
        long time = 1_500_206_400_000L;
        byte[] payload = new byte[72];
        long records = 0;
        while (encoder.uncompressedBytes() < size) {
            String id = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            String level = LEVELS[random.nextInt(LEVELS.length)];
            int status = 200 + random.nextInt(4) * 100;
            random.nextBytes(payload);
            String raw = "GET /api/v1/items/" + random.nextInt(100_000) + " " + status + " " + id + " " + level + " "
                    + Base64.getEncoder().encodeToString(payload);
            String fields = "{\"level\":\"" + level + "\",\"status\":\"" + status + "\",\"request_id\":\"" + id
                    + "\",\"latency\":" + random.nextInt(5000) / 10.0 + "}";
            encoder.write(new LogRecord(records, time + records, time + records, utf8("10.0.0." + random.nextInt(8)), utf8(raw),
                    utf8(fields)));
            records++;
        }
        encoder.finish();
        System.out.println(records);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
