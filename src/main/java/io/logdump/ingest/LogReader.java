package io.logdump.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.LogSets;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.store.LogStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a subject's records back by log time: records with {@code from <= time < to}, in offset
 * order. Log times need not grow with offsets, so the reader starts at the first offset whose
 * time is at or after {@code from} and filters; one call scans at most {@link #SCAN_BYTES}, returns
 * at most {@link #PAGE_BYTES} of records (raw line and fields; a single larger record comes alone)
 * and gives a cursor to go on from. Thread-safe.
 */
public final class LogReader {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;
    static final long SCAN_BYTES = 64L << 20;
    public static final long PAGE_BYTES = 4L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LogSets logSets;
    private final LogStore store;

    public LogReader(LogSets logSets, LogStore store) {
        this.logSets = logSets;
        this.store = store;
    }

    /** One record as the API shows it. */
    public record Item(long offset, Instant time, Instant receiveTime, String source, String raw, JsonNode fields) {}

    /** A page of records and the cursor of the next page (null at the end). */
    public record Page(List<Item> items, String next) {}

    /**
     * Reads a subject of the subject's account.
     *
     * @param cursor where a previous page ended, or null to start at {@code from}
     * @throws io.logdump.core.NotFoundException for a log set or subject the account does not have
     */
    public Page read(SubjectId subject, Instant from, Instant to, int limit, Long cursor) throws IOException {
        logSets.subject(subject.account(), subject.logset(), subject.subject());
        long end = store.endOffset(subject, 0);
        long offset = cursor != null ? cursor
                : from == null ? store.startOffset(subject, 0) : store.offsetForTime(subject, 0, from);
        List<Item> items = new ArrayList<>();
        long scanned = 0;
        long pageBytes = 0;
        boolean full = false;
        while (offset < end && items.size() < limit && scanned < SCAN_BYTES && !full) {
            List<LogRecord> chunk = store.read(subject, 0, offset, 1 << 20);
            if (chunk.isEmpty()) {
                break;
            }
            for (LogRecord r : chunk) {
                long size = r.raw().length + r.fields().length;
                if ((from == null || r.logTime() >= from.toEpochMilli()) && (to == null || r.logTime() < to.toEpochMilli())) {
                    if (!items.isEmpty() && pageBytes + size > PAGE_BYTES) {
                        offset = r.offset(); // the next page starts with it
                        full = true;
                        break;
                    }
                    items.add(item(r));
                    pageBytes += size;
                }
                offset = r.offset() + 1;
                scanned += size;
                if (items.size() == limit) {
                    break;
                }
            }
        }
        return new Page(items, offset < end ? Long.toString(offset) : null);
    }

    private static Item item(LogRecord r) throws IOException {
        return new Item(r.offset(), Instant.ofEpochMilli(r.logTime()), Instant.ofEpochMilli(r.receiveTime()), r.sourceText(),
                r.rawText(), r.fields().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.fields()));
    }
}
