package io.logdump.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.security.RouteRole;
import io.logdump.auth.Access;
import io.logdump.auth.AccessManagement;
import io.logdump.auth.Authenticator;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.Regions;
import io.logdump.catalog.SubjectStatsSource;
import io.logdump.catalog.TaskCountersSource;
import io.logdump.core.LogdumpException;
import io.logdump.dump.FileRetries;
import io.logdump.history.DumpHistory;
import io.logdump.core.SubjectId;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.LogReader;
import io.logdump.shippers.RecordSink;
import io.logdump.verify.TaskVerifier;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** The whole REST API in one table: every route, its controller method, and the error mapping. */
public final class ApiRoutes {
    private ApiRoutes() {}

    /**
     * The services the API talks to; {@code metrics} gives the Prometheus text of {@code GET /metrics},
     * {@code metadata} the health of the metadata database for {@code GET /health} and 503 answers.
     */
    public record Services(Regions regions, LogSets logSets, DumpTasks dumpTasks, DumpHistory history, Ingest ingest, LogReader logReader,
                           SubjectStatsSource subjectStats, Consumer<SubjectId> onSubjectDeleted,
                           TaskCountersSource taskCounters, FileRetries retries, Function<String, String> metrics, TaskVerifier verifier,
                           Clock clock, MetadataHealth metadata, AccessServices access) {}

    /**
     * Who may do what: credentials to principals, and accounts, users and tokens; with
     * {@code metricsPublic}, {@code GET /metrics} needs no principal (and shows every account).
     */
    public record AccessServices(Authenticator authenticator, AccessManagement management, boolean metricsPublic) {}

    /** What a route needs from the caller, as Javalin carries it to {@link AuthController#authenticate}. */
    record Needs(Access access) implements RouteRole {}

    private static final Needs PUBLIC = new Needs(Access.PUBLIC);
    private static final Needs SIGNED_IN = new Needs(Access.SIGNED_IN);
    private static final Needs READ = new Needs(Access.READ);
    private static final Needs INGEST = new Needs(Access.INGEST);
    private static final Needs OPERATE = new Needs(Access.OPERATE);
    private static final Needs ADMIN = new Needs(Access.ADMIN);
    private static final Needs SYSTEM = new Needs(Access.SYSTEM);

    /**
     * The JSON mapper of requests and answers: ISO-8601 times, records both ways. Reading is strict:
     * a duplicate key, or anything but white space after the value, is an error.
     */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * A request that changes state under {@code /api/v1} and carries a body must say it is JSON
     * ({@code application/json}, parameters allowed), else 415: a cross-site HTML form (form-urlencoded,
     * multipart or text/plain) cannot call the API. A request without a body, such as a stop or a
     * retry, may leave Content-Type out. Ingest ({@code ingestPath}) checks its own content types.
     */
    static void requireJson(Context ctx, String ingestPath) {
        HandlerType method = ctx.method();
        if (method != HandlerType.POST && method != HandlerType.PUT && method != HandlerType.PATCH && method != HandlerType.DELETE) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null || !endpoint.path.startsWith("/api/v1/") || endpoint.path.equals(ingestPath)) {
            return;
        }
        String type = ctx.header("Content-Type");
        if (type == null) {
            boolean body = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
            if (!body) {
                return;
            }
            throw new RequestException(415, "a request body needs Content-Type: application/json", List.of());
        }
        if (!type.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            throw new RequestException(415, "Content-Type " + type + " is not accepted; send application/json", List.of());
        }
    }

    /**
     * The overview's history, fed by the running totals of every subject's store and every task's
     * counters, of every account; the caller samples it once a minute.
     */
    public static ThroughputHistory throughputHistory(Services s) {
        return new ThroughputHistory(() -> {
            Map<String, long[]> sums = new HashMap<>(); // per account: stored records, bytes, dumped records, bytes, lag records, seconds
            for (var subject : s.logSets().allSubjects()) {
                var stats = s.subjectStats().stats(subject.id());
                long[] t = sums.computeIfAbsent(subject.account(), a -> new long[6]);
                t[0] += stats.records();
                t[1] += stats.bytes();
            }
            for (var task : s.dumpTasks().all()) {
                var c = s.taskCounters().counters(task);
                long[] t = sums.computeIfAbsent(task.account(), a -> new long[6]);
                t[2] += c.records();
                t[3] += c.bytes();
                t[4] += c.lagRecords();
                t[5] = Math.max(t[5], c.lagSeconds());
            }
            Map<String, ThroughputHistory.Totals> totals = new HashMap<>();
            sums.forEach((account, t) -> totals.put(account, new ThroughputHistory.Totals(t[0], t[1], t[2], t[3], t[4], t[5])));
            return totals;
        }, s.clock());
    }

    /**
     * Builds the server (not started) listening on {@code host:port}; port 0 picks a free port. The
     * web console is served from the class path at {@code /}.
     */
    public static Javalin create(Services s, ThroughputHistory throughput, String host, int port) {
        return create(s, throughput, host, port, ServedHosts.of(host, List.of()));
    }

    /**
     * The security headers of every answer: the console's scripts come only from this server (no
     * inline script), it is never framed, answers are never sniffed, and no referrer leaves it. Over
     * HTTPS, Jetty adds {@code Strict-Transport-Security} to every answer (see {@link Https}).
     */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    /**
     * As {@link #create(Services, ThroughputHistory, String, int)}, answering only requests whose
     * Host header names one of {@code served} (others get 421).
     */
    public static Javalin create(Services s, ThroughputHistory throughput, String host, int port, ServedHosts served) {
        return create(s, throughput, host, port, served, null);
    }

    /**
     * As {@link #create(Services, ThroughputHistory, String, int, ServedHosts)}, over HTTPS on
     * {@code port} when {@code https} is given (see {@link Https}); null: plain HTTP.
     */
    public static Javalin create(Services s, ThroughputHistory throughput, String host, int port, ServedHosts served, Https https) {
        ObjectMapper json = objectMapper();
        Requests requests = new Requests(json);
        CatalogController catalog = new CatalogController(s.regions(), s.logSets(), s.subjectStats(), s.onSubjectDeleted(),
                requests, s.clock());
        RequestBodies bodies = new RequestBodies(s.ingest(), System::nanoTime);
        IngestController logs = new IngestController(s.ingest(), s.logReader(), bodies);
        RecordSink sink = RecordSink.of(s.ingest());
        OtlpController otlp = new OtlpController(bodies, sink);
        ElasticController elastic = new ElasticController(bodies, sink, System::nanoTime);
        HistoryController history = new HistoryController(s.history(), s.dumpTasks(), s.retries());
        DumpTaskController tasks = new DumpTaskController(s.dumpTasks(), s.taskCounters(), requests, s.clock());
        VerifyController verify = new VerifyController(s.dumpTasks(), s.verifier());
        Health health = new Health(s.metadata(), s.clock());
        AuthController auth = new AuthController(s.access().authenticator(), s.access().management(), requests, https != null);
        String subject = "/api/v1/logsets/{logset}/subjects/{subject}";
        return Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            if (https != null) {
                https.configure(cfg, host, port, served);
            }
            cfg.router.handlerWrapper(endpoint -> ctx -> {
                try {
                    endpoint.handler.handle(ctx);
                } catch (Error e) { // Javalin's exception mapping sees only Exceptions
                    ErrorMapper.unexpected(e, ctx);
                }
            });
            cfg.router.ignoreTrailingSlashes = true;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
                files.headers = SECURITY_HEADERS;
            });

            cfg.routes.before(ctx -> { // the shipper protocols answer errors in their own shapes
                if (ctx.path().equals(OtlpController.PATH)) {
                    ErrorMapper.shape(ctx, OtlpController.ERRORS);
                } else if (ElasticController.covers(ctx.path())) {
                    ErrorMapper.shape(ctx, ElasticController.ERRORS);
                }
            });
            cfg.routes.before(ctx -> {
                SECURITY_HEADERS.forEach(ctx::header);
                served.check(ctx);
            });

            cfg.routes.beforeMatched(auth::authenticate);
            cfg.routes.beforeMatched(ctx -> requireJson(ctx, subject + "/logs"));

            // Every route names what it needs from the caller (see Access); AccessMatrixTest holds who gets what.
            cfg.routes.get("/health", health::answer, PUBLIC);
            cfg.routes.get("/metrics", ctx -> {
                // everything, server series included, when public or for a system admin; else the caller's account's series
                var principal = Caller.principalOrNull(ctx);
                String account = principal == null || principal.system() ? null : principal.account();
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(s.metrics().apply(account));
            }, s.access().metricsPublic() ? PUBLIC : READ);
            cfg.routes.get("/api/v1/openapi.json", OpenApiDocument.handler(), PUBLIC);

            cfg.routes.post("/api/v1/session", auth::signIn, PUBLIC);
            cfg.routes.delete("/api/v1/session", auth::signOut, SIGNED_IN);
            cfg.routes.get("/api/v1/me", auth::me, SIGNED_IN);
            cfg.routes.get("/api/v1/accounts", auth::listAccounts, SYSTEM);
            cfg.routes.post("/api/v1/accounts", auth::createAccount, SYSTEM);
            cfg.routes.get("/api/v1/users", auth::listUsers, ADMIN);
            cfg.routes.post("/api/v1/users", auth::createUser, ADMIN);
            cfg.routes.patch("/api/v1/users/{name}", auth::modifyUser, SIGNED_IN); // one's own password; the rest admins
            cfg.routes.delete("/api/v1/users/{name}", auth::deleteUser, ADMIN);
            cfg.routes.get("/api/v1/tokens", auth::listTokens, SIGNED_IN); // one's own; admins the account's
            cfg.routes.post("/api/v1/tokens", auth::createToken, SIGNED_IN); // never more than one's own role
            cfg.routes.delete("/api/v1/tokens/{id}", auth::revokeToken, SIGNED_IN);
            cfg.routes.get("/api/v1/audit", auth::audit, ADMIN);

            cfg.routes.get("/api/v1/time", ctx -> ctx.json(Map.of("now", s.clock().instant())), READ);
            cfg.routes.get("/api/v1/regions", catalog::listRegions, READ);
            cfg.routes.get("/api/v1/buckets", catalog::listBuckets, READ);
            cfg.routes.post("/api/v1/buckets", catalog::createBucket, OPERATE);

            cfg.routes.post("/api/v1/logsets", catalog::createLogSet, OPERATE);
            cfg.routes.get("/api/v1/logsets", catalog::listLogSets, READ);
            cfg.routes.get("/api/v1/logsets/{logset}", catalog::getLogSet, READ);
            cfg.routes.delete("/api/v1/logsets/{logset}", catalog::deleteLogSet, OPERATE);
            cfg.routes.post("/api/v1/logsets/{logset}/subjects", catalog::createSubject, OPERATE);
            cfg.routes.get("/api/v1/logsets/{logset}/subjects", catalog::listSubjects, READ);
            cfg.routes.get(subject, catalog::getSubject, READ);
            cfg.routes.delete(subject, catalog::deleteSubject, OPERATE);
            cfg.routes.get(subject + "/collection", catalog::getCollection, READ);
            cfg.routes.put(subject + "/collection", catalog::putCollection, OPERATE);
            cfg.routes.post(subject + "/collection/preview", catalog::preview, READ);
            cfg.routes.post(subject + "/logs", logs::ingest, INGEST);
            cfg.routes.get(subject + "/logs", logs::read, READ);

            cfg.routes.post("/api/v1/dump-tasks", tasks::create, OPERATE);
            cfg.routes.post("/api/v1/dump-tasks/key-example", tasks::keyExample, READ);
            cfg.routes.get("/api/v1/dump-tasks", tasks::list, READ);
            cfg.routes.get("/api/v1/dump-tasks/{id}", tasks::get, READ);
            cfg.routes.patch("/api/v1/dump-tasks/{id}", tasks::modify, OPERATE);
            cfg.routes.delete("/api/v1/dump-tasks/{id}", tasks::delete, OPERATE);
            cfg.routes.post("/api/v1/dump-tasks/{id}/stop", tasks::stop, OPERATE);
            cfg.routes.post("/api/v1/dump-tasks/{id}/start", tasks::start, OPERATE);
            cfg.routes.get("/api/v1/dump-tasks/{id}/operations", tasks::operations, READ);
            cfg.routes.get("/api/v1/dump-tasks/{id}/files", history::taskFiles, READ);
            cfg.routes.post("/api/v1/dump-tasks/{id}/files/{fileId}/retry", history::retry, OPERATE);
            cfg.routes.get("/api/v1/dump-history", history::all, READ);
            cfg.routes.get("/api/v1/overview/throughput", ctx -> ctx.json(new Views.Throughput(throughput.lastHour(Caller.account(ctx)))), READ);
            cfg.routes.post("/api/v1/dump-tasks/{id}/verify", verify::verify, OPERATE);

            // The shipper protocols, on the same port and principals; each checks an ingest token's subjects itself.
            cfg.routes.post(OtlpController.PATH, otlp::logs, INGEST);
            cfg.routes.get("/", elastic::info, PUBLIC); // the console, or the version for an Elasticsearch client
            cfg.routes.head("/", elastic::ping, PUBLIC);
            cfg.routes.get("/_cluster/health", elastic::health, INGEST);
            cfg.routes.get("/_license", elastic::license, INGEST);
            cfg.routes.get("/_xpack", elastic::xpack, INGEST);
            cfg.routes.get("/_index_template/{name}", elastic::notKept, INGEST);
            cfg.routes.head("/_index_template/{name}", elastic::notKept, INGEST);
            cfg.routes.put("/_index_template/{name}", elastic::acknowledge, INGEST);
            cfg.routes.get("/_ilm/policy/{name}", elastic::notKept, INGEST);
            cfg.routes.put("/_ilm/policy/{name}", elastic::acknowledge, INGEST);
            cfg.routes.post("/_bulk", elastic::bulk, INGEST);
            cfg.routes.post("/{index}/_bulk", elastic::bulk, INGEST);

            cfg.routes.exception(LogdumpException.class, ErrorMapper::domain);
            cfg.routes.exception(RequestException.class, ErrorMapper::request);
            cfg.routes.exception(HttpResponseException.class, ErrorMapper::http);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                String metadataReason = s.metadata().reason(e);
                if (metadataReason == null) {
                    ErrorMapper.unexpected(e, ctx);
                } else {
                    ErrorMapper.metadataUnavailable(e, metadataReason, health.metadataFailed(metadataReason), ctx);
                }
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    ErrorMapper.notFound(ctx);
                }
            });
        });
    }
}
