package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.catalog.CollectionConfig;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.LogSubject;
import io.logdump.catalog.SubjectStats;
import io.logdump.catalog.Regions;
import io.logdump.catalog.SubjectStatsSource;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.SubjectId;
import io.logdump.core.ValidationException;
import io.logdump.ingest.LineParser;
import io.logdump.ingest.ParsedLine;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Regions, buckets, log sets, log subjects and collection configurations. */
final class CatalogController {
    static final int MAX_PREVIEW_LINES = 1000;

    private final Regions regions;
    private final LogSets logSets;
    private final SubjectStatsSource stats;
    private final Consumer<SubjectId> onSubjectDeleted;
    private final Requests requests;
    private final Clock clock;

    CatalogController(Regions regions, LogSets logSets, SubjectStatsSource stats, Consumer<SubjectId> onSubjectDeleted,
                      Requests requests, Clock clock) {
        this.onSubjectDeleted = onSubjectDeleted;
        this.regions = regions;
        this.logSets = logSets;
        this.stats = stats;
        this.requests = requests;
        this.clock = clock;
    }

    void listRegions(Context ctx) {
        ctx.json(regions.list());
    }

    void listBuckets(Context ctx) {
        String region = ctx.queryParam("region");
        if (region == null || region.isEmpty()) {
            throw new RequestException("query parameter region is required, e.g. ?region=local",
                    List.of(new FieldError("region", "is required")));
        }
        ctx.json(regions.buckets(Caller.account(ctx), region).stream().map(b -> new Views.Bucket(b, region)).toList());
    }

    void createBucket(Context ctx) {
        JsonFields body = requests.body(ctx);
        String name = body.string("name");
        String region = body.string("region");
        body.rejectUnknown();
        if (region == null || region.isEmpty()) {
            body.errors().add(new FieldError("region", "is required"));
        } else if (regions.find(region).isEmpty()) {
            body.errors().add(new FieldError("region", "'" + region + "' is not a region"));
        }
        if (!body.errors().isEmpty()) {
            throw new ValidationException(body.errors());
        }
        regions.createBucket(Caller.account(ctx), region, name);
        ctx.status(201).json(new Views.Bucket(name, region));
    }

    void createLogSet(Context ctx) {
        ctx.status(201).json(logSets.create(Caller.account(ctx), requests.body(ctx)));
    }

    void listLogSets(Context ctx) {
        ctx.json(logSets.list(Caller.account(ctx)));
    }

    void getLogSet(Context ctx) {
        ctx.json(logSets.get(Caller.account(ctx), ctx.pathParam("logset")));
    }

    void deleteLogSet(Context ctx) {
        logSets.delete(Caller.account(ctx), ctx.pathParam("logset"));
        ctx.status(204);
    }

    void createSubject(Context ctx) {
        LogSubject subject = logSets.createSubject(Caller.account(ctx), ctx.pathParam("logset"), requests.body(ctx));
        // a new subject holds nothing: its answer needs no log store (which, on Kafka, may be out of reach)
        ctx.status(201).json(new Views.Subject(subject, SubjectStats.EMPTY));
    }

    void listSubjects(Context ctx) {
        ctx.json(logSets.subjects(Caller.account(ctx), ctx.pathParam("logset")).stream().map(this::view).toList());
    }

    void getSubject(Context ctx) {
        ctx.json(view(logSets.subject(Caller.account(ctx), ctx.pathParam("logset"), ctx.pathParam("subject"))));
    }

    void deleteSubject(Context ctx) {
        SubjectId subject = new SubjectId(Caller.account(ctx), ctx.pathParam("logset"), ctx.pathParam("subject"));
        logSets.deleteSubject(subject.account(), subject.logset(), subject.subject());
        onSubjectDeleted.accept(subject);
        ctx.status(204);
    }

    void getCollection(Context ctx) {
        ctx.json(logSets.collection(Caller.account(ctx), ctx.pathParam("logset"), ctx.pathParam("subject")));
    }

    void putCollection(Context ctx) {
        ctx.json(logSets.putCollection(Caller.account(ctx), ctx.pathParam("logset"), ctx.pathParam("subject"), requests.body(ctx)));
    }

    /**
     * Parses sample lines as they would be stored, without storing anything. The body is a
     * collection configuration plus {@code lines}; without a parser the subject's saved
     * configuration is used.
     */
    void preview(Context ctx) {
        String account = Caller.account(ctx);
        String logset = ctx.pathParam("logset");
        String subject = ctx.pathParam("subject");
        logSets.subject(account, logset, subject);
        JsonFields body = requests.body(ctx);
        List<String> lines = body.strings("lines");
        if (lines == null && !body.has("lines")) {
            body.errors().add(new FieldError("lines", "is required: the sample lines to parse"));
        } else if (lines != null && lines.size() > MAX_PREVIEW_LINES) {
            body.errors().add(new FieldError("lines", "may hold at most " + MAX_PREVIEW_LINES + " lines (it has " + lines.size() + ")"));
        }
        boolean ownConfig = body.has("parser") || body.has("time") || body.has("onParseError");
        CollectionConfig config = ownConfig ? CollectionConfig.read(body, logSets.currentYear()) : null;
        body.rejectUnknown();
        if (!body.errors().isEmpty()) {
            throw new ValidationException(body.errors());
        }
        if (config == null) {
            config = logSets.collection(account, logset, subject);
        }
        LineParser parser = new LineParser(config, logSets.currentYear());
        Instant now = clock.instant();
        List<Views.PreviewLine> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ParsedLine p = parser.parse(lines.get(i), now);
            items.add(new Views.PreviewLine(i + 1, lines.get(i), p.accepted(), p.logTime(),
                    p.error() == null && config.time() != null, p.fields(), p.error()));
        }
        ctx.json(new Views.Preview(items));
    }

    private Views.Subject view(LogSubject s) {
        return new Views.Subject(s, stats.stats(s.id()));
    }
}
