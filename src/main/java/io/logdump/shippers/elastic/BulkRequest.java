package io.logdump.shippers.elastic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.logdump.core.NotFoundException;
import io.logdump.core.UnavailableException;
import io.logdump.ingest.IngestResult;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import io.logdump.shippers.RecordBatches.Delivery;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * An Elasticsearch bulk request ({@code POST /_bulk}, {@code POST /{index}/_bulk}) taken into
 * Logdump. The body is NDJSON: an action line ({@code {"index": {"_index": ..., "_id": ...}}}),
 * then for {@code index} and {@code create} the document, which becomes one record, as sent, of the
 * subject its index names ({@code <logset>.<subject>}; the action's {@code _index}, else the path's).
 * {@code update} and {@code delete} are answered per item with a 400: records are kept as sent.
 * An item whose index names no subject gets 404 {@code index_not_found_exception}, one the caller
 * may not send to 403 {@code security_exception}, and a record the subject's collection
 * configuration rejects 400 {@code mapper_parsing_exception}; a destination the store cannot take
 * now gets 429 {@code es_rejected_execution_exception}, which shippers retry.
 *
 * <p>Bounded: at most {@value #MAX_ACTIONS} actions, an action line of at most
 * {@value #MAX_ACTION_LINE_BYTES} bytes nesting at most {@value #MAX_ACTION_DEPTH} levels; a
 * malformed action line refuses the whole request ({@link MalformedException}, as Elasticsearch
 * does), since what follows it cannot be told apart. Not thread-safe.
 */
public final class BulkRequest {
    public static final int MAX_ACTIONS = 200_000;
    public static final int MAX_ACTION_LINE_BYTES = 64 << 10;
    static final int MAX_ACTION_DEPTH = 8;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_ACTION_DEPTH).build()).build();

    /** The request as a whole cannot be read: HTTP 400 with this Elasticsearch error type. */
    public static final class MalformedException extends RuntimeException {
        private final String type;

        MalformedException(String type, String reason) {
            super(reason);
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    /** The request holds more actions than {@link #MAX_ACTIONS} (HTTP 413). */
    public static final class TooManyActionsException extends RuntimeException {
        TooManyActionsException() {
            super("the bulk request holds more than " + MAX_ACTIONS + " actions; send smaller batches");
        }
    }

    /** One action and, once {@link #settle}d, what became of it. */
    private static final class Item {
        final String action;
        final String index;
        final String id;
        Destination to;
        int record = -1;
        int status;
        String errorType;
        String reason;

        Item(String action, String index, String id) {
            this.action = action;
            this.index = index;
            this.id = id;
        }

        void fail(int status, String type, String reason) {
            this.status = status;
            this.errorType = type;
            this.reason = reason;
        }
    }

    private final List<Item> items = new ArrayList<>();
    private final String idPrefix;

    private BulkRequest() {
        byte[] random = new byte[9];
        ThreadLocalRandom.current().nextBytes(random);
        this.idPrefix = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * Reads a bulk body, putting each document to store into {@code batches}.
     *
     * @param pathIndex the index of the path ({@code /{index}/_bulk}), or null
     * @param mayWrite whether the caller may send to a destination (an ingest token's scope)
     * @throws MalformedException when an action line cannot be read
     * @throws TooManyActionsException past {@link #MAX_ACTIONS}
     */
    public static BulkRequest parse(byte[] body, String account, String pathIndex, Predicate<Destination> mayWrite,
                                    RecordBatches batches) {
        BulkRequest request = new BulkRequest();
        Map<String, Destination> destinations = new HashMap<>();
        int n = body.length;
        int start = 0;
        int lineNumber = 0;
        while (start < n) {
            int end = lineEnd(body, start);
            lineNumber++;
            int next = end + 1;
            int[] trimmed = trim(body, start, end);
            start = next;
            if (trimmed[0] == trimmed[1]) {
                continue; // a blank line between actions
            }
            if (request.items.size() == MAX_ACTIONS) {
                throw new TooManyActionsException();
            }
            Item item = request.action(body, trimmed[0], trimmed[1], lineNumber, pathIndex);
            request.items.add(item);
            if (item.action.equals("delete")) {
                item.fail(400, "illegal_argument_exception", "Logdump keeps records as they were sent: the delete action is not supported");
                continue;
            }
            if (start >= n) {
                throw new MalformedException("action_request_validation_exception",
                        "Validation Failed: 1: the " + item.action + " action on line [" + lineNumber + "] has no source line after it");
            }
            int docEnd = lineEnd(body, start);
            lineNumber++;
            int[] doc = trim(body, start, docEnd);
            start = docEnd + 1;
            if (item.action.equals("update")) {
                item.fail(400, "illegal_argument_exception", "Logdump keeps records as they were sent: the update action is not supported; use index or create");
            } else if (item.index == null) {
                item.fail(400, "action_request_validation_exception", "Validation Failed: 1: index is missing");
            } else if (doc[0] == doc[1]) {
                item.fail(400, "mapper_parsing_exception", "failed to parse: the document on line [" + lineNumber + "] is empty");
            } else {
                Destination to = destinations.computeIfAbsent(item.index, index -> ElasticIndex.destination(account, index));
                if (to == null) {
                    item.fail(404, "index_not_found_exception", ElasticIndex.notFound(item.index));
                } else if (!mayWrite.test(to)) {
                    item.fail(403, "security_exception", "this principal may not send logs to " + to.name() + " (index [" + item.index + "])");
                } else {
                    item.to = to;
                    item.record = batches.line(to, body, doc[0], doc[1]);
                }
            }
        }
        return request;
    }

    /** The number of actions. */
    public int size() {
        return items.size();
    }

    /** Gives each stored item its status from what became of its destination's records. */
    public void settle(List<Delivery> deliveries) {
        Map<Destination, Delivery> byDestination = new HashMap<>();
        Map<Destination, Map<Integer, String>> rejections = new HashMap<>();
        for (Delivery d : deliveries) {
            byDestination.put(d.to(), d);
            Map<Integer, String> reasons = new HashMap<>();
            if (d.result() != null) {
                for (IngestResult.LineError e : d.result().errors()) {
                    reasons.put((int) e.line() - 1, e.reason());
                }
            }
            rejections.put(d.to(), reasons);
        }
        for (Item item : items) {
            if (item.to == null) {
                continue;
            }
            Delivery d = byDestination.get(item.to);
            if (d == null) {
                item.fail(500, "exception", "the record was not stored");
            } else if (d.refused() instanceof UnavailableException) {
                item.fail(429, "es_rejected_execution_exception", d.refused().getMessage());
            } else if (d.refused() instanceof NotFoundException) {
                item.fail(404, "index_not_found_exception", ElasticIndex.notFound(item.index) + " (" + d.refused().getMessage() + ")");
            } else if (d.refused() != null) {
                item.fail(400, "illegal_argument_exception", d.refused().getMessage());
            } else {
                String reason = rejections.get(item.to).get(item.record);
                if (reason != null) {
                    item.fail(400, "mapper_parsing_exception", "failed to parse: the record " + reason);
                } else {
                    item.status = 201;
                }
            }
        }
    }

    /** Whether any item failed (the answer's {@code errors}). */
    public boolean errors() {
        for (Item item : items) {
            if (item.status >= 300) {
                return true;
            }
        }
        return false;
    }

    /** Writes Elasticsearch's bulk answer: {@code took}, {@code errors} and one item per action, in order. */
    public void writeAnswer(OutputStream out, long tookMillis) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("took", tookMillis);
            g.writeBooleanField("errors", errors());
            g.writeArrayFieldStart("items");
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                g.writeStartObject();
                g.writeObjectFieldStart(item.action);
                if (item.index != null) {
                    g.writeStringField("_index", item.index);
                }
                g.writeStringField("_id", item.id != null ? item.id : idPrefix + Integer.toString(i, 36));
                if (item.status < 300) {
                    g.writeNumberField("_version", 1);
                    g.writeStringField("result", "created");
                    g.writeObjectFieldStart("_shards");
                    g.writeNumberField("total", 1);
                    g.writeNumberField("successful", 1);
                    g.writeNumberField("failed", 0);
                    g.writeEndObject();
                    g.writeNumberField("_seq_no", i);
                    g.writeNumberField("_primary_term", 1);
                    g.writeNumberField("status", item.status);
                } else {
                    g.writeNumberField("status", item.status);
                    g.writeObjectFieldStart("error");
                    g.writeStringField("type", item.errorType);
                    g.writeStringField("reason", item.reason);
                    if (item.index != null) {
                        g.writeStringField("index", item.index);
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Reads an action line: {@code {"<action>": {"_index": ..., "_id": ..., ...}}}. */
    private Item action(byte[] body, int start, int end, int lineNumber, String pathIndex) {
        if (end - start > MAX_ACTION_LINE_BYTES) {
            throw malformed(lineNumber, "the line is " + (end - start) + " bytes, more than the " + MAX_ACTION_LINE_BYTES + " an action may have");
        }
        try (JsonParser p = JSON.createParser(body, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(lineNumber, "expected START_OBJECT but found [" + p.currentToken() + "]");
            }
            if (p.nextToken() != JsonToken.FIELD_NAME) {
                throw malformed(lineNumber, "expected FIELD_NAME but found [" + p.currentToken() + "]");
            }
            String action = p.currentName();
            if (!action.equals("index") && !action.equals("create") && !action.equals("update") && !action.equals("delete")) {
                throw malformed(lineNumber, "expected field [create], [delete], [index] or [update] but found [" + action + "]");
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(lineNumber, "expected START_OBJECT after [" + action + "] but found [" + p.currentToken() + "]");
            }
            String index = null;
            String id = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (name.equals("_index") && value == JsonToken.VALUE_STRING) {
                    index = p.getText();
                } else if (name.equals("_id") && value != JsonToken.VALUE_NULL) {
                    id = p.getText();
                }
            }
            if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed(lineNumber, "expected one action, as {\"" + action + "\": {...}}");
            }
            return new Item(action, index != null ? index : pathIndex, id);
        } catch (JsonProcessingException e) {
            throw malformed(lineNumber, "it is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed(lineNumber, "it cannot be read: " + e.getMessage());
        }
    }

    private static MalformedException malformed(int lineNumber, String why) {
        return new MalformedException("illegal_argument_exception", "Malformed action/metadata line [" + lineNumber + "], " + why);
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i;
            }
        }
        return body.length;
    }

    /** {@code [start, end)} without white space at either end. */
    private static int[] trim(byte[] body, int start, int end) {
        while (start < end && isSpace(body[start])) {
            start++;
        }
        while (end > start && isSpace(body[end - 1])) {
            end--;
        }
        return new int[] {start, end};
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
