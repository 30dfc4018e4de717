package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.core.UnavailableException;
import io.logdump.core.FieldError;
import io.logdump.verify.TaskVerifier;
import io.logdump.verify.VerifyReport;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Checks a dump task's bucket against its history and log store ({@link TaskVerifier}); answers the report. */
final class VerifyController {
    private final DumpTasks tasks;
    private final TaskVerifier verifier;

    VerifyController(DumpTasks tasks, TaskVerifier verifier) {
        this.tasks = tasks;
        this.verifier = verifier;
    }

    void verify(Context ctx) {
        String account = Caller.account(ctx);
        DumpTask task = tasks.get(account, ctx.pathParam("id"));
        Instant from = Requests.query(ctx, "from", IngestController::instant);
        Instant to = Requests.query(ctx, "to", IngestController::instant);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new RequestException("query parameter to=" + to + " must be after from=" + from,
                    List.of(new FieldError("to", "must be after from")));
        }
        VerifyReport report;
        try {
            report = verifier.verify(account, task.id(), from, to);
        } catch (IOException e) {
            throw new UnavailableException("cannot read bucket " + task.bucket() + " or the log store to verify task "
                    + task.id() + ": " + e.getMessage(), e);
        }
        ctx.json(report);
    }
}
