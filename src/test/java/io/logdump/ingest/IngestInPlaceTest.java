package io.logdump.ingest;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static io.logdump.testutil.TestCatalog.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.catalog.LogSets;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.TestCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines are split in place in the request body and stored from there: every boundary case of the
 * splitting, the limits and UTF-8 checks, and the exact bytes of what is stored.
 */
class IngestInPlaceTest {
    static final int MAX_LINE = 200;
    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    final SubjectId raw = new SubjectId(ACCOUNT, "shop", "app");
    final SubjectId json = new SubjectId(ACCOUNT, "shop", "events");
    LocalLogStore store;
    Ingest ingest;

    @BeforeEach
    void setUp() throws Exception {
        TestCatalog catalog = TestCatalog.open(MetadataDatabase.openEmbedded(dir), clock).rawSubject("shop", "app")
                .rawSubject("shop", "events");
        LogSets logSets = catalog.logSets();
        logSets.putCollection(ACCOUNT, "shop", "events",
                body("{'parser':{'type':'json'},'time':{'field':'time','format':'iso8601'},'onParseError':'reject'}"));
        store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(64L << 20, true));
        ingest = new Ingest(logSets, store, new IngestSettings(MAX_LINE, 64L << 20, 0, 64L << 20), clock, () -> Long.MAX_VALUE,
                IngestListener.NONE);
    }

    private List<LogRecord> stored(SubjectId subject) throws Exception {
        List<LogRecord> out = new ArrayList<>();
        long offset = 0;
        while (offset < store.endOffset(subject, 0)) {
            for (LogRecord r : store.read(subject, 0, offset, 1 << 20)) {
                out.add(r);
                offset = r.offset() + 1;
            }
        }
        return out;
    }

    private List<String> storedLines(SubjectId subject) throws Exception {
        return stored(subject).stream().map(LogRecord::rawText).toList();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesEndAtLfCrLfOrABareCrEmptyLinesAreSkippedAndTheLastNeedsNoEnd() throws Exception {
        IngestResult r = ingest.ingest(raw, BodyFormat.TEXT, utf8("a\r\nbb\rccc\n\n\r\n\r\rd\r\n\n\re"), "10.0.0.1");
        assertThat(r.accepted()).isEqualTo(5);
        assertThat(r.rejected()).isZero();
        assertThat(storedLines(raw)).containsExactly("a", "bb", "ccc", "d", "e");

        ingest.ingest(raw, BodyFormat.TEXT, utf8("last ends with a bare cr\r"), "10.0.0.1");
        ingest.ingest(raw, BodyFormat.TEXT, utf8("\r\n"), "10.0.0.1");
        ingest.ingest(raw, BodyFormat.TEXT, new byte[0], "10.0.0.1");
        assertThat(storedLines(raw)).hasSize(6).last().isEqualTo("last ends with a bare cr");
    }

    @Test
    void splittingAgreesWithASimpleSplitterForLinesOfEveryLengthAroundTheWordSize() throws Exception {
        Random random = new Random(5);
        String[] ends = {"\n", "\r\n", "\r", "\n\n"};
        StringBuilder b = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int length = random.nextInt(30);
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < length; k++) {
                int c = random.nextInt(20);
                line.append(c == 0 ? '\t' : c == 1 ? 'é' : c == 2 ? '\u000b' : (char) ('a' + c));
            }
            b.append(line).append(ends[random.nextInt(ends.length)]);
            if (length > 0) {
                expected.add(line.toString());
            }
        }
        IngestResult r = ingest.ingest(raw, BodyFormat.TEXT, utf8(b.toString()), "10.0.0.1");
        assertThat(r.accepted()).isEqualTo(expected.size());
        assertThat(storedLines(raw)).isEqualTo(expected);
    }

    @Test
    void aLineOverTheLimitIsRejectedByItsNumberAndALineAtTheLimitIsStored() throws Exception {
        String atLimit = "x".repeat(MAX_LINE);
        String over = "y".repeat(MAX_LINE + 1);
        IngestResult r = ingest.ingest(raw, BodyFormat.TEXT, utf8("first\n" + over + "\r\n" + atLimit + "\n" + over), "10.0.0.1");
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(2);
        assertThat(r.errors()).extracting(IngestResult.LineError::line).containsExactly(2L, 4L);
        assertThat(r.errors().get(0).reason()).contains((MAX_LINE + 1) + " bytes").contains("limit of " + MAX_LINE);
        assertThat(storedLines(raw)).containsExactly("first", atLimit);
    }

    @Test
    void invalidUtf8IsReplacedAndCountedWhileValidUtf8KeepsItsBytes() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("café ✓ 𝄞\n"));
        body.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xFF, ' ', (byte) 0xC3, '\n'}); // a stray byte and a cut sequence
        body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}); // an encoded surrogate is not UTF-8
        body.writeBytes(utf8("plain"));
        IngestResult r = ingest.ingest(raw, BodyFormat.TEXT, body.toByteArray(), "10.0.0.1");
        assertThat(r.accepted()).isEqualTo(4);
        assertThat(r.invalidUtf8()).isEqualTo(2);
        List<LogRecord> records = stored(raw);
        assertThat(records.get(0).raw()).isEqualTo(utf8("café ✓ 𝄞"));
        assertThat(records.get(1).rawText()).isEqualTo("bad \uFFFD \uFFFD");
        assertThat(records.get(2).rawText()).doesNotContain("\uD800").contains("\uFFFD");
        assertThat(records.get(3).raw()).isEqualTo(utf8("plain"));
        assertThat(records).allSatisfy(rec -> assertThat(rec.sourceText()).isEqualTo("10.0.0.1"))
                .allSatisfy(rec -> assertThat(rec.receiveTime()).isEqualTo(clock.instant().toEpochMilli()))
                .allSatisfy(rec -> assertThat(rec.fields()).isEmpty());
    }

    @Test
    void ndjsonLinesAreStoredByteForByteWithTheirTimeAndTheLineAsTheirFields() throws Exception {
        String a = "{ \"time\" : \"2026-11-26T07:59:00.250Z\", \"n\": 1.000000000000000000001, \"s\":\"\\u00e9\\n\" }";
        String b = "{\"nested\":{\"time\":\"not this one\"},\"time\":\"2026-11-26 08:59:01+01:00\",\"big\":123456789012345678901234567890}";
        String c = "{\"time\":\"2026-11-26T07:00:00Z\"} {\"two\":2}";
        String d = "{\"time\":\"yesterday\"}";
        String e = "{\"time\":\"2026-11-26T06:00:00Z\",\"é\":\"ü\"}";
        IngestResult r = ingest.ingest(json, BodyFormat.NDJSON, utf8(a + "\n" + b + "\r\n" + c + "\n" + d + "\n" + e), "10.0.0.1");
        assertThat(r.accepted()).isEqualTo(3);
        assertThat(r.errors()).extracting(IngestResult.LineError::line).containsExactly(3L, 4L);
        List<LogRecord> records = stored(json);
        assertThat(records).extracting(LogRecord::rawText).containsExactly(a, b, e);
        assertThat(records).extracting(LogRecord::logTime).containsExactly(Instant.parse("2026-11-26T07:59:00.250Z").toEpochMilli(),
                Instant.parse("2026-11-26T07:59:01Z").toEpochMilli(), Instant.parse("2026-11-26T06:00:00Z").toEpochMilli());
        assertThat(records).allSatisfy(rec -> assertThat(rec.fieldsAreRaw()).isTrue());
    }

    @Test
    void aBodyOfManyPartsIsStoredWholeInOrder() throws Exception {
        StringBuilder b = new StringBuilder();
        int lines = 120_000; // about 6 MB as stored: two parts or more of one append
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append(' ').append("w".repeat(i % 17)).append('\n');
        }
        assertThat(ingest.ingest(raw, BodyFormat.TEXT, utf8(b.toString()), "10.0.0.1").accepted()).isEqualTo(lines);
        List<String> stored = storedLines(raw);
        assertThat(stored).hasSize(lines);
        for (int i = 0; i < lines; i += 997) {
            assertThat(stored.get(i)).startsWith("line " + i + " ");
        }
    }
}
