package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.auth.ForbiddenException;
import io.logdump.auth.Principal;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordSink;
import io.logdump.shippers.elastic.BulkRequest;
import io.logdump.shippers.elastic.ElasticAnswers;
import io.logdump.shippers.elastic.ElasticIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The Elasticsearch endpoints shippers use: {@code POST /_bulk} and {@code POST /{index}/_bulk}
 * (see {@link BulkRequest}), the version at {@code GET /} and {@code HEAD /}, the cluster's health
 * and the few read-only or set-up calls shippers make before they send (answered, nothing kept).
 * Every answer of these paths, errors included, carries {@code X-Elastic-Product: Elasticsearch}
 * and is shaped as Elasticsearch's. {@code GET /} is also the web console: a request that accepts
 * HTML, or does not ask for JSON, gets the console.
 */
final class ElasticController {
    /** The error shape of these paths: Elasticsearch's error object and the product header. */
    static final ErrorMapper.ErrorShape ERRORS = (ctx, status, detail) -> {
        ctx.header(ElasticAnswers.PRODUCT_HEADER, ElasticAnswers.PRODUCT);
        ctx.json(ElasticAnswers.error(status, ElasticAnswers.errorType(status), detail));
    };

    private final RequestBodies bodies;
    private final RecordSink sink;
    private final LongSupplier nanoTime;

    ElasticController(RequestBodies bodies, RecordSink sink, LongSupplier nanoTime) {
        this.bodies = bodies;
        this.sink = sink;
        this.nanoTime = nanoTime;
    }

    /** Whether a path is one of Elasticsearch's ({@code /_...} or {@code /{index}/_...}), so its errors take their shape. */
    static boolean covers(String path) {
        if (path.startsWith("/_")) {
            return true;
        }
        int slash = path.indexOf('/', 1);
        return slash > 0 && path.startsWith("/_", slash) && !path.startsWith("/api/");
    }

    /** {@code GET /}: the version for an Elasticsearch client, the console for a browser. */
    void info(Context ctx) {
        String accept = ctx.header("Accept");
        boolean elastic = accept != null && accept.toLowerCase(Locale.ROOT).contains("json") && !accept.contains("text/html");
        if (!elastic) {
            ctx.contentType("text/html; charset=utf-8").result(console());
            return;
        }
        product(ctx).json(ElasticAnswers.info());
    }

    /** {@code HEAD /}: the ping of Elasticsearch clients. */
    void ping(Context ctx) {
        product(ctx).status(200).contentType("application/json");
    }

    void health(Context ctx) {
        product(ctx).json(ElasticAnswers.health());
    }

    void license(Context ctx) {
        product(ctx).json(ElasticAnswers.license());
    }

    void xpack(Context ctx) {
        product(ctx).json(ElasticAnswers.xpack());
    }

    /** {@code PUT} of an index template or a lifecycle policy: acknowledged, nothing kept. */
    void acknowledge(Context ctx) {
        product(ctx).json(ElasticAnswers.acknowledged());
    }

    /** {@code GET}/{@code HEAD} of an index template or a lifecycle policy: none is kept (404), so a shipper may create one. */
    void notKept(Context ctx) {
        String what = ctx.endpoint().path.startsWith("/_ilm") ? "lifecycle policy" : "index template";
        product(ctx).status(404).json(ElasticAnswers.notKept(what, ctx.pathParam("name")));
    }

    /** {@code POST /_bulk}, {@code POST /{index}/_bulk}. */
    void bulk(Context ctx) throws Exception {
        long started = nanoTime.getAsLong();
        Principal principal = Caller.principal(ctx);
        String pathIndex = ctx.pathParamMap().get("index");
        if (pathIndex != null) {
            Destination to = ElasticIndex.destination(principal.account(), pathIndex);
            if (to != null && !principal.maySendTo(to.logset(), to.subject())) {
                throw new ForbiddenException("this principal may not send logs to " + to.name() + " (index [" + pathIndex + "])");
            }
        }
        checkContentType(ctx.header("Content-Type"));
        try (BodyBudget budget = bodies.budget()) {
            byte[] body = bodies.read(ctx, budget);
            RecordBatches batches = new RecordBatches(bodies.settings().maxBodyBytes(), held -> budget.holdForRecords(body.length + held));
            BulkRequest request;
            try {
                request = BulkRequest.parse(body, principal.account(), pathIndex, to -> principal.maySendTo(to.logset(), to.subject()),
                        batches);
            } catch (BulkRequest.MalformedException e) {
                throw new RequestException(400, e.getMessage(), List.of());
            } catch (BulkRequest.TooManyActionsException | RecordBatches.TooLargeException e) {
                throw new RequestException(413, e.getMessage(), List.of());
            }
            request.settle(batches.deliver(sink, IngestController.source(ctx.header("X-Log-Source"), ctx.ip())));
            product(ctx).status(200).contentType("application/json");
            request.writeAnswer(ctx.outputStream(), (nanoTime.getAsLong() - started) / 1_000_000);
        }
    }

    /** A bulk body is NDJSON; clients say so in several ways, or not at all. */
    private static void checkContentType(String type) {
        if (type == null) {
            return;
        }
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/x-ndjson") && !media.equals("application/json") && !media.equals("application/vnd.elasticsearch+x-ndjson")
                && !media.equals("application/vnd.elasticsearch+json") && !media.equals("text/plain")) {
            throw new RequestException(415, "Content-Type " + type + " is not accepted for a bulk request; use application/x-ndjson",
                    List.of());
        }
    }

    private static Context product(Context ctx) {
        return ctx.header(ElasticAnswers.PRODUCT_HEADER, ElasticAnswers.PRODUCT);
    }

    private static volatile byte[] console;

    /** The console's page, as the static files serve it at {@code /}. */
    private static byte[] console() {
        byte[] page = console;
        if (page == null) {
            try (InputStream in = ElasticController.class.getResourceAsStream("/console/index.html")) {
                if (in == null) {
                    throw new IllegalStateException("the console's index.html is not on the class path");
                }
                page = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            console = page;
        }
        return page;
    }
}
