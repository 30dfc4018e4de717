package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.catalog.DumpTasks;
import io.logdump.core.LogTimeRange;
import io.logdump.dump.FileRetries;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The dump history: every file of every task, newest first, a page at a time; and the manual retry of a FAILED file. */
final class HistoryController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DumpHistory history;
    private final DumpTasks tasks;
    private final FileRetries retries;

    HistoryController(DumpHistory history, DumpTasks tasks, FileRetries retries) {
        this.history = history;
        this.tasks = tasks;
        this.retries = retries;
    }

    /** A page of files and the cursor of the next page (null at the end). */
    record Page(List<DumpFile> items, String next) {}

    void taskFiles(Context ctx) {
        String account = Caller.account(ctx);
        String id = ctx.pathParam("id");
        tasks.get(account, id);
        ctx.json(page(ctx, account, null, null, id));
    }

    void all(Context ctx) {
        ctx.json(page(ctx, Caller.account(ctx), ctx.queryParam("logset"), ctx.queryParam("subject"), ctx.queryParam("task")));
    }

    /** Uploads a FAILED file again, now, and answers with the file as it is afterwards (SUCCEEDED or FAILED). */
    void retry(Context ctx) {
        ctx.json(retries.retry(Caller.actor(ctx), ctx.pathParam("id"), ctx.pathParam("fileId")));
    }

    /** A page of the account's files; a cursor only says where to go on, so it never reaches another account's. */
    private Page page(Context ctx, String account, String logset, String subject, String taskId) {
        FileStatus status = Requests.query(ctx, "status", v -> {
            try {
                return FileStatus.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be one of " + Arrays.toString(FileStatus.values()));
            }
        });
        Instant from = Requests.query(ctx, "from", HistoryController::instant);
        Instant to = Requests.query(ctx, "to", HistoryController::instant);
        Integer limit = Requests.intQuery(ctx, "limit", 1, MAX_LIMIT);
        String cursor = Requests.query(ctx, "cursor", HistoryController::cursor);
        int n = limit == null ? DEFAULT_LIMIT : limit;
        List<DumpFile> files = history.files(new DumpHistory.Filter(account, logset, subject, taskId, status, from, to), n + 1, cursor);
        if (files.size() <= n) {
            return new Page(files, null);
        }
        List<DumpFile> items = files.subList(0, n);
        DumpFile last = items.get(n - 1);
        return new Page(items, last.createdAt().toEpochMilli() + ":" + last.id());
    }

    /**
     * The {@code cursor} query parameter: {@code <createdAt millis>:<id>} of the last file of a
     * previous page, whose millis are a {@code long}.
     */
    static String cursor(String v) {
        if (!v.matches("\\d+:[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("is not a cursor given by a previous page");
        }
        try {
            Long.parseLong(v.substring(0, v.indexOf(':')));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a cursor given by a previous page");
        }
        return v;
    }

    static Instant instant(String v) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 time with an offset, e.g. 2026-11-26T08:00:00Z");
        }
        if (!LogTimeRange.contains(instant)) {
            throw new IllegalArgumentException("must be a time in " + LogTimeRange.TEXT);
        }
        return instant;
    }
}
