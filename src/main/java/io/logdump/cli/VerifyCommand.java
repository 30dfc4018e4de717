package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logdump verify --task ID [--from ISO] [--to ISO]}: asks the server to read the task's
 * files back from the bucket and check them against the dump history and the log store, prints
 * the report, and exits 1 when it found any discrepancy. The server does the work because only it
 * may open the history and the log store while it runs.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read every SUCCEEDED file of a dump task back from its bucket and check it against the dump history "
                + "(SHA-256, size, records) and the log store's offsets (gaps, duplicates), and look for missing or extra objects.",
                "Exit status 1 when anything does not match."})
final class VerifyCommand extends ClientCommand {
    /** Reading a task's whole bucket back may take long. */
    static final Duration TIMEOUT = Duration.ofHours(2);

    @Option(names = "--task", required = true, paramLabel = "ID", description = "The dump task id.")
    String task;

    @Option(names = "--from", paramLabel = "ISO", description = "Only files with records logged at or after this instant.")
    String from;

    @Option(names = "--to", paramLabel = "ISO", description = "Only files with records logged before this instant.")
    String to;

    @Override
    void run(Client client) {
        JsonNode report = client.post(TasksCommand.path(task) + "/verify" + Client.query("from", from, "to", to), null, TIMEOUT);
        client.printJsonIfAsked(report);
        client.printLines(text(report));
        int problems = report.path("discrepancies").size();
        if (problems > 0) {
            throw new CommandFailure("task " + task + " does not verify: " + problems + (problems == 1 ? " discrepancy" : " discrepancies"));
        }
    }

    /** The report for people: counts, covered offsets, then one line per discrepancy. */
    static List<String> text(JsonNode r) {
        JsonNode c = r.path("counts");
        List<String> lines = new ArrayList<>();
        lines.add("task " + r.path("taskId").asText() + ", bucket " + r.path("bucket").asText()
                + (r.path("from").isNull() && r.path("to").isNull() ? ""
                        : ", log time " + PlainText.text(r.path("from")) + " to " + PlainText.text(r.path("to"))));
        lines.add("files: " + c.path("files").asLong() + " read back (" + c.path("bytes").asLong() + " bytes), "
                + c.path("batches").asLong() + " batches, " + c.path("comparedBatches").asLong() + " compared with the log store");
        lines.add("records: " + c.path("expectedRecords").asLong() + " in the history, " + c.path("decodedRecords").asLong()
                + " decoded, " + c.path("pendingRecords").asLong() + " stored but not dumped yet");
        for (JsonNode range : r.path("ranges")) {
            lines.add("offsets: partition " + range.path("partition").asInt() + " from " + range.path("fromOffset").asLong()
                    + " to " + range.path("toOffset").asLong());
        }
        lines.add("missing: " + c.path("missing").asLong() + ", changed: " + c.path("changed").asLong() + ", extra: "
                + c.path("extra").asLong() + ", gaps: " + c.path("gaps").asLong() + ", duplicates: " + c.path("duplicates").asLong()
                + ", content: " + c.path("content").asLong() + ", failed: " + c.path("failed").asLong());
        for (JsonNode note : r.path("notes")) {
            lines.add("note: " + note.asText());
        }
        for (JsonNode d : r.path("discrepancies")) {
            lines.add(d.path("kind").asText() + ": " + d.path("detail").asText());
        }
        lines.add(r.path("ok").asBoolean() ? "OK: the bucket matches the history and the log store" : "NOT OK");
        return lines;
    }
}
