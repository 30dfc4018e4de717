package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.auth.Principal;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import io.logdump.shippers.RecordSink;
import io.logdump.shippers.otlp.OtlpRecords;
import io.logdump.shippers.otlp.OtlpRequests;
import java.util.List;
import java.util.Locale;

/**
 * OTLP/HTTP logs, {@code POST /v1/logs}: an {@code ExportLogsServiceRequest} in protobuf
 * ({@code application/x-protobuf}) or JSON ({@code application/json}), each log record a record of
 * its destination (see {@link OtlpRecords}): the subject of the header {@value #SUBJECT_HEADER},
 * else the only subject of an ingest token scoped to one, else each resource's attribute
 * {@code logdump.subject}. The answer is OTLP's, in the request's encoding: the export response
 * with the records not stored as a partial success, or a {@code google.rpc.Status} for an error.
 */
final class OtlpController {
    static final String PATH = "/v1/logs";
    static final String SUBJECT_HEADER = "X-Logdump-Subject";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    /** The error shape of {@code /v1/logs}: a {@code google.rpc.Status} in the request's encoding. */
    static final ErrorMapper.ErrorShape ERRORS = (ctx, status, detail) -> {
        boolean json = JSON.equals(mediaType(ctx));
        ctx.contentType(json ? JSON : PROTOBUF).result(OtlpRecords.status(status, detail, json));
    };

    private final RequestBodies bodies;
    private final RecordSink sink;

    OtlpController(RequestBodies bodies, RecordSink sink) {
        this.bodies = bodies;
        this.sink = sink;
    }

    void logs(Context ctx) throws Exception {
        String media = mediaType(ctx);
        if (!PROTOBUF.equals(media) && !JSON.equals(media)) {
            throw new RequestException(415, "Content-Type " + ctx.header("Content-Type") + " is not accepted; OTLP/HTTP sends "
                    + PROTOBUF + " or " + JSON, List.of());
        }
        boolean json = JSON.equals(media);
        Principal principal = Caller.principal(ctx);
        Destination fixed = fixedDestination(ctx, principal);
        try (BodyBudget budget = bodies.budget()) {
            byte[] body = bodies.read(ctx, budget);
            RecordBatches batches = new RecordBatches(bodies.settings().maxBodyBytes(),
                    held -> budget.holdForRecords(body.length + held));
            try {
                OtlpRecords.collect(body, json, principal.account(), fixed, batches);
            } catch (OtlpRequests.InvalidRequestException | OtlpRecords.NoDestinationException e) {
                throw new RequestException(400, e.getMessage(), List.of());
            } catch (RecordBatches.TooLargeException e) {
                throw new RequestException(413, e.getMessage(), List.of());
            }
            List<Delivery> deliveries = ShipperDelivery.deliver(ctx, principal, batches, sink);
            ctx.status(200).contentType(json ? JSON : PROTOBUF).result(OtlpRecords.answer(deliveries, json));
        }
    }

    /**
     * The destination of every record: the header's, or an ingest token's only subject; null: the
     * request names it (each OTLP resource's attribute, each Loki stream's label).
     */
    static Destination fixedDestination(Context ctx, Principal principal) {
        String header = ctx.header(SUBJECT_HEADER);
        if (header != null) {
            Destination to = Destination.parse(principal.account(), header.trim(), '/');
            if (to == null) {
                throw new RequestException(400, SUBJECT_HEADER + " '" + header + "' is not <logset>/<subject>", List.of());
            }
            return to;
        }
        if (principal.subjects().size() == 1) {
            return Destination.parse(principal.account(), principal.subjects().get(0), '/');
        }
        return null;
    }

    private static String mediaType(Context ctx) {
        String type = ctx.header("Content-Type");
        return type == null ? null : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
