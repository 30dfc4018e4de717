package io.logdump.format;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Python's csv and json modules as the independent readers of dump files: a file is read by
 * {@code /usr/bin/python3}, which prints what it read as JSON. Tests that need it are skipped
 * where there is no Python 3.
 */
public final class PythonReader {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CSV = String.join("\n",
            "import csv, json, sys",
            "with open(sys.argv[1], newline='', encoding='utf-8', errors='strict') as f:",
            "    rows = list(csv.reader(f, delimiter=sys.argv[2], strict=True))",
            "json.dump(rows, sys.stdout)");

    /** Each line must be one JSON object (Python's strict json: no control characters in strings, no NaN). */
    private static final String NDJSON = String.join("\n",
            "import json, sys",
            "def no_constants(name):",
            "    raise ValueError('not JSON: ' + name)",
            "out = []",
            "with open(sys.argv[1], 'rb') as f:",
            "    data = f.read()",
            "assert data.endswith(b'\\n'), 'the last line has no LF'",
            "for line in data[:-1].split(b'\\n'):",
            "    value = json.loads(line.decode('utf-8', errors='strict'), parse_constant=no_constants)",
            "    assert isinstance(value, dict), line",
            "    out.append(value)",
            "json.dump(out, sys.stdout)");

    private PythonReader() {}

    /** The rows of a CSV file as Python's csv module reads them (strict mode). */
    public static List<List<String>> csv(Path file, char delimiter) throws IOException, InterruptedException {
        return JSON.readValue(run(CSV, file.toString(), String.valueOf(delimiter)), new TypeReference<>() {});
    }

    /** The number of JSON objects in an NDJSON file, each line checked by Python's json module. */
    public static int ndjsonObjects(Path file) throws IOException, InterruptedException {
        return JSON.readTree(run(NDJSON, file.toString())).size();
    }

    private static String run(String script, String... args) throws IOException, InterruptedException {
        assumeThat(Files.isExecutable(PYTHON)).as("python3 is the independent reader").isTrue();
        String[] command = new String[args.length + 3];
        command[0] = PYTHON.toString();
        command[1] = "-c";
        command[2] = script;
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python3 could not read " + args[0] + ": " + stderr);
        }
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
