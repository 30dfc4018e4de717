package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.CollectionConfig;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.FileTrees;
import io.logdump.core.JsonFields;
import io.logdump.core.LogRecord;
import io.logdump.core.LogTimeRange;
import io.logdump.core.SubjectId;
import io.logdump.core.ValidationException;
import io.logdump.ingest.BodyFormat;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.IngestResult;
import io.logdump.ingest.IngestSettings;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.FuzzInput;
import io.logdump.testutil.TestCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Ingest request bodies from the fuzzer, through the code a {@code POST .../logs} runs after its
 * headers: the body read and gunzipped as the controller reads it, the subject's collection
 * configuration PUT as the API takes it, and {@link Ingest} splitting, parsing and storing into a
 * real local log store. A body is answered with a result whose counts add up (every line stored
 * or rejected, the store holding exactly the stored ones, readable) or refused with a user error
 * (400 or 413 for the body, 422 for a JSON body that is not an array), never another exception.
 *
 * <p>Each input is three parts: a collection configuration as a PUT body on the first line; on
 * the second, the body's format ({@code text}, {@code ndjson} or {@code json}) and how it is sent
 * ({@code gzip}: compressed by the test, {@code gzip-cut}: compressed and cut short, {@code gzip-raw}:
 * the body is the gzip stream itself); then the body.
 */
class IngestFuzzTest {
    private static final SubjectId SUBJECT = new SubjectId(TestCatalog.ACCOUNT, "fuzz", "app");
    /** Small limits, so that the fuzzer reaches them with small inputs. */
    private static final IngestSettings SETTINGS = new IngestSettings(4 << 10, 256 << 10, 0, 16L << 20);
    private static final ObjectMapper ARRAYS = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final FakeClock CLOCK = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));

    private static Path dir;
    private static LogSets logSets;
    private static LocalLogStore store;
    private static Ingest ingest;
    private static int runs;
    /** The configuration body saved last. */
    private static String saved;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("logdump-ingest-fuzz");
        logSets = TestCatalog.open(MetadataDatabase.openEmbedded(dir), CLOCK).rawSubject(SUBJECT.logset(), SUBJECT.subject()).logSets();
        store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(1 << 20, false));
        ingest = new Ingest(logSets, store, SETTINGS, CLOCK, () -> Long.MAX_VALUE, (s, a, ab, r, rb) -> { });
    }

    @AfterAll
    static void close() throws IOException {
        store.close();
        FileTrees.deleteRecursively(dir);
    }

    @FuzzTest(maxDuration = "3m")
    void ingestBody(byte[] data) throws Exception {
        long start = System.nanoTime();
        FuzzInput in = new FuzzInput(data);
        if (!putCollection(in.line())) {
            return;
        }
        List<String> options = Arrays.asList(in.line().trim().split(" +"));
        BodyFormat format = options.contains("json") ? BodyFormat.JSON_ARRAY
                : options.contains("ndjson") ? BodyFormat.NDJSON : BodyFormat.TEXT;
        byte[] body = in.rest();
        byte[] received = receive(body, options);
        if (received == null) {
            return;
        }
        if (++runs % 5000 == 0) {
            store.delete(SUBJECT); // a long fuzzing run would otherwise fill the disk
        }
        long before = store.endOffset(SUBJECT, 0);
        IngestResult result;
        try {
            result = ingest.ingest(SUBJECT, format, received, "fuzz");
        } catch (ValidationException e) {
            assertThat(format).as("only a JSON body is refused whole: %s", e.getMessage()).isEqualTo(BodyFormat.JSON_ARRAY);
            assertThat(jsonElements(received)).as("a JSON body refused: %s", e.getMessage()).isNull();
            assertThat(store.endOffset(SUBJECT, 0)).as("a refused body stores nothing").isEqualTo(before);
            return;
        }
        boolean json = format == BodyFormat.JSON_ARRAY;
        long lines = json ? jsonElements(received) : lines(received, false);
        long numbered = json ? jsonElementsWithEmptyStrings(received) : lines(received, true);
        assertThat(result.accepted() + result.rejected()).as("every line is stored or rejected: %s", result).isEqualTo(lines);
        assertThat(result.errors()).hasSize((int) Math.min(result.rejected(), Ingest.MAX_REASONS));
        assertThat(result.errors()).as("line numbers count empty lines too").allSatisfy(e -> assertThat(e.line()).isBetween(1L, numbered));
        assertThat(result.invalidUtf8()).isBetween(0L, lines);
        assertThat(stored(before)).as("the records stored by %s", result).hasSize((int) result.accepted()).allSatisfy(r -> {
            assertThat(r.raw().length).isBetween(1, SETTINGS.maxLineBytes());
            assertThat(r.logTime() == CLOCK.millis() || LogTimeRange.contains(Instant.ofEpochMilli(r.logTime()))).isTrue();
        });
        FuzzInput.assertQuick(start, "ingesting the body");
    }

    /**
     * PUTs the subject's collection configuration; false when the body is refused (as the API would,
     * with 400 or 422). The same body as the last one saved is not saved again: the fuzzer mostly
     * changes the request body, and a catalog write takes longer than an ingest.
     */
    private static boolean putCollection(String body) {
        if (body.equals(saved)) {
            return true;
        }
        saved = null;
        JsonFields fields;
        try {
            fields = new Requests(ApiRoutes.objectMapper()).body(body);
        } catch (RequestException e) {
            assertThat(e.status()).isEqualTo(400);
            return false;
        }
        CollectionConfig config;
        try {
            config = logSets.putCollection(SUBJECT.account(), SUBJECT.logset(), SUBJECT.subject(), fields);
        } catch (ValidationException e) {
            return false;
        }
        assertThat(logSets.collection(SUBJECT.account(), SUBJECT.logset(), SUBJECT.subject())).as("the configuration as stored").isEqualTo(config);
        saved = body;
        return true;
    }

    /** The body as the controller reads it off the connection; null when it refuses it (400 or 413). */
    private static byte[] receive(byte[] body, List<String> options) throws IOException, InterruptedException {
        boolean gzip = options.contains("gzip") || options.contains("gzip-cut");
        byte[] sent = gzip ? gzip(body) : body;
        if (options.contains("gzip-cut")) {
            sent = Arrays.copyOf(sent, sent.length - 1 - Math.floorMod(body.length, 8));
        }
        boolean gunzip = gzip || options.contains("gzip-raw");
        try (BodyBudget budget = new BodyBudget(ingest)) {
            byte[] received = RequestBodies.decode(new ByteArrayInputStream(sent), gunzip, SETTINGS.maxBodyBytes(),
                    gunzip ? -1 : sent.length, budget);
            assertThat(options).as("a body cut short is refused").doesNotContain("gzip-cut");
            if (!options.contains("gzip-raw")) {
                assertThat(received).as("the body as sent").isEqualTo(body);
            }
            return received;
        } catch (RequestException e) {
            assertThat(options).as("only a gzip body can be refused: %s", e.getMessage()).containsAnyOf("gzip-cut", "gzip-raw");
            assertThat(e.status()).as(e.getMessage()).isIn(400, 413);
            return null;
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The lines of a text body, ended by {@code \n}, {@code \r\n} or {@code \r}: the non-empty ones, or all. */
    private static long lines(byte[] body, boolean empty) {
        long lines = 0;
        int length = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n' || body[i] == '\r') {
                lines += length > 0 || empty ? 1 : 0;
                length = 0;
                if (body[i] == '\r' && i + 1 < body.length && body[i + 1] == '\n') {
                    i++;
                }
            } else {
                length++;
            }
        }
        return lines + (length > 0 ? 1 : 0);
    }

    /**
     * The elements of a JSON array body, but empty strings (empty lines); null when the body is not
     * one JSON array in UTF-8 (Jackson would take one that starts with a UTF-16 byte order mark or a
     * zero byte for UTF-16 or UTF-32).
     */
    private static Long jsonElements(byte[] body) {
        boolean notUtf8 = body.length >= 2
                && (body[0] == (byte) 0xFE && body[1] == (byte) 0xFF || body[0] == (byte) 0xFF && body[1] == (byte) 0xFE);
        for (int i = 0; i < Math.min(4, body.length); i++) {
            notUtf8 |= body[i] == 0;
        }
        if (notUtf8) {
            return null;
        }
        JsonNode node;
        try {
            node = ARRAYS.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isArray()) {
            return null;
        }
        long elements = 0;
        for (JsonNode element : node) {
            elements += element.isTextual() && element.textValue().isEmpty() ? 0 : 1;
        }
        return elements;
    }

    private static long jsonElementsWithEmptyStrings(byte[] body) throws IOException {
        return ARRAYS.readTree(body).size();
    }

    private static List<LogRecord> stored(long from) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        long offset = from;
        long end = store.endOffset(SUBJECT, 0);
        while (offset < end) {
            List<LogRecord> chunk = store.read(SUBJECT, 0, offset, 1 << 20);
            assertThat(chunk).as("records from offset %d of %d", offset, end).isNotEmpty();
            out.addAll(chunk);
            offset = chunk.get(chunk.size() - 1).offset() + 1;
        }
        return out;
    }
}
