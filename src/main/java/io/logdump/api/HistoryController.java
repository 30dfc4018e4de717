package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.catalog.DumpTasks;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The dump history: every file of every task, newest first, a page at a time. */
final class HistoryController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DumpHistory history;
    private final DumpTasks tasks;

    HistoryController(DumpHistory history, DumpTasks tasks) {
        this.history = history;
        this.tasks = tasks;
    }

    /** A page of files and the cursor of the next page (null at the end). */
    record Page(List<DumpFile> items, String next) {}

    void taskFiles(Context ctx) {
        String id = ctx.pathParam("id");
        tasks.get(id);
        ctx.json(page(ctx, null, null, id));
    }

    void all(Context ctx) {
        ctx.json(page(ctx, ctx.queryParam("logset"), ctx.queryParam("subject"), ctx.queryParam("task")));
    }

    private Page page(Context ctx, String logset, String subject, String taskId) {
        FileStatus status = Requests.query(ctx, "status", v -> {
            try {
                return FileStatus.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be one of " + Arrays.toString(FileStatus.values()));
            }
        });
        Integer limit = Requests.intQuery(ctx, "limit", 1, MAX_LIMIT);
        String cursor = Requests.query(ctx, "cursor", v -> {
            if (!v.matches("\\d+:[A-Za-z0-9-]+")) {
                throw new IllegalArgumentException("is not a cursor given by a previous page");
            }
            return v;
        });
        int n = limit == null ? DEFAULT_LIMIT : limit;
        List<DumpFile> files = history.files(logset, subject, taskId, status, n + 1, cursor);
        if (files.size() <= n) {
            return new Page(files, null);
        }
        List<DumpFile> items = files.subList(0, n);
        DumpFile last = items.get(n - 1);
        return new Page(items, last.createdAt().toEpochMilli() + ":" + last.id());
    }
}
