package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.catalog.DumpSettings;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.TaskCountersSource;
import io.logdump.catalog.TaskStatus;
import io.logdump.core.Strftime;
import io.logdump.dump.DumpWorker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;

/** Dump tasks: create, list, get, modify, stop, start, delete and the operations log. */
final class DumpTaskController {
    private final DumpTasks tasks;
    private final TaskCountersSource counters;
    private final Requests requests;
    private final Clock clock;

    DumpTaskController(DumpTasks tasks, TaskCountersSource counters, Requests requests, Clock clock) {
        this.tasks = tasks;
        this.counters = counters;
        this.requests = requests;
        this.clock = clock;
    }

    void create(Context ctx) {
        ctx.status(201).json(view(tasks.create(Caller.actor(ctx), requests.body(ctx))));
    }

    void list(Context ctx) {
        TaskStatus status = Requests.query(ctx, "status", DumpTaskController::status);
        ctx.json(tasks.list(Caller.account(ctx), ctx.queryParam("logset"), ctx.queryParam("subject"), status).stream()
                .map(this::view).toList());
    }

    void get(Context ctx) {
        ctx.json(view(tasks.get(Caller.account(ctx), ctx.pathParam("id"))));
    }

    void modify(Context ctx) {
        String id = ctx.pathParam("id");
        tasks.get(Caller.account(ctx), id);
        ctx.json(view(tasks.modify(Caller.actor(ctx), id, requests.body(ctx))));
    }

    void stop(Context ctx) {
        ctx.json(view(tasks.stop(Caller.actor(ctx), ctx.pathParam("id"))));
    }

    void start(Context ctx) {
        ctx.json(view(tasks.start(Caller.actor(ctx), ctx.pathParam("id"))));
    }

    void delete(Context ctx) {
        tasks.delete(Caller.actor(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }

    /**
     * The object key of the first file of a task with the posted settings holding a record logged
     * now; 422 with the broken rules when the settings are invalid.
     */
    void keyExample(Context ctx) {
        String logset = Requests.query(ctx, "logset", v -> v);
        String subject = Requests.query(ctx, "subject", v -> v);
        DumpSettings settings = tasks.checkSettings(requests.body(ctx), logset == null ? "" : logset,
                subject == null ? "" : subject);
        Instant now = clock.instant();
        String partition = Strftime.compile(settings.partitionFormat()).format(now, ZoneId.of(settings.timeZone()));
        ctx.json(new Views.KeyExample(now, settings.prefix(), partition,
                DumpWorker.exampleKey(settings, "{taskId}", 1, now)));
    }

    void operations(Context ctx) {
        ctx.json(tasks.operations(Caller.account(ctx), ctx.pathParam("id")));
    }

    private Views.Task view(DumpTask task) {
        return new Views.Task(task, counters.counters(task));
    }

    private static TaskStatus status(String value) {
        try {
            return TaskStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of " + Arrays.toString(TaskStatus.values()));
        }
    }
}
