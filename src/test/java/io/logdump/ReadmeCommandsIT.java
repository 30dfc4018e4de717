package io.logdump;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.testutil.Readme;
import io.logdump.testutil.Readme.Block;
import io.logdump.testutil.ServerProcess;
import io.logdump.testutil.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README, pasted block after block by a new user: every {@code sh}, {@code bash} or
 * {@code shell} block runs in order with bash ({@code set -euo pipefail}) in the repository's top
 * folder against a server this test starts from the packaged jar, and must exit 0 within
 * {@link #BLOCK_LIMIT}. The shell variables a block sets (a task's id) are there for the blocks
 * after it, as in one terminal. The server's address comes through {@code $LOGDUMP_SERVER}, which
 * the README's first API block only defaults, and the first admin's password, as for a server started
 * with it, through {@code $LOGDUMP_ADMIN_PASSWORD}; {@code HOME} (and {@code XDG_CONFIG_HOME}, where
 * {@code logdump login} keeps its token) is a temporary folder, and a
 * {@code mvn} on the path refuses to run, so the {@code ./logdump} script uses the packaged jar.
 * Two checks are stricter than a terminal: {@code curl} fails on an HTTP error (it runs with
 * {@code --fail-with-body}), and a {@code # → TEXT} line in a block is output the block must print.
 * The {@code sql} blocks run with DuckDB's JDBC driver in the server's bucket folder and must
 * give the rows the README shows (its Markdown table right after the block, or {@code -- a | b}
 * lines inside it). A block is left out only when the line right before its fence is
 * {@code <!-- readme-test: skip (reason) -->}.
 */
class ReadmeCommandsIT {
    private static final long BLOCK_LIMIT = 120;
    private static final Pattern DECLARED = Pattern.compile("declare -\\S* (\\w+)=\"(.*)\"");
    private static final Pattern TASK_ID = Pattern.compile("dt-[a-z0-9]{8}");
    private static final DateTimeFormatter DUCKDB_TIMESTAMPTZ = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssx");

    @TempDir
    Path dir;

    /** What running a block gave: its output, and the shell variables set so far. */
    record Run(Block block, String out, String err, Map<String, String> vars) {}

    @Test
    void everyShellBlockRunsAsPastedInOrderAndTheQueriesGiveTheRowsShown() throws Exception {
        List<Block> blocks = Readme.blocks();
        Path data = Files.createDirectories(dir.resolve("data"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho 'mvn: the README test uses target/logdump.jar as"
                + " it is; run it after mvn package' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = Files.writeString(dir.resolve("variables.sh"), "");
        Set<String> topFolderBefore = topFolder();

        List<Run> runs = new ArrayList<>();
        List<Block> skipped = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(data)) {
            Map<String, String> env = Map.of("LOGDUMP_SERVER", server.url, "HOME", home.toString(),
                    "XDG_CONFIG_HOME", home.resolve(".config").toString(), "PATH", bin + ":" + System.getenv("PATH"),
                    "LOGDUMP_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
            for (Block block : blocks) {
                if (block.skip() != null) {
                    skipped.add(block);
                } else if (block.isShell()) {
                    runs.add(runShell(block, env, state, data));
                } else if (block.lang().equals("sql")) {
                    runs.add(runSql(block, data.resolve("buckets")));
                }
            }
        }

        assertThat(runs.stream().filter(r -> r.block().isShell()))
                .as("shell blocks run (skipped: %s)", skipped).hasSizeGreaterThanOrEqualTo(8);
        assertThat(skipped).as("only the set-up, the long-running servers, mvn verify and the DuckDB install are left out")
                .hasSizeLessThanOrEqualTo(5);
        assertThat(ran(runs, "Apache_2k.log").out()).as("the sample log is ingested whole").contains("\"accepted\":2000");
        Run walk = ran(runs, "/operations");
        assertThat(walk.vars().get("TASK")).as("the task id the walk keeps").matches(TASK_ID);
        assertThat(walk.out()).contains("\"operation\":\"CREATED\"", "\"operation\":\"MODIFIED\"",
                "\"operation\":\"STOPPED\"", "\"operation\":\"STARTED\"");
        Run hdfs = ran(runs, "counters.files == 39");
        assertThat(hdfs.vars().get("HDFS_TASK")).matches(TASK_ID);
        assertThat(hdfs.out()).as("the first object keys of the Parquet task").startsWith("hdfs/dt=2008-11-");
        assertThat(runs.stream().filter(r -> r.block().lang().equals("sql"))).as("the DuckDB queries").hasSize(2);
        assertThat(ran(runs, "./logdump tasks stop").out()).contains("status: STOPPED");
        assertThat(ran(runs, "./logdump verify").out()).contains("OK: the bucket matches the history and the log store");
        assertThat(topFolder()).as("the blocks leave nothing in the repository's top folder").isEqualTo(topFolderBefore);
    }

    /** Runs a shell block with the variables of the blocks before it, and keeps the variables it sets. */
    private Run runShell(Block block, Map<String, String> env, Path state, Path data) throws Exception {
        Path script = dir.resolve("block-" + block.line() + ".sh");
        Path next = dir.resolve("variables.next.sh");
        Files.writeString(script, String.join("\n",
                "set -euo pipefail",
                "declare -A __readme_seen=()",
                "for __readme_v in $(compgen -v); do __readme_seen[$__readme_v]=1; done",
                "curl() { command curl --fail-with-body \"$@\"; }",
                "source '" + state + "'",
                block.text(),
                "for __readme_v in $(compgen -v); do",
                "  [[ -n \"${__readme_seen[$__readme_v]:-}\" || $__readme_v == __readme_* ]] || declare -p \"$__readme_v\"",
                "done > '" + next + "'",
                ""), StandardCharsets.UTF_8);
        Path out = dir.resolve("block-" + block.line() + ".out");
        Path err = dir.resolve("block-" + block.line() + ".err");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process process = pb.start();
        boolean finished = process.waitFor(BLOCK_LIMIT, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String outcome = finished ? "exited with status " + process.exitValue() : "did not finish within " + BLOCK_LIMIT + " s";
        if (!finished || process.exitValue() != 0) {
            throw new AssertionError(failure(block, outcome, stdout, stderr, data));
        }
        for (String line : block.text().split("\n")) {
            String expected = line.strip().startsWith("# → ") ? line.strip().substring("# → ".length()) : null;
            if (expected != null && !stdout.contains(expected)) {
                throw new AssertionError(failure(block, "did not print " + expected, stdout, stderr, data));
            }
        }
        Files.move(next, state, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("%s: ran in %d ms%n", block, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new Run(block, stdout, stderr, variables(state));
    }

    private static String failure(Block block, String outcome, String stdout, String stderr, Path data) throws IOException {
        Path log = data.resolve("server.log");
        List<String> serverLog = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return block + " " + outcome + ":\n" + block.text()
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr
                + "\n--- the server's log, last lines ---\n"
                + String.join("\n", serverLog.subList(Math.max(0, serverLog.size() - 30), serverLog.size()));
    }

    private static Map<String, String> variables(Path state) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
            Matcher m = DECLARED.matcher(line);
            if (m.matches()) {
                vars.put(m.group(1), m.group(2));
            }
        }
        return vars;
    }

    /** Runs an SQL block in the bucket folder and compares the rows of its last statement with the ones the README shows. */
    private static Run runSql(Block block, Path buckets) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET file_search_path = '" + buckets.toString().replace("'", "''") + "'");
            String sql = block.text().lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
            for (String statement : sql.split(";\\s*\n")) {
                if (statement.isBlank()) {
                    continue;
                }
                try {
                    if (s.execute(statement)) {
                        rows.clear();
                        labels.clear();
                        try (ResultSet rs = s.getResultSet()) {
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                                labels.add(rs.getMetaData().getColumnLabel(i));
                            }
                            while (rs.next()) {
                                List<String> row = new ArrayList<>();
                                for (int i = 1; i <= labels.size(); i++) {
                                    row.add(cell(rs.getObject(i)));
                                }
                                rows.add(row);
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new AssertionError(block + " failed in DuckDB:\n" + block.text(), e);
                }
            }
        }
        List<String> comments = block.text().lines().map(String::strip)
                .filter(l -> l.startsWith("-- ") && l.contains(" | ")).map(l -> l.substring(3)).toList();
        List<String> table = block.after().stream().map(String::strip).filter(l -> l.startsWith("|")).toList();
        if (!comments.isEmpty()) {
            assertThat(rows).as("%s: the rows shown in its comments", block).isEqualTo(comments.stream().map(ReadmeCommandsIT::cells).toList());
        } else if (!table.isEmpty()) {
            assertThat(labels).as("%s: the columns of the table after it", block).isEqualTo(cells(table.get(0)));
            assertThat(rows).as("%s: the rows of the table after it", block)
                    .isEqualTo(table.stream().skip(2).map(ReadmeCommandsIT::cells).toList());
        }
        return new Run(block, rows.toString(), "", Map.of());
    }

    /** A value as DuckDB's own shell prints it. */
    private static String cell(Object value) {
        if (value instanceof OffsetDateTime t) {
            return DUCKDB_TIMESTAMPTZ.format(t);
        }
        return String.valueOf(value);
    }

    /** The cells of a Markdown table row ({@code | a | b |}) or of a comment row ({@code a | b}). */
    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.startsWith("|") ? inner.substring(1) : inner;
        inner = inner.endsWith("|") ? inner.substring(0, inner.length() - 1) : inner;
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }

    private static Run ran(List<Run> runs, String text) {
        List<Run> found = runs.stream().filter(r -> r.block().text().contains(text)).toList();
        assertThat(found).as("the README block that contains %s, run", text).hasSize(1);
        return found.get(0);
    }

    private static Set<String> topFolder() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("").toAbsolutePath())) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
