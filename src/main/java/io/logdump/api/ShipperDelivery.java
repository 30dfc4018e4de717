package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.auth.ForbiddenException;
import io.logdump.auth.Principal;
import io.logdump.core.LogdumpException;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import io.logdump.shippers.RecordSink;
import java.io.IOException;
import java.util.List;

/** The last step of a shipper request whose records answer per destination (OTLP, Loki): checked, stored, or refused whole. */
final class ShipperDelivery {
    private ShipperDelivery() {}

    /**
     * Stores each destination's records after checking the principal may send to every one of them
     * (403 before anything is stored); when nothing at all could be stored, throws the first
     * destination's error as the answer to the whole request.
     *
     * @return what became of each destination's records, in order
     */
    static List<Delivery> deliver(Context ctx, Principal principal, RecordBatches batches, RecordSink sink) throws IOException {
        for (Destination to : batches.destinations()) {
            if (!principal.maySendTo(to.logset(), to.subject())) {
                throw new ForbiddenException("this principal may not send logs to " + to.name());
            }
        }
        List<Delivery> deliveries = batches.deliver(sink, IngestController.source(ctx.header("X-Log-Source"), ctx.ip()));
        if (!deliveries.isEmpty() && deliveries.stream().allMatch(d -> d.refused() != null)) {
            LogdumpException first = deliveries.get(0).refused();
            throw first; // nothing was stored: the error of the whole request
        }
        return deliveries;
    }
}
