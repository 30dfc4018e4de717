package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.auth.Principal;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import io.logdump.shippers.RecordSink;
import io.logdump.shippers.loki.LokiRecords;
import io.logdump.shippers.loki.SnappyBlock;
import java.util.List;
import java.util.Locale;

/**
 * Loki's push API, {@code POST /loki/api/v1/push}: a {@code logproto.PushRequest} in one Snappy
 * block ({@code application/x-protobuf}, or no Content-Type, as Loki reads it) or the JSON push
 * request ({@code application/json}), gzip or not; each entry a record of its destination (see
 * {@link LokiRecords}): the subject of the header {@value OtlpController#SUBJECT_HEADER}, else the
 * only subject of an ingest token scoped to one, else each stream's label
 * {@value LokiRecords#SUBJECT_LABEL}. The answer is Loki's: 204 when every entry was stored; 400
 * with a plain-text reason when some were not (the others were stored, so that the client drops the
 * batch rather than sending it again); errors as plain text, which is what Loki writes and what
 * its clients read (they look only at the status, retrying 429 and 5xx).
 */
final class LokiController {
    static final String PATH = "/loki/api/v1/push";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    /** The error shape of {@code /loki/api/v1/push}: the reason as plain text, as Loki answers. */
    static final ErrorMapper.ErrorShape ERRORS = (ctx, status, detail) -> ctx.contentType("text/plain; charset=utf-8").result(detail + "\n");

    private final RequestBodies bodies;
    private final RecordSink sink;

    LokiController(RequestBodies bodies, RecordSink sink) {
        this.bodies = bodies;
        this.sink = sink;
    }

    void push(Context ctx) throws Exception {
        String type = ctx.header("Content-Type");
        String media = type == null ? null : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (media != null && !media.equals(PROTOBUF) && !media.equals(JSON)) {
            throw new RequestException(415, "Content-Type " + type + " is not accepted; Loki's push sends " + PROTOBUF
                    + " (a Snappy block) or " + JSON, List.of());
        }
        boolean json = JSON.equals(media);
        boolean gzip = gzip(ctx.header("Content-Encoding"), json);
        Principal principal = Caller.principal(ctx);
        Destination fixed = OtlpController.fixedDestination(ctx, principal);
        long max = bodies.settings().maxBodyBytes();
        try (BodyBudget budget = bodies.budget()) {
            byte[] body = bodies.read(ctx, budget, gzip);
            RecordBatches batches;
            try {
                byte[] message = json ? body : SnappyBlock.uncompress(body, max, length -> budget.holdForRecords(body.length + length));
                long read = json ? body.length : body.length + (long) message.length;
                batches = new RecordBatches(max, held -> budget.holdForRecords(read + held));
                if (json) {
                    LokiRecords.collectJson(message, principal.account(), fixed, batches);
                } else {
                    LokiRecords.collectProtobuf(message, principal.account(), fixed, batches);
                }
            } catch (LokiRecords.InvalidRequestException | LokiRecords.NoDestinationException | SnappyBlock.InvalidException e) {
                throw new RequestException(400, e.getMessage(), List.of());
            } catch (SnappyBlock.TooLargeException | RecordBatches.TooLargeException e) {
                throw new RequestException(413, e.getMessage(), List.of());
            }
            List<Delivery> deliveries = ShipperDelivery.deliver(ctx, principal, batches, sink);
            String notStored = LokiRecords.notStored(deliveries);
            if (notStored != null) {
                ctx.status(400).contentType("text/plain; charset=utf-8").result(notStored + "\n");
                return;
            }
            ctx.status(204);
        }
    }

    /**
     * Whether to gunzip the body. Loki's clients may also say {@code snappy} for the protobuf body,
     * which is a Snappy block whatever the header says; anything else is 415.
     */
    private static boolean gzip(String encoding, boolean json) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.equalsIgnoreCase("gzip")) {
            return true;
        }
        if (encoding.equalsIgnoreCase("snappy") && !json) {
            return false;
        }
        throw new RequestException(415, "Content-Encoding " + encoding + " is not accepted; use gzip or none (a protobuf body is a "
                + "Snappy block, and may say snappy)", List.of());
    }
}
