package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.logdump.cli.PlainText.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code logdump history}: the dump history of every task ({@code GET /api/v1/dump-history}),
 * newest first, filtered; {@code tasks files ID} shows one task's with the same {@link Filters}.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List the files of the dump history, newest first: status, records, size, object key, error, "
                + "and until when a FAILED file can be retried (logdump files retry).",
                "One page (--limit files) unless --all; with --json each page is printed as the server's JSON as it arrives."})
final class HistoryCommand extends ClientCommand {
    @Option(names = "--logset", paramLabel = "L", description = "Only the files of this log set's tasks.")
    String logset;

    @Option(names = "--subject", paramLabel = "S", description = "Only the files of this subject's tasks.")
    String subject;

    @Option(names = "--task", paramLabel = "ID", description = "Only the files of this task.")
    String task;

    @Mixin
    Filters filters;

    @Override
    void run(Client client) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("logset", logset);
        query.put("subject", subject);
        query.put("task", task);
        print(client, "/api/v1/dump-history", query, filters, true);
    }

    /** The filters of a history listing and how many pages to read. */
    static final class Filters {
        @Option(names = "--status", paramLabel = "STATUS", description = "Only files in this status: UPLOADING, SUCCEEDED, FAILED or EXPIRED.")
        String status;

        @Option(names = "--from", paramLabel = "ISO", description = "Only files created at or after this instant, e.g. 2026-11-26T08:00:00Z.")
        String from;

        @Option(names = "--to", paramLabel = "ISO", description = "Only files created before this instant.")
        String to;

        @Option(names = "--limit", paramLabel = "N", description = "Files per page, 1 to 1000 (server default 100).")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Start at this page: the 'next' of a page before.")
        String cursor;

        @Option(names = "--all", description = "Read every page, following each page's 'next'.")
        boolean all;
    }

    /**
     * Prints the files at {@code path}: as one table (with a TASK column when {@code withTask}) and,
     * when pages are left, a note on stderr saying how to read them; with {@code --json} each page
     * as it arrives.
     */
    static void print(Client client, String path, Map<String, String> query, Filters filters, boolean withTask) {
        Map<String, String> parameters = new LinkedHashMap<>(query);
        parameters.put("status", filters.status);
        parameters.put("from", filters.from);
        parameters.put("to", filters.to);
        parameters.put("limit", filters.limit == null ? null : filters.limit.toString());
        ArrayNode items = Client.JSON.createArrayNode();
        String next = client.pages(path, parameters, filters.cursor, filters.all, page -> {
            if (client.json()) {
                client.printJson(page);
            } else {
                page.path("items").forEach(items::add);
            }
        });
        if (client.json()) {
            return;
        }
        client.printList(items, columns(withTask).toArray(Column[]::new));
        if (next != null) {
            client.note("more files: --all lists every page, --cursor " + next + " the next one");
        }
    }

    static List<Column> columns(boolean withTask) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.of("ID", "id"));
        if (withTask) {
            columns.add(Column.of("TASK", "taskId"));
        }
        columns.add(Column.of("STATUS", "status"));
        columns.add(Column.of("CREATED", "createdAt"));
        columns.add(Column.of("RECORDS", "records"));
        columns.add(Column.of("BYTES", "storedBytes"));
        columns.add(Column.of("ATTEMPTS", "attempts"));
        columns.add(Column.of("OBJECT-KEY", "objectKey"));
        columns.add(new Column("RETRY-UNTIL", HistoryCommand::retryUntil));
        columns.add(Column.of("ERROR", "error"));
        return columns;
    }

    /** The end of the retry window, for the files it concerns (FAILED ones, and EXPIRED ones: when it closed). */
    private static String retryUntil(JsonNode file) {
        String status = file.path("status").asText();
        return status.equals("FAILED") || status.equals("EXPIRED") ? PlainText.text(file.path("retryableUntil")) : "-";
    }
}
