package io.logdump.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.CollectionConfig;
import io.logdump.catalog.LogSets;
import io.logdump.core.ConflictException;
import io.logdump.core.LogRecord;
import io.logdump.core.NotFoundException;
import io.logdump.core.SubjectId;
import io.logdump.core.UnavailableException;
import io.logdump.core.ValidationException;
import io.logdump.store.LogStore;
import io.logdump.store.RecordSlices;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a request body of log lines into a subject: splits it into lines, checks each line's
 * size and UTF-8, parses it with the subject's collection configuration, and appends the accepted
 * records to the log store as parts of one all-or-nothing append ({@link LogStore#begin}), a few
 * MiB of parsed records at a time, so memory stays bounded whatever the body holds. {@link #ingest}
 * returns only when every accepted record is durable (the store's fsync policy), so an
 * acknowledged record is never lost; and a request that fails stores none of its records (the
 * store's append is all or nothing), so a client's retry never duplicates one. When the disk
 * would be left below its free-space floor by what the request writes, nothing is written and
 * the request is refused with 503. Thread-safe.
 */
public final class Ingest {
    public static final int MAX_REASONS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records are written in parts of about this many bytes (as stored), all parts one append. */
    static final int APPEND_CHUNK_BYTES = 4 << 20;
    /** What a record takes in the store besides its line, source and fields (its times and lengths). */
    private static final int RECORD_BYTES = 28;
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private final LogSets logSets;
    private final LogStore store;
    private final IngestSettings settings;
    private final Clock clock;
    private final LongSupplier freeDiskBytes;
    private final IngestListener listener;
    private final Semaphore memory;

    /**
     * @param freeDiskBytes the usable bytes of the store's disk, asked before each request
     * @param listener told what each request stored and rejected
     */
    public Ingest(LogSets logSets, LogStore store, IngestSettings settings, Clock clock, LongSupplier freeDiskBytes,
                  IngestListener listener) {
        this.logSets = logSets;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.freeDiskBytes = freeDiskBytes;
        this.listener = listener;
        this.memory = new Semaphore((int) Math.min(Integer.MAX_VALUE, settings.memoryBudgetBytes()), true);
    }

    public IngestSettings settings() {
        return settings;
    }

    /**
     * Takes {@code bytes} of the memory budget (at most the whole budget: a body larger than it
     * runs alone), waiting at most {@code wait} for room. Pair a grant with {@link #release}.
     *
     * @return the permits taken, or -1 when the budget had no room for {@code wait} (nothing was taken)
     */
    public int tryReserve(long bytes, Duration wait) throws InterruptedException {
        int permits = (int) Math.min(Math.max(bytes, 1), settings.memoryBudgetBytes());
        return memory.tryAcquire(permits, wait.toNanos(), TimeUnit.NANOSECONDS) ? permits : -1;
    }

    public void release(int permits) {
        memory.release(permits);
    }

    /**
     * Ingests one request body into a subject of the subject's account.
     *
     * @param source who sent it (stored with each record)
     * @throws NotFoundException for a log set or subject the account does not have
     * @throws ConflictException when the subject has no collection configuration
     * @throws UnavailableException when the disk is below its free-space floor (nothing is written)
     * @throws ValidationException when a JSON body is not an array
     */
    public IngestResult ingest(SubjectId subject, BodyFormat format, byte[] body, String source) throws IOException {
        return ingest(subject, format, body, source, MAX_REASONS);
    }

    /**
     * As {@link #ingest(SubjectId, BodyFormat, byte[], String)}, giving the reasons of at most
     * {@code maxReasons} rejected lines (a protocol that answers per record asks for all of them).
     */
    public IngestResult ingest(SubjectId subject, BodyFormat format, byte[] body, String source, int maxReasons) throws IOException {
        CollectionConfig config = logSets.findCollection(subject.account(), subject.logset(), subject.subject()).orElseThrow(() -> {
            logSets.subject(subject.account(), subject.logset(), subject.subject());
            return new ConflictException("log subject '" + subject.subject()
                    + "' has no collection configuration, so its lines cannot be parsed; PUT one first");
        });
        checkFreeDisk(body.length);
        Batch batch = new Batch(subject, new LineParser(config, logSets.currentYear()), config,
                clock.instant(), source.getBytes(StandardCharsets.UTF_8), maxReasons, body.length);
        try {
            if (format == BodyFormat.JSON_ARRAY) {
                splitJsonArray(body, batch);
            } else {
                splitLines(body, batch);
            }
            batch.commit();
        } finally {
            batch.close();
            listener.ingested(subject, batch.accepted, batch.acceptedBytes, batch.rejected, batch.rejectedBytes);
        }
        return new IngestResult(batch.accepted, batch.rejected, batch.invalidUtf8, batch.errors);
    }

    /** 503 when writing {@code bytes} more would take the store's disk below its free-space floor. */
    private void checkFreeDisk(long bytes) {
        long free = freeDiskBytes.getAsLong();
        if (free - bytes < settings.minFreeDiskBytes()) {
            throw new UnavailableException("the log store's disk has " + (free >> 20) + " MiB free; writing this request ("
                    + (bytes >> 20) + " MiB) would take it below the floor of " + (settings.minFreeDiskBytes() >> 20)
                    + " MiB; nothing was written, retry later", null);
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Splits at {@code \n}, {@code \r\n} and {@code \r}, noting for each line whether it has
     * any non-ASCII byte. Eight bytes at a time are skipped while none of them is a control
     * character below {@code \u000e} or a non-ASCII byte (a word test that may also stop on an
     * ordinary byte, which is then looked at one by one).
     */
    private static void splitLines(byte[] body, Batch batch) throws IOException {
        int start = 0;
        long line = 0;
        boolean high = false;
        int n = body.length;
        int i = 0;
        while (i < n) {
            if (i + 8 <= n) {
                long word = (long) LONGS.get(body, i);
                if ((((word - 0x0E * ONES) | word) & HIGHS) == 0) {
                    i += 8;
                    continue;
                }
            }
            byte b = body[i];
            if (b < 0) {
                high = true;
            } else if (b == '\n' || b == '\r') {
                batch.line(++line, body, start, i, high);
                if (b == '\r' && i + 1 < n && body[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
                high = false;
            }
            i++;
        }
        if (start < n) {
            batch.line(++line, body, start, n, high);
        }
    }

    /**
     * Splits a JSON array into its elements without re-serialising them: a streaming parser notes
     * where each element starts and ends in {@code body}, and an object's line is that slice, so
     * its numbers, escapes and spacing are kept byte for byte (as NDJSON keeps them). A string
     * element is its text; other elements are rejected. The whole body is checked before any
     * element goes to the batch, so an invalid body stores nothing.
     */
    private static void splitJsonArray(byte[] body, Batch batch) throws IOException {
        /** Where an element starts and ends in the body, its first token, and a string's text. */
        record Element(int start, int end, JsonToken token, String text) {}
        List<Element> elements = new ArrayList<>();
        if (!utf8(body)) {
            throw ValidationException.of("body", "an application/json body must be UTF-8 (it looks like UTF-16 or UTF-32):"
                    + " an array of objects or strings");
        }
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw ValidationException.of("body", "an application/json body must be an array of objects or strings");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                String text = t == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
                elements.add(new Element(start, (int) p.currentLocation().getByteOffset(), t, text));
            }
            if (p.nextToken() != null) {
                throw ValidationException.of("body", "has content after the JSON array; send one array per request");
            }
        } catch (JsonProcessingException e) {
            throw ValidationException.of("body", "is not valid JSON: " + e.getOriginalMessage());
        }
        for (int i = 0; i < elements.size(); i++) {
            Element element = elements.get(i);
            if (element.token() == JsonToken.START_OBJECT) {
                batch.line(i + 1, body, element.start(), element.end(), true);
            } else if (element.token() == JsonToken.VALUE_STRING) {
                byte[] line = element.text().getBytes(StandardCharsets.UTF_8);
                batch.line(i + 1, line, 0, line.length, true);
            } else {
                String type = switch (element.token()) {
                    case START_ARRAY -> "array";
                    case VALUE_TRUE, VALUE_FALSE -> "boolean";
                    case VALUE_NULL -> "null";
                    default -> "number";
                };
                batch.reject(i + 1, "element " + (i + 1) + " is " + type + ", not an object or a string", element.end() - element.start());
            }
        }
    }

    /**
     * Whether Jackson reads {@code body} as UTF-8: it takes a body that starts with a UTF-16 byte
     * order mark or has a zero byte among its first four for UTF-16 or UTF-32, and then gives no
     * byte offsets (and fails on what is no such text). Neither can start UTF-8 JSON.
     */
    private static boolean utf8(byte[] body) {
        if (body.length >= 2 && ((body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF
                || (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE)) {
            return false;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The records of one request on their way to the store. A line is not copied: it is kept as a
     * slice of the request body ({@link RecordSlices}) and the store encodes it from there; only a
     * line whose invalid UTF-8 is replaced, a JSON string element and parsed fields are new arrays.
     * Not thread-safe.
     */
    private final class Batch {
        private final SubjectId subject;
        private final LineParser parser;
        private final boolean rawFastPath;
        private final boolean json;
        private final Instant receiveTime;
        private final long receiveMillis;
        private final int sourceBytes;
        private final int maxReasons;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final RecordSlices pending;
        private final List<IngestResult.LineError> errors = new ArrayList<>();
        /** What the pending records take in the store (and on disk). */
        private long pendingBytes;
        private LogStore.Append append;
        private long written;
        private long writtenLineBytes;
        private long accepted;
        private long acceptedBytes;
        private long rejected;
        private long rejectedBytes;
        private long invalidUtf8;

        /** @param bodyBytes the size of the body, which sizes the slices' arrays (a record per 80 bytes of a part) */
        Batch(SubjectId subject, LineParser parser, CollectionConfig config, Instant receiveTime, byte[] source, int maxReasons,
              int bodyBytes) {
            this.subject = subject;
            this.maxReasons = maxReasons;
            this.parser = parser;
            this.rawFastPath = config.parser().type().equals("raw") && config.time() == null;
            this.json = parser.isJson();
            this.receiveTime = receiveTime;
            this.receiveMillis = receiveTime.toEpochMilli();
            this.sourceBytes = source.length;
            this.pending = new RecordSlices(receiveMillis, source, Math.min(bodyBytes, APPEND_CHUNK_BYTES) / 80);
        }

        /** One line, {@code buf[start, end)}; {@code maybeNonAscii} false promises that every byte is ASCII. */
        void line(long number, byte[] buf, int start, int end, boolean maybeNonAscii) throws IOException {
            int length = end - start;
            if (length == 0) {
                return;
            }
            if (length > settings.maxLineBytes()) {
                reject(number, "the line is " + length + " bytes, more than the limit of " + settings.maxLineBytes(), length);
                return;
            }
            byte[] data = buf;
            int from = start;
            String text = null;
            if (maybeNonAscii && !isAscii(buf, start, end)) {
                try {
                    text = decoder.decode(ByteBuffer.wrap(buf, start, length)).toString();
                } catch (CharacterCodingException e) {
                    text = new String(buf, start, length, StandardCharsets.UTF_8);
                    data = text.getBytes(StandardCharsets.UTF_8);
                    from = 0;
                    length = data.length;
                    invalidUtf8++;
                }
            }
            if (rawFastPath) {
                add(data, from, length, receiveMillis, LogRecord.NONE);
                return;
            }
            if (json) {
                ParsedLine parsed = parser.parseJsonBytes(data, from, length, receiveTime);
                if (!parsed.accepted()) {
                    reject(number, parsed.error(), length);
                } else {
                    add(data, from, length, parsed.logTime().toEpochMilli(), parsed.error() == null ? null : LogRecord.NONE);
                }
                return;
            }
            ParsedLine parsed = parser.parse(text != null ? text : new String(data, from, length, StandardCharsets.ISO_8859_1),
                    receiveTime);
            if (!parsed.accepted()) {
                reject(number, parsed.error(), length);
                return;
            }
            byte[] fields = parsed.fields().isEmpty() ? LogRecord.NONE : JSON.writeValueAsBytes(parsed.fields());
            add(data, from, length, parsed.logTime().toEpochMilli(), fields);
        }

        void reject(long number, String reason, long lineBytes) {
            rejected++;
            rejectedBytes += lineBytes;
            if (errors.size() < maxReasons) {
                errors.add(new IngestResult.LineError(number, reason));
            }
        }

        /** @param fields {@link LogRecord#NONE}, a JSON object, or null: the line is its own fields */
        private void add(byte[] data, int start, int length, long logTime, byte[] fields) throws IOException {
            pending.add(data, start, length, logTime, fields);
            pendingBytes += RECORD_BYTES + sourceBytes + length + (fields == null ? 0 : fields.length);
            if (pendingBytes >= APPEND_CHUNK_BYTES) {
                writePart();
            }
        }

        /**
         * Writes the pending records as a part of the request's one append (not readable until
         * {@link #commit}), so a request holds at most a chunk of them (positions, not copies) at
         * a time. The free-space floor is checked against each part before it is written.
         */
        private void writePart() {
            if (pending.isEmpty()) {
                return;
            }
            checkFreeDisk(pendingBytes);
            try {
                if (append == null) {
                    append = store.begin(subject, 0);
                }
                append.add(pending);
            } catch (IOException e) {
                LOG.warn("appending {} records to {} failed; none of the request's records was stored", pending.size(),
                        subject.qualified(), e);
                throw notStored(e);
            }
            written += pending.size();
            writtenLineBytes += pending.lineBytes();
            pending.clear();
            pendingBytes = 0;
        }

        /** Makes every accepted record of the request readable (and durable) at once. */
        void commit() {
            writePart();
            if (append == null) {
                return;
            }
            try {
                append.commit();
            } catch (IOException e) {
                LOG.warn("committing {} records to {} failed", written, subject.qualified(), e);
                throw notStored(e);
            }
            accepted = written;
            acceptedBytes = writtenLineBytes;
        }

        /** Discards what was written unless committed: a refused request stores nothing. */
        void close() {
            if (append != null) {
                append.close();
            }
        }

        private UnavailableException notStored(IOException e) {
            return new UnavailableException("the log store could not write the request's records (" + e.getClass().getSimpleName()
                    + "); none of them was stored, retry later", null);
        }
    }

    private static boolean isAscii(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
