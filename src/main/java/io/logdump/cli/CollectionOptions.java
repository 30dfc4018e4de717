package io.logdump.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that describe a collection configuration: a whole {@code --file}, and shortcuts that
 * set or override its parts. The server checks every rule; this class only builds the JSON.
 */
final class CollectionOptions {
    @Option(names = "--file", paramLabel = "F.json", description = "The whole configuration as a JSON file; the options below override its parts.")
    Path file;

    @Option(names = "--parser", paramLabel = "TYPE", description = "Parser type: raw or json (regex and delimiter follow from --regex and --delimiter).")
    String parser;

    @Option(names = "--regex", paramLabel = "PATTERN", description = "A regex parser with named groups, e.g. '(?<time>\\S+) (?<msg>.*)'.")
    String regex;

    @Option(names = "--delimiter", paramLabel = "D", description = "A delimiter parser splitting on D (give --fields too).")
    String delimiter;

    @Option(names = "--fields", paramLabel = "a,b,c", split = ",", description = "The names of the delimited values, in order.")
    List<String> fields;

    @Option(names = "--time-field", paramLabel = "FIELD", description = "The field holding the log time (without a time rule the log time is the receive time).")
    String timeField;

    @Option(names = "--time-format", paramLabel = "FORMAT", description = "iso8601, epoch_seconds, epoch_millis or a pattern such as 'yyyy-MM-dd HH:mm:ss'.")
    String timeFormat;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "The zone of a log time without offset (default UTC).")
    String timeZone;

    @Option(names = "--on-parse-error", paramLabel = "ACTION", description = "keep_raw (default) or reject.")
    String onParseError;

    /** The configuration from the file, if any, with the options applied; empty when nothing was given. */
    ObjectNode body() {
        ObjectNode body = file == null ? Client.object() : Client.readObject(file);
        if (parser != null || regex != null || delimiter != null || fields != null) {
            String type = parser != null ? parser : regex != null ? "regex" : "delimiter";
            ObjectNode p = body.putObject("parser").put("type", type);
            if (regex != null) {
                p.put("pattern", regex);
            }
            if (delimiter != null) {
                p.put("delimiter", delimiter);
            }
            if (fields != null) {
                fields.forEach(p.putArray("fields")::add);
            }
        }
        if (timeField != null || timeFormat != null || timeZone != null) {
            ObjectNode time = body.path("time").isObject() ? (ObjectNode) body.get("time") : body.putObject("time");
            putIfSet(time, "field", timeField);
            putIfSet(time, "format", timeFormat);
            putIfSet(time, "timeZone", timeZone);
        }
        putIfSet(body, "onParseError", onParseError);
        return body;
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
