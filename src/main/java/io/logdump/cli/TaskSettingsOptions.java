package io.logdump.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of the settings a dump task's modification may change (prefix, partition format,
 * time zone, file size, interval, format, compression), shared by {@code tasks create} and
 * {@code tasks modify}. The server checks every rule; this class only builds the JSON.
 */
final class TaskSettingsOptions {
    @Option(names = "--prefix", paramLabel = "P", description = "Object key prefix (default <logset>/<subject>/).")
    String prefix;

    @Option(names = "--partition-format", paramLabel = "F", description = "strftime partition directories (default %%Y/%%m/%%d).")
    String partitionFormat;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "Zone of the partition times (default UTC).")
    String timeZone;

    @Option(names = "--max-file-size-mb", paramLabel = "N", description = "Roll a file at N MB of data (default 100).")
    Integer maxFileSizeMB;

    @Option(names = "--interval-seconds", paramLabel = "N", description = "Roll a file every N seconds (default 300).")
    Integer intervalSeconds;

    @Option(names = "--format", paramLabel = "TYPE", description = "json (default), raw, csv or parquet.")
    String format;

    @Option(names = "--columns", paramLabel = "a,b", split = ",",
            description = "Columns for csv (names) or parquet (name:type, type string|long|double|boolean|timestamp).")
    List<String> columns;

    @Option(names = "--compression", paramLabel = "C", description = "none (default), gzip, zstd, snappy or lz4.")
    String compression;

    /** Puts the options given into {@code body}, over what it already holds (e.g. from a file). */
    void addTo(ObjectNode body, ClientCommand command) {
        putIfSet(body, "prefix", prefix);
        putIfSet(body, "partitionFormat", partitionFormat);
        putIfSet(body, "timeZone", timeZone);
        if (maxFileSizeMB != null) {
            body.put("maxFileSizeMB", maxFileSizeMB);
        }
        if (intervalSeconds != null) {
            body.put("intervalSeconds", intervalSeconds);
        }
        if (format != null) {
            body.putObject("format").put("type", format);
        }
        if (columns != null) {
            if (!body.path("format").isObject()) {
                throw command.usage("--columns needs --format csv or --format parquet");
            }
            ObjectNode f = (ObjectNode) body.get("format");
            ArrayNode list = f.putArray("columns");
            for (String column : columns) {
                int colon = column.lastIndexOf(':');
                if ("parquet".equals(f.path("type").asText()) && colon > 0) {
                    list.addObject().put("name", column.substring(0, colon)).put("type", column.substring(colon + 1));
                } else if ("parquet".equals(f.path("type").asText())) {
                    list.addObject().put("name", column);
                } else {
                    list.add(column);
                }
            }
        }
        putIfSet(body, "compression", compression);
    }

    static void putIfSet(ObjectNode body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
