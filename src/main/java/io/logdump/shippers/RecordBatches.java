package io.logdump.shippers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logdump.core.ConflictException;
import io.logdump.core.LogdumpException;
import io.logdump.core.NotFoundException;
import io.logdump.core.UnavailableException;
import io.logdump.ingest.IngestResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The records of one request on their way to their destinations: one NDJSON body per destination,
 * in the order the destinations first appear, each record one line. A record is numbered from 0
 * within its destination, which is how {@link Delivery} reports its fate. All bodies together
 * hold at most {@code maxBytes}: past it, {@link TooLargeException}. Before a body grows,
 * {@code onGrow} is told the bytes all bodies will then hold, so the caller can hold a memory
 * budget for them (and refuse by throwing). Not thread-safe.
 */
public final class RecordBatches {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int FIRST_CAPACITY = 4096;

    private final long maxBytes;
    private final LongConsumer onGrow;
    private final Map<Destination, Body> bodies = new LinkedHashMap<>();
    private long allocated;

    public RecordBatches(long maxBytes, LongConsumer onGrow) {
        this.maxBytes = maxBytes;
        this.onGrow = onGrow;
    }

    /** The records are more than the request may hold once converted (HTTP 413). */
    public static final class TooLargeException extends RuntimeException {
        TooLargeException(long max) {
            super("the records take more than the limit of " + max + " bytes once converted to JSON lines; send smaller batches");
        }
    }

    /**
     * Starts a record of {@code to}: write one JSON object with the generator, then call
     * {@link #endRecord}. The generator writes into the destination's body.
     *
     * @return the record's number within its destination
     */
    public JsonGenerator record(Destination to) {
        return body(to).generator();
    }

    /** Ends the record the last {@link #record} call of {@code to} started. */
    public int endRecord(Destination to) {
        Body body = bodies.get(to);
        try {
            body.generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.records++;
    }

    /**
     * A record given as one line of JSON text, copied as it is (a carriage return in it, only
     * possible as white space between JSON tokens, becomes a space, so the line stays one line).
     *
     * @return the record's number within its destination
     */
    public int line(Destination to, byte[] buf, int start, int end) {
        Body body = body(to);
        if (body.generator != null) {
            try {
                body.generator.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int at = body.size;
        body.write(buf, start, end - start);
        for (int i = at; i < body.size; i++) {
            if (body.bytes[i] == '\r' || body.bytes[i] == '\n') {
                body.bytes[i] = ' ';
            }
        }
        body.write('\n');
        return body.records++;
    }

    /** The destinations, in the order they first appeared. */
    public List<Destination> destinations() {
        return List.copyOf(bodies.keySet());
    }

    public boolean isEmpty() {
        return bodies.isEmpty();
    }

    /** The bytes the bodies hold room for (at least what they hold). */
    public long heldBytes() {
        return allocated;
    }

    /**
     * What became of one destination's records: stored ({@code result}, with a reason for each
     * rejected record, line {@code n} being record {@code n - 1}), or refused as a whole.
     */
    public record Delivery(Destination to, int records, IngestResult result, LogdumpException refused) {
        /** The records stored. */
        public long accepted() {
            return result == null ? 0 : result.accepted();
        }

        /** The records not stored, for whatever reason. */
        public long rejected() {
            return records - accepted();
        }
    }

    /**
     * Stores each destination's records in turn, each durable before the next. A destination that
     * does not exist or has no collection configuration is refused and the others go on. When the
     * store cannot take records now ({@link UnavailableException}) before any destination was
     * stored, the exception is thrown, so that the client retries the whole request; after one
     * was stored, the rest are refused (a retry of the whole would store the first ones twice).
     */
    public List<Delivery> deliver(RecordSink sink, String source) throws IOException {
        List<Delivery> out = new ArrayList<>();
        boolean stored = false;
        for (Map.Entry<Destination, Body> e : bodies.entrySet()) {
            Body body = e.getValue();
            byte[] ndjson = body.finish();
            try {
                out.add(new Delivery(e.getKey(), body.records, sink.store(e.getKey(), ndjson, source), null));
                stored = true;
            } catch (UnavailableException refused) {
                if (!stored) {
                    throw refused;
                }
                out.add(new Delivery(e.getKey(), body.records, null, refused));
            } catch (NotFoundException | ConflictException refused) {
                out.add(new Delivery(e.getKey(), body.records, null, refused));
            }
        }
        return out;
    }

    private Body body(Destination to) {
        return bodies.computeIfAbsent(to, d -> new Body());
    }

    private void grow(long more) {
        if (allocated + more > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        onGrow.accept(allocated + more);
        allocated += more;
    }

    /** One destination's NDJSON, growing by doubling within the request's limit. */
    private final class Body extends OutputStream {
        private byte[] bytes = new byte[0];
        private int size;
        private int records;
        private JsonGenerator generator;

        JsonGenerator generator() {
            if (generator == null) {
                try {
                    generator = JSON.createGenerator(this);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                generator.setRootValueSeparator(null);
            }
            return generator;
        }

        byte[] finish() throws IOException {
            if (generator != null) {
                generator.flush();
            }
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            long needed = (long) size + more;
            if (needed <= bytes.length) {
                return;
            }
            long capacity = Math.max(needed, Math.max(FIRST_CAPACITY, bytes.length * 2L));
            capacity = Math.min(capacity, Math.max(needed, Math.min(Integer.MAX_VALUE - 16, maxBytes)));
            if (capacity > Integer.MAX_VALUE - 16) {
                throw new TooLargeException(maxBytes);
            }
            grow(capacity - bytes.length);
            bytes = Arrays.copyOf(bytes, (int) capacity);
        }
    }
}
