package io.logdump.format.json;

import static io.logdump.format.Records.encode;
import static io.logdump.format.Records.jsonLine;
import static io.logdump.format.Records.parsed;
import static io.logdump.format.Records.raw;
import static io.logdump.format.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logdump.core.LogRecord;
import io.logdump.format.FormatSettings;
import io.logdump.format.Formats;
import io.logdump.format.PythonReader;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import io.logdump.format.Records;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFormatTest {
    /** An independent reader that fails on duplicate names and on anything after the object. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final List<String> OURS = List.of("__time__", "__receive_time__", "__source__");

    @TempDir
    Path dir;

    private static RecordFormat createObjectUnderTest() {
        return Formats.of(new FormatSettings("json", null, ',', false));
    }

    /** Encodes the records and reads each line back with the strict reader. */
    private static List<JsonNode> roundTrip(LogRecord... records) throws IOException {
        String text = new String(encode(createObjectUnderTest(), List.of(records)), StandardCharsets.UTF_8);
        assertThat(text).as("every line ends with LF").endsWith("\n");
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            out.add(STRICT.readTree(line));
        }
        assertThat(out).as("one line per record").hasSize(records.length);
        return out;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void describesItselfAsNdjson() {
        RecordFormat format = createObjectUnderTest();
        assertThat(format.extension()).isEqualTo(".json");
        assertThat(format.contentType()).isEqualTo("application/x-ndjson");
        assertThat(format.compressesInternally()).isFalse();
    }

    @Test
    void writesTheFieldsInTheirOrderThenTimesAndSource() throws IOException {
        JsonNode line = roundTrip(parsed("INFO hi 3", "{\"level\":\"INFO\",\"msg\":\"hi\",\"n\":3,\"ok\":true,\"none\":null}")).get(0);
        assertThat(names(line)).containsExactly("level", "msg", "n", "ok", "none", "__time__", "__receive_time__", "__source__");
        assertThat(line.get("n").isInt()).as("numbers stay numbers").isTrue();
        assertThat(line.get("ok").booleanValue()).isTrue();
        assertThat(line.get("none").isNull()).isTrue();
        assertThat(line.get("__time__").textValue()).isEqualTo("2017-07-16T12:34:56.789Z");
        assertThat(line.get("__receive_time__").textValue()).isEqualTo("2017-07-16T12:35:00.001Z");
        assertThat(line.get("__source__").textValue()).isEqualTo(Records.SOURCE);
    }

    @Test
    void splicesCompactFieldsByteForByte() throws IOException {
        String text = new String(encode(createObjectUnderTest(), List.of(parsed("x", "{\"a\":1.50,\"b\":\"\\u00e9\"}"))), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"a\":1.50,\"b\":\"\\u00e9\",\"__time__\":\"2017-07-16T12:34:56.789Z\","
                + "\"__receive_time__\":\"2017-07-16T12:35:00.001Z\",\"__source__\":\"10.0.0.7\"}\n");
    }

    @Test
    void keepsTheRawLineOnlyWhenTheRecordHasNoFields() throws IOException {
        List<JsonNode> lines = roundTrip(raw("plain line"), parsed("a=1", "{\"a\":\"1\"}"), jsonLine("{\"a\":1}"));
        assertThat(names(lines.get(0))).containsExactly("__time__", "__receive_time__", "__source__", "__raw__");
        assertThat(lines.get(0).get("__raw__").textValue()).isEqualTo("plain line");
        assertThat(lines.get(1).has("__raw__")).as("parsed fields: no raw line").isFalse();
        assertThat(lines.get(2).has("__raw__")).as("a json line: no raw line").isFalse();
    }

    @Test
    void aJsonLineThatIsItsOwnFieldsIsCopiedWithItsNestedValues() throws IOException {
        String line = "{\"time\":\"2017-07-16 12:34:56\",\"req\":{\"path\":\"/a\",\"tags\":[\"x\",{\"y\":null}]},\"n\":-1.5e-3}";
        LogRecord record = jsonLine(line);
        assertThat(record.fieldsAreRaw()).isTrue();
        JsonNode out = roundTrip(record).get(0);
        ObjectNode expected = (ObjectNode) STRICT.readTree(line);
        ObjectNode fields = ((ObjectNode) out).deepCopy();
        fields.remove(OURS);
        assertThat(fields).isEqualTo(expected);
        assertThat(names(out)).startsWith("time", "req", "n");
    }

    @Test
    void whitespaceAndLineBreaksOfAJsonLineDoNotBreakTheLine() throws IOException {
        String spaced = "  { \"a\" : [ 1 , 2 ] ,\t\"b\" : { \"c\" : \"x y\" } }  ";
        String broken = "{\r\n\"a\": [1,\n2],\n \"b\": {\"c\": \"x y\"}\n}";
        String bom = "\uFEFF{\"a\":[1,2],\"b\":{\"c\":\"x y\"}}";
        String empty = " { } ";
        List<JsonNode> lines = roundTrip(jsonLine(spaced), parsed("x", broken), jsonLine(bom), jsonLine(empty));
        JsonNode expected = STRICT.readTree("{\"a\":[1,2],\"b\":{\"c\":\"x y\"}}");
        for (int i = 0; i < 3; i++) {
            ObjectNode fields = ((ObjectNode) lines.get(i)).deepCopy();
            fields.remove(OURS);
            assertThat(fields).as("line %d", i).isEqualTo(expected);
        }
        assertThat(names(lines.get(3))).as("an empty object adds only ours").containsExactly(OURS.toArray(String[]::new));
    }

    @Test
    void ourMembersWinOverFieldsOfTheSameName() throws IOException {
        String fields = "{\"__time__\":\"theirs\",\"x\":1,\"__source__\":{\"a\":1},\"__receive_time__\":0,\"\\u005f_time__\":2,\"__raw__\":\"kept\"}";
        List<JsonNode> lines = roundTrip(jsonLine(fields), parsed("x", fields));
        for (JsonNode line : lines) {
            assertThat(names(line)).as("the strict reader saw no duplicate; ours are last")
                    .containsExactly("x", "__raw__", "__time__", "__receive_time__", "__source__");
            assertThat(line.get("__time__").textValue()).isEqualTo("2017-07-16T12:34:56.789Z");
            assertThat(line.get("__receive_time__").textValue()).isEqualTo("2017-07-16T12:35:00.001Z");
            assertThat(line.get("__source__").textValue()).isEqualTo(Records.SOURCE);
            assertThat(line.get("__raw__").textValue()).as("a field named __raw__ is kept: no raw line is written").isEqualTo("kept");
        }
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersOfTheRawLineAndSource() throws IOException {
        String line = "say \"hi\" C:\\dir\\ tab\there bell\u0007 nul\u0000 del\u007f </script> \u2028";
        String source = "host \"q\"\\\u0001";
        LogRecord record = new LogRecord(0, 0, 0, utf8(source), utf8(line), LogRecord.NONE);
        JsonNode out = roundTrip(record).get(0);
        assertThat(out.get("__raw__").textValue()).isEqualTo(line);
        assertThat(out.get("__source__").textValue()).isEqualTo(source);
    }

    @Test
    void chineseAndOtherNonAsciiTextIsWrittenAsUtf8() throws IOException {
        String line = "{\"消息\":\"你好，世界 😀\",\"level\":\"错误\"}";
        List<JsonNode> lines = roundTrip(jsonLine(line), raw("原始行 😀 ü"), parsed("x", "{\"msg\":\"\\u4e2d\\ud83d\\ude00\"}"));
        assertThat(lines.get(0).get("消息").textValue()).isEqualTo("你好，世界 😀");
        assertThat(lines.get(0).get("level").textValue()).isEqualTo("错误");
        assertThat(lines.get(1).get("__raw__").textValue()).isEqualTo("原始行 😀 ü");
        assertThat(lines.get(2).get("msg").textValue()).isEqualTo("中😀");
        String text = new String(encode(createObjectUnderTest(), List.of(raw("原始行"))), StandardCharsets.UTF_8);
        assertThat(text).as("not \\u-escaped").contains("\"__raw__\":\"原始行\"");
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() throws IOException {
        byte[] line = {'a', (byte) 0xC3, 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF8, (byte) 0xE4, (byte) 0xBD};
        LogRecord record = new LogRecord(0, 0, 0, new byte[] {(byte) 0xFF}, line, LogRecord.NONE);
        JsonNode out = roundTrip(record).get(0);
        assertThat(out.get("__raw__").textValue()).isEqualTo("a\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD");
        assertThat(out.get("__source__").textValue()).isEqualTo("\uFFFD");
    }

    @Test
    void fieldsThatAreNotOneJsonObjectAreWrittenAsARawRecord() throws IOException {
        List<String> bad = List.of("not json", "[1,2]", "{\"a\":1}x", "{\"a\":1", "{\"a\":01}", "{\"a\":'x'}", "{\"a\":\"\t\"}",
                "{\"a\":NaN}", "{\"a\":1,}", "{a:1}", "{\"a\":\"\\x\"}", "{\"a\":tru}", "{\"a\":1.}", "{\"a\":-}", "{}{}");
        for (String fields : bad) {
            JsonNode out = roundTrip(parsed("the line", fields), jsonLine(fields)).get(0);
            assertThat(names(out)).as(fields).containsExactly("__time__", "__receive_time__", "__source__", "__raw__");
            assertThat(out.get("__raw__").textValue()).isEqualTo("the line");
        }
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        JsonNode out = roundTrip(new LogRecord(0, 0, 0, LogRecord.NONE, notUtf8, notUtf8)).get(0);
        assertThat(out.get("__raw__").textValue()).as("an overlong form is not UTF-8").isEqualTo("{\"a\":\"\uFFFD\uFFFD\"}");
    }

    @Test
    void nestingIsCopiedUpToJacksonsLimitOfAThousandLevels() throws IOException {
        String deepest = "{\"a\":" + "[".repeat(999) + "]".repeat(999) + "}";
        String tooDeep = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        ObjectMapper deep = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2000).build()).build());
        String text = new String(encode(createObjectUnderTest(), List.of(jsonLine(deepest), jsonLine(tooDeep))), StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertThat(deep.readTree(lines[0]).has("a")).isTrue();
        assertThat(deep.readTree(lines[1]).has("__raw__")).as("1001 levels: kept raw").isTrue();
    }

    @Test
    void timesHaveMillisecondsOnTheSecondBeforeTheEpochAndPastYear9999() throws IOException {
        long year10000 = java.time.Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
        List<JsonNode> lines = roundTrip(
                new LogRecord(0, 0, -1, utf8("s"), utf8("x"), LogRecord.NONE),
                new LogRecord(0, 1_000, 1_001, utf8("s"), utf8("x"), LogRecord.NONE),
                new LogRecord(0, 1_999, 59_999, utf8("s"), utf8("x"), LogRecord.NONE),
                new LogRecord(0, year10000 + 7, -62_167_219_200_000L, utf8("s"), utf8("x"), LogRecord.NONE));
        assertThat(lines).extracting(l -> l.get("__time__").textValue()).containsExactly(
                "1970-01-01T00:00:00.000Z", "1970-01-01T00:00:01.000Z", "1970-01-01T00:00:01.999Z", "+10000-01-01T00:00:00.007Z");
        assertThat(lines).extracting(l -> l.get("__receive_time__").textValue()).containsExactly(
                "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:01.001Z", "1970-01-01T00:00:59.999Z", "0000-01-01T00:00:00.000Z");
    }

    @Test
    void randomJsonObjectsKeepTheirMembersAndEveryLineIsValidForPython() throws Exception {
        Random random = new Random(42);
        List<LogRecord> records = new ArrayList<>();
        List<ObjectNode> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ObjectNode fields = randomObject(random, 0);
            String text = random.nextInt(4) == 0 ? STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(fields) : STRICT.writeValueAsString(fields);
            records.add(random.nextBoolean() ? jsonLine(text) : parsed(randomText(random), text));
            expected.add(fields);
            records.add(new LogRecord(0, random.nextLong() % 4_000_000_000_000L, 0, utf8(randomText(random)), randomBytes(random), LogRecord.NONE));
            expected.add(null);
        }
        byte[] bytes = encode(createObjectUnderTest(), records);
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(records.size() + 1);
        for (int i = 0; i < records.size(); i++) {
            ObjectNode out = (ObjectNode) STRICT.readTree(lines[i]);
            if (expected.get(i) == null) {
                assertThat(out.get("__raw__").isTextual()).isTrue();
            } else {
                out.remove(OURS);
                assertThat(out).as("line %d", i).isEqualTo(expected.get(i));
                assertThat(names(out)).isEqualTo(names(expected.get(i)));
            }
        }
        Path file = dir.resolve("random.json");
        Files.write(file, bytes);
        assertThat(PythonReader.ndjsonObjects(file)).as("Python's json module reads every line").isEqualTo(records.size());
    }

    @Test
    void uncompressedBytesCountsEveryByteWrittenPastTheBuffer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordEncoder encoder = createObjectUnderTest().open(out, null, null);
        assertThat(encoder.uncompressedBytes()).isZero();
        String big = "x".repeat(100_000);
        for (int i = 0; i < 3000; i++) {
            encoder.write(i % 1000 == 0 ? raw(big) : jsonLine("{\"i\":" + i + ",\"msg\":\"中文 message\"}"));
        }
        long counted = encoder.uncompressedBytes();
        assertThat(counted).isGreaterThan(3 * 100_000);
        encoder.finish();
        assertThat(out.size()).isEqualTo(counted);
        assertThat(encoder.uncompressedBytes()).isEqualTo(counted);
    }

    @Test
    void finishFlushesAndClosesOnceAndWritesAfterItFail() throws IOException {
        int[] closes = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void close() {
                closes[0]++;
            }
        };
        RecordEncoder encoder = createObjectUnderTest().open(out, null, null);
        encoder.write(raw("a"));
        assertThat(bytes.size()).as("buffered until finish").isZero();
        encoder.finish();
        encoder.finish();
        assertThat(closes[0]).isEqualTo(1);
        assertThat(bytes.size()).isEqualTo(encoder.uncompressedBytes()).isPositive();
        assertThatThrownBy(() -> encoder.write(raw("b"))).isInstanceOf(IllegalStateException.class);
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode node = STRICT.createObjectNode();
        int n = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(10) == 0 ? randomText(random) : "f" + i;
            node.set(name, randomValue(random, depth));
        }
        return node;
    }

    private static JsonNode randomValue(Random random, int depth) {
        return switch (random.nextInt(depth < 3 ? 8 : 6)) {
            case 0 -> STRICT.getNodeFactory().numberNode(random.nextLong());
            case 1 -> STRICT.getNodeFactory().numberNode(random.nextDouble() * 1e6);
            case 2 -> STRICT.getNodeFactory().booleanNode(random.nextBoolean());
            case 3 -> STRICT.getNodeFactory().nullNode();
            case 4, 5 -> STRICT.getNodeFactory().textNode(randomText(random));
            case 6 -> randomObject(random, depth + 1);
            default -> {
                ArrayNode array = STRICT.createArrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
        };
    }

    /** Text of any code points: ASCII, controls, quotes, backslashes, CJK, emoji, line breaks. */
    static String randomText(Random random) {
        String alphabet = "ab \"\\/\n\r\t\u0000\u0001\u001f\u007f\u00e9\u4e2d\u6587\u2028\uFEFF,|;";
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            if (random.nextInt(10) == 0) {
                sb.appendCodePoint(0x1F600 + random.nextInt(50));
            } else {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }

    /** Mostly UTF-8 text, sometimes arbitrary bytes (never LF, which cannot be in a stored line). */
    private static byte[] randomBytes(Random random) {
        if (random.nextBoolean()) {
            return utf8(randomText(random).replace('\n', ' '));
        }
        byte[] b = new byte[random.nextInt(30)];
        random.nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b[i] = ' ';
            }
        }
        return b;
    }
}
