package io.logdump.cli;

import static io.logdump.cli.Cli.run;
import static io.logdump.cli.Cli.withStdin;
import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.cli.Cli.Run;
import io.logdump.testutil.Api;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands end to end: {@code Main.run(...)} as the shell would call it, against a real
 * server on a random port, with stdout and stderr captured, signed in with {@code logdump login} as
 * the server's admin ({@link Cli#login}).
 */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        api = server.api;
        Cli.login(server, dir.resolve("cli-config"));
    }

    @AfterAll
    static void stop() {
        Cli.forgetConfigFolder();
        server.close();
    }

    @Test
    void walksADumpTaskFromBucketToDeletion() {
        Run bucket = logdump("buckets", "create", "walk-bucket", "--region", "local");
        assertThat(bucket.status()).as(bucket.toString()).isZero();
        assertThat(bucket.lines()).containsExactly("name: walk-bucket", "region: local");
        assertThat(logdump("buckets", "list", "--region", "local").lines()).anyMatch(l -> l.matches("walk-bucket\\s+local"));
        assertThat(logdump("logsets", "create", "walk", "--region", "local", "--description", "the walk").value("description"))
                .isEqualTo("the walk");
        assertThat(logdump("subjects", "create", "walk", "nginx", "--retention-hours", "24").value("retentionHours")).isEqualTo("24");
        Run collection = logdump("collection", "set", "walk", "nginx", "--regex", "(?<time>\\S+ \\S+) (?<level>\\w+) (?<msg>.*)",
                "--time-field", "time", "--time-format", "yyyy-MM-dd HH:mm:ss", "--on-parse-error", "reject");
        assertThat(collection.status()).as(collection.toString()).isZero();
        assertThat(collection.value("parser.type")).isEqualTo("regex");
        assertThat(logdump("collection", "get", "walk", "nginx").value("time.field")).isEqualTo("time");

        Run created = logdump("tasks", "create", "--name", "nginx-archive", "--logset", "walk", "--subject", "nginx",
                "--bucket", "walk-bucket", "--format", "csv", "--columns", "__time__,level,msg", "--compression", "gzip",
                "--start-delay-seconds", "60");
        assertThat(created.status()).as(created.toString()).isZero();
        assertThat(created.value("status")).isEqualTo("WAITING");
        assertThat(created.value("format.columns")).isEqualTo("__time__, level, msg");
        String id = created.value("id");

        List<String> table = logdump("tasks", "list", "--logset", "walk").lines();
        assertThat(table).as("a header and one row").hasSize(2);
        String header = table.get(0);
        String row = table.get(1);
        assertThat(header).matches("ID +NAME +LOGSET +SUBJECT +BUCKET +STATUS +FORMAT +COMPRESSION");
        assertThat(row).matches(id + " +nginx-archive +walk +nginx +walk-bucket +WAITING +csv +gzip");
        assertThat(row.indexOf("WAITING")).as("columns are aligned").isEqualTo(header.indexOf("STATUS"));
        assertThat(row.indexOf("gzip")).as("columns are aligned").isEqualTo(header.indexOf("COMPRESSION"));

        assertThat(logdump("tasks", "stop", id).value("status")).isEqualTo("STOPPED");
        assertThat(logdump("tasks", "list", "--status", "stopped").out()).contains(id);
        assertThat(logdump("tasks", "start", id).value("status")).isEqualTo("WAITING");
        Run modified = logdump("tasks", "modify", id, "--compression", "zstd", "--interval-seconds", "600");
        assertThat(modified.value("compression")).isEqualTo("zstd");
        assertThat(modified.value("intervalSeconds")).isEqualTo("600");
        assertThat(modified.value("format.type")).as("settings not given are kept").isEqualTo("csv");
        assertThat(api.get("/api/v1/dump-tasks/" + id).json().get("compression").asText()).isEqualTo("zstd");

        List<String> operations = logdump("tasks", "operations", id).lines();
        assertThat(operations.get(0)).matches("TIME +OPERATION +DETAIL");
        assertThat(operations.stream().skip(1).map(l -> l.split(" +")[1]))
                .containsExactly("CREATED", "STOPPED", "STARTED", "MODIFIED");
        assertThat(operations.get(4)).contains("compression: gzip → zstd");

        Run deleted = logdump("tasks", "delete", id);
        assertThat(deleted.status()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).as("nothing is printed for 204").isEmpty();
        assertThat(deleted.err()).isEmpty();
        Run gone = logdump("tasks", "get", id);
        assertThat(gone.status()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("logdump: dump task '" + id + "' does not exist\n");
        assertThat(logdump("tasks", "operations", id).out()).contains("DELETED");
    }

    @Test
    void jsonOptionPrintsTheServersJsonPrettyPrinted() throws Exception {
        String id = task("json-set", "app", "json-bucket", "json-task");

        Run get = logdump("tasks", "get", id, "--json");
        assertThat(get.status()).as(get.toString()).isZero();
        assertThat(get.lines().size()).as("pretty-printed over several lines").isGreaterThan(10);
        assertThat(JSON.readTree(get.out())).isEqualTo(api.get("/api/v1/dump-tasks/" + id).json());

        Run list = logdump("tasks", "list", "--subject", "app", "--json");
        assertThat(JSON.readTree(list.out())).isEqualTo(api.get("/api/v1/dump-tasks?subject=app").json());
        Run subject = logdump("subjects", "get", "json-set", "app", "--json");
        assertThat(JSON.readTree(subject.out())).isEqualTo(api.get("/api/v1/logsets/json-set/subjects/app").json());
        assertThat(JSON.readTree(logdump("regions", "--json").out()))
                .isEqualTo(JSON.readTree(j("[{'name':'local','objectStore':'local'}]")));
        Run preview = logdump("collection", "preview", "json-set", "app", "--json", "one line");
        assertThat(JSON.readTree(preview.out()).get("items").get(0).get("raw").asText())
                .as("the whole answer, not only the table's rows").isEqualTo("one line");
    }

    @Test
    void invalidTaskNameExitsOneWithTheServersSentenceOnStderrOnce() {
        task("names", "web", "names-bucket", "ok-name");
        String detail = api.post("/api/v1/dump-tasks",
                j("{'name':'a b','logset':'names','subject':'web','bucket':'names-bucket'}")).detail();

        Run r = logdump("tasks", "create", "--name", "a b", "--logset", "names", "--subject", "web", "--bucket", "names-bucket");

        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(detail).as("one broken rule: the sentence is the rule").isEqualTo("name: may only contain Chinese characters, letters, digits, _ and -");
        assertThat(r.err().lines()).as("printed once").containsExactly("logdump: " + detail);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyBrokenRuleIsListedUnderTheSentence() {
        Run r = logdump("tasks", "create", "--name", "lonely");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines().toList()).containsExactly(
                "logdump: 3 fields break a rule: logset, subject, bucket.",
                "  logset: is required", "  subject: is required", "  bucket: is required");
    }

    @Test
    void conflictExitsOneWithTheServersDetail() {
        String id = task("conflicts", "web", "conflicts-bucket", "twice");
        assertThat(logdump("tasks", "stop", id).status()).isZero();

        Run again = logdump("tasks", "stop", id);

        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("logdump: dump task '" + id + "' is already stopped\n");
    }

    @Test
    void unreachableServerExitsOneSayingItCannotBeReached() {
        Run r = run("health", "--server", "http://127.0.0.1:1");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("logdump: cannot reach the server at http://127.0.0.1:1: ");
        assertThat(r.err().lines()).as("one line, no stack trace").hasSize(1);
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitStatusTwo() {
        Run r = logdump("tasks", "list", "--bogus");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--bogus'").contains("Usage: logdump tasks list");
    }

    @Test
    void usageMistakesTheOptionsCannotExpressAlsoExitTwo() {
        assertThat(run("tasks").status()).as("a group without its subcommand").isEqualTo(2);
        assertThat(logdump("tasks", "modify", "dt-any").status()).as("nothing to modify").isEqualTo(2);
        assertThat(logdump("tasks", "modify", "dt-any", "--columns", "a").status()).as("columns without format").isEqualTo(2);
        assertThat(logdump("collection", "set", "any", "any").status()).as("no parser").isEqualTo(2);
        Run notUrl = run("health", "--server", "localhost:8080");
        assertThat(notUrl.status()).isEqualTo(2);
        assertThat(notUrl.err()).contains("--server 'localhost:8080' is not an http:// or https:// URL");
    }

    @Test
    void previewReadsSampleLinesFromStdinWithInlineConfiguration() {
        subject("preview", "csv");

        Run r = withStdin("alice,42\nbob\n", () -> logdump("collection", "preview", "preview", "csv",
                "--delimiter", ",", "--fields", "user,age", "-"));

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.lines().get(0)).matches("LINE +ACCEPTED +TIME +RESULT");
        assertThat(r.lines().get(1)).startsWith("1 ").endsWith("{\"user\":\"alice\",\"age\":\"42\"}");
        assertThat(r.lines().get(2)).startsWith("2 ").contains("error: ");
        assertThat(api.get("/api/v1/logsets/preview/subjects/csv/collection").json().get("parser").get("type").asText())
                .as("the saved configuration is untouched").isEqualTo("raw");
    }

    @Test
    void bodiesComeFromFilesWithOptionsOverridingThem() throws Exception {
        subject("files", "web");
        Path collection = Files.writeString(dir.resolve("collection.json"), j("{'parser':{'type':'json'},'onParseError':'reject'}"));
        Run set = logdump("collection", "set", "files", "web", "--file", collection.toString(), "--on-parse-error", "keep_raw");
        assertThat(set.status()).as(set.toString()).isZero();
        assertThat(set.value("parser.type")).isEqualTo("json");
        assertThat(set.value("onParseError")).isEqualTo("keep_raw");

        assertThat(logdump("buckets", "create", "files-bucket", "--region", "local").status()).isZero();
        Path task = Files.writeString(dir.resolve("task.json"), j("{'name':'from-file','logset':'files','subject':'web',"
                + "'bucket':'files-bucket','format':{'type':'parquet','columns':[{'name':'msg','type':'string'}]}}"));
        Run created = logdump("tasks", "create", "--file", task.toString(), "--compression", "snappy");
        assertThat(created.status()).as(created.toString()).isZero();
        assertThat(created.value("name")).isEqualTo("from-file");
        assertThat(created.value("format.type")).isEqualTo("parquet");
        assertThat(created.value("compression")).isEqualTo("snappy");

        Run missing = logdump("tasks", "create", "--file", dir.resolve("absent.json").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("logdump: cannot read " + dir.resolve("absent.json") + ": no such file\n");
    }

    @Test
    void listsOfLogSetsAndSubjectsAreTablesWithCapitalHeaders() {
        subject("tables", "nginx");

        assertThat(logdump("logsets", "list").lines()).first().asString().matches("NAME +REGION +CREATED +DESCRIPTION");
        List<String> subjects = logdump("subjects", "list", "tables").lines();
        assertThat(subjects).containsExactly("NAME   RETENTION-HOURS  COLLECTION  RECORDS  BYTES  DESCRIPTION",
                "nginx  72               yes         0        0      -");
        assertThat(logdump("health").out()).isEqualTo("status: UP\n");
    }

    @Test
    void terminalControlCharactersFromTheServerAreNeverPrintedAsThey() throws Exception {
        String evil = "x\u001b]0;owned\u0007\u001b[2J\r\u009b31m\u202egnp.exe\u0085";
        assertThat(api.post("/api/v1/logsets", JSON.createObjectNode().put("name", "ctl").put("region", "local")
                .put("description", evil).toString()).status()).isEqualTo(201);

        Run text = logdump("logsets", "get", "ctl");
        Run json = logdump("logsets", "get", "ctl", "--json");
        Run list = logdump("logsets", "list");
        Run missing = logdump("logsets", "get", "no\u001b[2Jpe\u202e");
        subject("ctl-preview", "lines");
        Run preview = logdump("collection", "preview", "ctl-preview", "lines", "a\u001b[31mb\u009bc");

        for (Run r : List.of(text, json, list, missing, preview)) {
            assertThat((r.out() + r.err()).codePoints()).as(r.toString())
                    .noneMatch(c -> c != '\n' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT));
        }
        assertThat(text.value("description")).isEqualTo("x\\x1b]0;owned\\x07\\x1b[2J \\x9b31m\\u202egnp.exe\\x85");
        assertThat(JSON.readTree(json.out()).get("description").asText()).as("still the same JSON").isEqualTo(evil);
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("no\\x1b[2Jpe\\u202e");
    }

    @Test
    void serverAndJsonWorkBeforeOrAfterTheSubcommand() throws Exception {
        String id = task("placed", "web", "placed-bucket", "placed");
        String url = server.server.url();
        JsonNode expected = api.get("/api/v1/dump-tasks/" + id).json();

        Run before = run("--server", url, "tasks", "list", "--logset", "placed");
        Run after = run("tasks", "list", "--logset", "placed", "--server", url);
        assertThat(before.status()).as(before.toString()).isZero();
        assertThat(before.out()).contains(id).isEqualTo(after.out());
        assertThat(JSON.readTree(run("--json", "--server", url, "tasks", "get", id).out())).isEqualTo(expected);
        assertThat(JSON.readTree(run("--server", url, "tasks", "get", id, "--json").out())).isEqualTo(expected);
        assertThat(JSON.readTree(run("--json", "tasks", "get", id, "--server", url).out())).isEqualTo(expected);
        Run closer = run("--server", "http://127.0.0.1:1", "health", "--server", url);
        assertThat(closer.status()).as("the option after the subcommand wins: " + closer).isZero();
        assertThat(run("--server", "localhost:8080", "health").status()).as("checked wherever it is given").isEqualTo(2);
    }

    @Test
    void clientOptionsBeforeServerDemoOrBenchAreUsageMistakes() {
        Run server = run("--json", "server", "--config", dir.resolve("absent.yaml").toString()); // would fail at once if run
        assertThat(server.status()).isEqualTo(2);
        assertThat(server.err()).startsWith("--json is an option of the client commands; 'logdump server' does not take it\n");
        Run bench = run("--server", "http://127.0.0.1:1", "bench", "dump", "--samples", "no-such-folder");
        assertThat(bench.status()).isEqualTo(2);
        assertThat(bench.err()).startsWith("--server is an option of the client commands; 'logdump bench' does not take it\n");
        assertThat(run("demo", "--json").err()).contains("Unknown option: '--json'");
    }

    @Test
    void aRuleTheServersSentenceAlreadyStatesIsNotPrintedAgainUnderIt() {
        Run region = logdump("logsets", "create", "nowhere", "--region", "nope");
        assertThat(region.status()).isEqualTo(1);
        assertThat(region.err()).isEqualTo("logdump: region: 'nope' is not a region; the regions are [local]\n");
        Run status = logdump("tasks", "list", "--status", "bogus");
        assertThat(status.status()).isEqualTo(1);
        assertThat(status.err()).isEqualTo("logdump: query parameter status=bogus must be one of [WAITING, RUNNING, STOPPED]\n");
    }

    @Test
    void helpEndsWithTheExitStatuses() {
        Run help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Exit status:\n  0  done.\n  1  failed: the server refused the request or could not be reached",
                "  2  usage: an unknown command or option", "[--json] [--server=URL] [COMMAND]");
        assertThat(help.out()).contains("history", "files", "logs");
    }

    @Test
    void operationsLogAsJson() throws Exception {
        String id = task("ops-json", "web", "ops-json-bucket", "ops");
        assertThat(logdump("tasks", "stop", id).status()).isZero();

        Run json = logdump("tasks", "operations", id, "--json");

        assertThat(JSON.readTree(json.out())).isEqualTo(api.get("/api/v1/dump-tasks/" + id + "/operations").json());
        assertThat(JSON.readTree(json.out()).get(1).get("operation").asText()).isEqualTo("STOPPED");
    }

    // --- helpers

    /** Runs {@code logdump ARGS --server <test server>}. */
    private static Run logdump(String... args) {
        return run(Stream.concat(Arrays.stream(args), Stream.of("--server", server.server.url())).toArray(String[]::new));
    }

    @Test
    void verifyPrintsTheReportAndExitsOneOnADiscrepancy() throws Exception {
        String id = task("verified", "lines", "verified-bucket", "checked");
        assertThat(api.patch("/api/v1/dump-tasks/" + id, j("{'prefix':'v/','compression':'gzip'}")).status()).isEqualTo(200);
        server.clock.advance(java.time.Duration.ofSeconds(901));
        await(() -> api.get("/api/v1/dump-tasks/" + id).json().get("status").asText().equals("RUNNING"));
        api.postBytes("/api/v1/logsets/verified/subjects/lines/logs", "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain");
        await(() -> !api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("nextDumpTime").isNull());
        server.clock.advance(java.time.Duration.ofSeconds(301));
        await(() -> api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("files").asLong() == 1);

        Run clean = logdump("verify", "--task", id);
        assertThat(clean.status()).as(clean.toString()).isZero();
        assertThat(clean.lines()).contains("records: 3 in the history, 3 decoded, 0 stored but not dumped yet",
                "files: 1 read back (" + api.get("/api/v1/dump-tasks/" + id).json().get("counters").get("bytes").asLong()
                        + " bytes), 1 batches, 1 compared with the log store",
                "missing: 0, changed: 0, extra: 0, gaps: 0, duplicates: 0, content: 0, failed: 0",
                "OK: the bucket matches the history and the log store");

        String key = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0).get("objectKey").asText();
        Path object = dir.resolve("buckets/verified-bucket").resolve(key);
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length - 1] ^= 1;
        Files.write(object, bytes);

        Run tampered = logdump("verify", "--task", id);
        assertThat(tampered.status()).as(tampered.toString()).isEqualTo(1);
        assertThat(tampered.lines()).anyMatch(l -> l.startsWith("CHANGED: object " + key + " has SHA-256"));
        assertThat(tampered.lines()).contains("missing: 0, changed: 1, extra: 0, gaps: 0, duplicates: 0, content: 0, failed: 0", "NOT OK");
        assertThat(tampered.err()).isEqualTo("logdump: task " + id + " does not verify: 1 discrepancy\n");
        Run json = logdump("verify", "--task", id, "--json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(JSON.readTree(json.out()).get("ok").asBoolean()).isFalse();

        Run window = logdump("verify", "--task", id, "--from", "2000-01-01T00:00:00Z", "--to", "2000-01-02T00:00:00Z");
        assertThat(window.status()).as("no file meets the window").isZero();
        Run badTime = logdump("verify", "--task", id, "--from", "yesterday");
        assertThat(badTime.status()).isEqualTo(1);
        assertThat(badTime.err()).contains("query parameter from=yesterday must be an ISO-8601 instant");
        assertThat(logdump("verify").status()).as("--task is required").isEqualTo(2);
        assertThat(logdump("verify", "--task", "dt-nosuch00").status()).isEqualTo(1);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A log set with one subject that has a collection configuration, made through the CLI. */
    private static void subject(String logset, String subject) {
        assertThat(logdump("logsets", "create", logset, "--region", "local").status()).isZero();
        assertThat(logdump("subjects", "create", logset, subject).status()).isZero();
        assertThat(logdump("collection", "set", logset, subject, "--parser", "raw").status()).isZero();
    }

    /** A dump task in a new log set, subject and bucket; returns its id. */
    private static String task(String logset, String subject, String bucket, String name) {
        subject(logset, subject);
        assertThat(logdump("buckets", "create", bucket, "--region", "local").status()).isZero();
        Run created = logdump("tasks", "create", "--name", name, "--logset", logset, "--subject", subject, "--bucket", bucket);
        assertThat(created.status()).as(created.toString()).isZero();
        return created.value("id");
    }
}
