package io.logdump.shippers.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.core.NotFoundException;
import io.logdump.core.UnavailableException;
import io.logdump.ingest.IngestResult;
import io.logdump.shippers.Destination;
import io.logdump.shippers.RecordBatches;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Destination, List<String>> stored = new java.util.LinkedHashMap<>();

    @Test
    void indexAndCreateActionsBecomeRecordsOfTheSubjectTheirIndexNames() throws IOException {
        String body = """
                {"index":{"_index":"shop.app"}}
                {"@timestamp":"2026-11-29T07:00:00Z","log":"one"}
                {"create":{"_id":"given-id"}}
                {"log":"two, to the path's index"}\r
                
                {"create":{"_index":"shop.web","_id":7}}
                {"log":"three"}
                """;
        Answer a = run(body, "shop.app", to -> true, (to, ndjson) -> ok(ndjson));
        assertThat(stored.get(new Destination("acme", "shop", "app"))).containsExactly(
                "{\"@timestamp\":\"2026-11-29T07:00:00Z\",\"log\":\"one\"}", "{\"log\":\"two, to the path's index\"}");
        assertThat(stored.get(new Destination("acme", "shop", "web"))).containsExactly("{\"log\":\"three\"}");
        assertThat(a.json.get("errors").asBoolean()).isFalse();
        JsonNode items = a.json.get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("index").get("status").asInt()).isEqualTo(201);
        assertThat(items.get(0).get("index").get("result").asText()).isEqualTo("created");
        assertThat(items.get(0).get("index").get("_id").asText()).hasSizeGreaterThan(10);
        assertThat(items.get(1).get("create").get("_id").asText()).isEqualTo("given-id");
        assertThat(items.get(1).get("create").get("_index").asText()).isEqualTo("shop.app");
        assertThat(items.get(2).get("create").get("_id").asText()).isEqualTo("7");
    }

    @Test
    void everyItemThatCannotBeStoredSaysWhyInElasticsearchsWords() throws IOException {
        String body = """
                {"index":{"_index":"logstash-2026.11.29"}}
                {"log":"an index that names no subject"}
                {"index":{"_index":"shop.secret"}}
                {"log":"a subject the caller may not send to"}
                {"update":{"_index":"shop.app","_id":"1"}}
                {"doc":{"log":"x"}}
                {"delete":{"_index":"shop.app","_id":"1"}}
                {"index":{}}
                {"log":"no index at all"}
                {"index":{"_index":"shop.app"}}
                   \t
                {"index":{"_index":"shop.app"}}
                {"log":"rejected by the collection configuration"}
                {"index":{"_index":"shop.app"}}
                {"log":"fine"}
                """;
        Answer a = run(body, null, to -> !to.subject().equals("secret"), (to, ndjson) ->
                new IngestResult(1, 1, 0, List.of(new IngestResult.LineError(1, "has no time field 'time'"))));
        assertThat(a.json.get("errors").asBoolean()).isTrue();
        List<String> statuses = new ArrayList<>();
        a.json.get("items").forEach(item -> {
            JsonNode inner = item.elements().next();
            statuses.add(inner.get("status").asInt() + (inner.has("error") ? " " + inner.get("error").get("type").asText() : ""));
        });
        assertThat(statuses).containsExactly("404 index_not_found_exception", "403 security_exception", "400 illegal_argument_exception",
                "400 illegal_argument_exception", "400 action_request_validation_exception", "400 mapper_parsing_exception",
                "400 mapper_parsing_exception", "201");
        assertThat(a.json.get("items").get(0).get("index").get("error").get("reason").asText()).contains("<logset>.<subject>");
        assertThat(a.json.get("items").get(6).get("index").get("error").get("reason").asText()).contains("has no time field");
    }

    @Test
    void aSubjectTheStoreRefusesGivesItsItemsTheirStatusAndTheOthersAreStored() throws IOException {
        String body = """
                {"index":{"_index":"shop.app"}}
                {"log":"stored"}
                {"index":{"_index":"shop.gone"}}
                {"log":"no such subject"}
                {"index":{"_index":"shop.full"}}
                {"log":"the store is full"}
                """;
        Answer a = run(body, null, to -> true, (to, ndjson) -> switch (to.subject()) {
            case "gone" -> throw new NotFoundException("log subject 'gone' does not exist");
            case "full" -> throw new UnavailableException("the disk is full", null);
            default -> ok(ndjson);
        });
        assertThat(a.json.get("items").get(0).get("index").get("status").asInt()).isEqualTo(201);
        assertThat(a.json.get("items").get(1).get("index").get("status").asInt()).isEqualTo(404);
        assertThat(a.json.get("items").get(2).get("index").get("status").asInt()).as("which shippers retry").isEqualTo(429);
    }

    @Test
    void aMalformedActionLineRefusesTheWholeRequest() {
        for (String body : List.of("not json\n{}\n", "{\"index\":{}} trailing\n{}\n", "[1,2]\n", "{\"upsert\":{}}\n{}\n",
                "{\"index\":" + "{\"a\":".repeat(50) + "1" + "}".repeat(51) + "\n{}\n", "{\"index\":{}}\n")) {
            assertThatThrownBy(() -> run(body, "shop.app", to -> true, (to, ndjson) -> ok(ndjson)))
                    .as(body).isInstanceOf(BulkRequest.MalformedException.class);
        }
        assertThat(stored).isEmpty();
    }

    @Test
    void tooManyActionsAreRefusedBeforeTheyFillMemory() {
        String body = "{\"delete\":{}}\n".repeat(BulkRequest.MAX_ACTIONS + 1);
        assertThatThrownBy(() -> run(body, "shop.app", to -> true, (to, ndjson) -> ok(ndjson)))
                .isInstanceOf(BulkRequest.TooManyActionsException.class);
    }

    private record Answer(JsonNode json) {}

    private interface Store {
        IngestResult store(Destination to, byte[] ndjson) throws IOException;
    }

    private Answer run(String body, String pathIndex, java.util.function.Predicate<Destination> may, Store store) throws IOException {
        RecordBatches batches = new RecordBatches(1 << 20, held -> { });
        BulkRequest request = BulkRequest.parse(body.getBytes(StandardCharsets.UTF_8), "acme", pathIndex, may, batches);
        request.settle(batches.deliver((to, ndjson, source) -> {
            IngestResult r = store.store(to, ndjson);
            stored.put(to, List.of(new String(ndjson, StandardCharsets.UTF_8).split("\n")));
            return r;
        }, "test"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        request.writeAnswer(out, 3);
        return new Answer(JSON.readTree(out.toByteArray()));
    }

    private static IngestResult ok(byte[] ndjson) {
        long lines = new String(ndjson, StandardCharsets.UTF_8).lines().count();
        return new IngestResult(lines, 0, 0, List.of());
    }
}
