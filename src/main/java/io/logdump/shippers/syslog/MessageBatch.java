package io.logdump.shippers.syslog;

import io.logdump.core.LogdumpException;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import io.logdump.shippers.RecordSink;
import io.logdump.core.FailureLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages of one sender on their way to the listener's subject: parsed as they arrive,
 * stored in batches of at most {@value #MAX_RECORDS} messages or about {@value #MAX_BYTES}
 * bytes of JSON, and whenever the sender pauses (the listener calls {@link #flush}). A batch the
 * store cannot take (full disk, memory budget, a subject missing or without collection
 * configuration) is tried again, with back-off, until it is stored or the listener closes: the
 * listener reads nothing meanwhile, so a TCP sender is held back instead of losing messages.
 * Not thread-safe: one per connection (TCP) or per listener (UDP).
 */
final class MessageBatch {
    static final int MAX_RECORDS = 2000;
    static final int MAX_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(MessageBatch.class);
    private static final Duration REJECTION_LOG_INTERVAL = Duration.ofMinutes(1);

    private final SyslogSettings settings;
    private final RecordSink sink;
    private final Clock clock;
    private final BooleanSupplier open;
    private final FailureLog failures;
    private final String loop;
    private RecordBatches batch = fresh();
    private int count;
    private String source;
    private Instant lastRejectionLog = Instant.EPOCH;

    /**
     * @param name the listener, for log lines
     * @param open whether the listener is still open: a batch is retried only while it is
     */
    MessageBatch(String name, SyslogSettings settings, RecordSink sink, Clock clock, BooleanSupplier open, FailureLog failures) {
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.open = open;
        this.failures = failures;
        this.loop = "syslog " + name;
    }

    /** Adds one message from {@code source} (the sender's address); a batch of another sender is stored first. */
    void add(byte[] buf, int start, int end, String from) {
        if (source != null && !source.equals(from)) {
            flush();
        }
        source = from;
        SyslogMessage message = SyslogMessage.parse(buf, start, end, clock.instant(), settings.timeZone());
        Destination to = settings.to();
        try {
            message.writeJson(batch.record(to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.endRecord(to);
        count++;
        if (count >= MAX_RECORDS || batch.heldBytes() >= MAX_BYTES) {
            flush();
        }
    }

    /** Stores the batch, trying again until it is stored or the listener closes. */
    void flush() {
        while (count > 0) {
            try {
                List<Delivery> deliveries = batch.deliver(sink, source);
                Delivery d = deliveries.get(0);
                if (d.refused() != null) {
                    throw d.refused();
                }
                failures.succeeded(loop);
                if (d.rejected() > 0) {
                    logRejections(d);
                }
                batch = fresh();
                count = 0;
            } catch (LogdumpException | IOException e) {
                Duration pause = failures.failed(loop, "storing " + count + " messages", e);
                if (!open.getAsBoolean()) {
                    LOG.warn("{}: the listener closed; {} messages could not be stored and are lost", loop, count);
                    batch = fresh();
                    count = 0;
                    return;
                }
                sleep(pause);
            }
        }
    }

    /** The messages not yet stored. */
    int pending() {
        return count;
    }

    private void logRejections(Delivery d) {
        Instant now = clock.instant();
        if (Duration.between(lastRejectionLog, now).compareTo(REJECTION_LOG_INTERVAL) < 0) {
            return;
        }
        lastRejectionLog = now;
        String first = d.result().errors().isEmpty() ? "" : " (the first: " + d.result().errors().get(0).reason() + ")";
        LOG.warn("{}: the collection configuration of {} rejected {} of {} messages{} (logged at most once a minute)", loop,
                d.to().name(), d.rejected(), d.records(), first);
    }

    private static RecordBatches fresh() {
        return new RecordBatches(Long.MAX_VALUE, bytes -> { });
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(Math.max(1, pause.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
