package io.logdump.format.csv;

import static io.logdump.format.Records.encode;
import static io.logdump.format.Records.jsonLine;
import static io.logdump.format.Records.parsed;
import static io.logdump.format.Records.raw;
import static io.logdump.format.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "2017-07-16T12:34:56.789Z";
    private static final String RECEIVE_TIME = "2017-07-16T12:35:00.001Z";

    @TempDir
    Path dir;

    private static RecordFormat createObjectUnderTest(char delimiter, boolean header, String... columns) {
        List<FormatSettings.Column> list = Arrays.stream(columns).map(c -> new FormatSettings.Column(c, null)).toList();
        return Formats.of(new FormatSettings("csv", list, delimiter, header));
    }

    private static String text(RecordFormat format, LogRecord... records) throws IOException {
        return new String(encode(format, List.of(records)), StandardCharsets.UTF_8);
    }

    /** Encodes the records into a file and reads it back with Python's csv module. */
    private List<List<String>> readBack(RecordFormat format, char delimiter, List<LogRecord> records) throws Exception {
        Path file = dir.resolve("dump.csv");
        Files.write(file, encode(format, records));
        return PythonReader.csv(file, delimiter);
    }

    @Test
    void describesItselfAsCsv() {
        RecordFormat format = createObjectUnderTest(',', true, "a");
        assertThat(format.extension()).isEqualTo(".csv");
        assertThat(format.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(format.compressesInternally()).isFalse();
    }

    @Test
    void writesAHeaderThenTheColumnsInTheirOrderEachLineEndedByLf() throws IOException {
        RecordFormat format = createObjectUnderTest(',', true, "__time__", "level", "msg", "__receive_time__", "__source__");
        String out = text(format, parsed("INFO hello", "{\"msg\":\"hello\",\"level\":\"INFO\",\"other\":1}"));
        assertThat(out).as("LF line ends, no CR").isEqualTo(
                "__time__,level,msg,__receive_time__,__source__\n"
                        + TIME + ",INFO,hello," + RECEIVE_TIME + ",10.0.0.7\n");
    }

    @Test
    void writesNoHeaderWhenItIsSwitchedOff() throws IOException {
        assertThat(text(createObjectUnderTest(',', false, "level", "__raw__"), parsed("I x", "{\"level\":\"I\"}")))
                .isEqualTo("I,I x\n");
        assertThat(text(createObjectUnderTest(',', false, "level"))).as("no records, no bytes").isEmpty();
        assertThat(text(createObjectUnderTest(',', true, "level"))).as("the header is written at open").isEqualTo("level\n");
    }

    @Test
    void missingAndNullFieldsAreEmptyCellsAndAnEmptyStringIsQuoted() throws Exception {
        RecordFormat format = createObjectUnderTest(',', false, "a", "b", "c", "d");
        String out = text(format, parsed("x", "{\"a\":null,\"c\":\"\",\"d\":\"v\"}"));
        assertThat(out).isEqualTo(",,\"\",v\n");
        assertThat(readBack(format, ',', List.of(parsed("x", "{\"a\":null,\"c\":\"\",\"d\":\"v\"}"))))
                .containsExactly(List.of("", "", "", "v"));
    }

    @Test
    void quotesCellsHoldingTheDelimiterQuotesOrLineBreaks() throws Exception {
        RecordFormat format = createObjectUnderTest(',', true, "msg", "__raw__", "n");
        LogRecord record = parsed("a,b \"q\"", "{\"msg\":\"line one\\nline \\\"two\\\", three\\r\\nend\",\"n\":1}");
        assertThat(text(format, record)).isEqualTo(
                "msg,__raw__,n\n\"line one\nline \"\"two\"\", three\r\nend\",\"a,b \"\"q\"\"\",1\n");
        assertThat(readBack(format, ',', List.of(record))).containsExactly(
                List.of("msg", "__raw__", "n"),
                List.of("line one\nline \"two\", three\r\nend", "a,b \"q\"", "1"));
    }

    @Test
    void numbersBooleansObjectsAndArraysAreCompactJsonText() throws Exception {
        RecordFormat format = createObjectUnderTest(',', false, "n", "f", "b", "o", "a");
        LogRecord record = jsonLine("{ \"n\": -12, \"f\": 1.50e3, \"b\": true, \"o\": { \"k\" : [1, \"x y\"] }, \"a\": [ ] }");
        assertThat(readBack(format, ',', List.of(record))).containsExactly(
                List.of("-12", "1.50e3", "true", "{\"k\":[1,\"x y\"]}", "[]"));
    }

    @Test
    void specialColumnsWinOverFieldsOfTheSameNameAndRawIsAlwaysTheLine() throws Exception {
        RecordFormat format = createObjectUnderTest(',', false, "__time__", "__receive_time__", "__source__", "__raw__");
        String fields = "{\"__time__\":\"theirs\",\"__receive_time__\":1,\"__source__\":\"theirs\",\"__raw__\":\"theirs\"}";
        assertThat(readBack(format, ',', List.of(jsonLine(fields), parsed("the line", fields), raw("no fields")))).containsExactly(
                List.of(TIME, RECEIVE_TIME, Records.SOURCE, fields),
                List.of(TIME, RECEIVE_TIME, Records.SOURCE, "the line"),
                List.of(TIME, RECEIVE_TIME, Records.SOURCE, "no fields"));
    }

    @Test
    void recordsWithoutFieldsOrWithUnreadableFieldsHaveEmptyFieldCells() throws IOException {
        RecordFormat format = createObjectUnderTest(',', false, "level", "__raw__");
        assertThat(text(format, raw("plain"), parsed("bad", "{\"level\":"), jsonLine("[\"level\"]")))
                .isEqualTo(",plain\n,bad\n,\"[\"\"level\"\"]\"\n");
    }

    @Test
    void jsonLinesThatAreTheirOwnFieldsFillTheColumns() throws IOException {
        RecordFormat format = createObjectUnderTest(',', false, "level", "msg");
        LogRecord record = jsonLine("{\"time\":\"12:00\",\"level\":\"WARN\",\"msg\":\"disk\"}");
        assertThat(record.fieldsAreRaw()).isTrue();
        assertThat(text(format, record)).isEqualTo("WARN,disk\n");
    }

    @Test
    void chineseTextAndEscapedUnicodeAreWrittenAsUtf8() throws Exception {
        RecordFormat format = createObjectUnderTest(',', true, "消息", "b", "__raw__");
        LogRecord record = parsed("原始，行", "{\"消息\":\"你好，世界 😀\",\"b\":\"\\u4e2d\\u6587\\ud83d\\ude00 \\u00e9 \\ud800\"}");
        assertThat(readBack(format, ',', List.of(record))).containsExactly(
                List.of("消息", "b", "__raw__"),
                List.of("你好，世界 😀", "中文😀 é \uFFFD", "原始，行"));
    }

    @Test
    void escapedKeysMatchTheirColumnAndTheLastOfRepeatedFieldsCounts() throws IOException {
        RecordFormat format = createObjectUnderTest(',', false, "level", "x");
        assertThat(text(format, parsed("l", "{\"le\\u0076el\":\"E\",\"x\":1,\"x\":2}"))).isEqualTo("E,2\n");
    }

    @ParameterizedTest
    @ValueSource(chars = {'|', '\t', ';', '；'})
    void anyDelimiterSeparatesCellsAndQuotesTheCellsHoldingIt(char delimiter) throws Exception {
        RecordFormat format = createObjectUnderTest(delimiter, true, "a", "b", "__raw__");
        String d = String.valueOf(delimiter);
        LogRecord record = parsed("raw" + d + "line, with comma", "{\"a\":\"x" + (delimiter == '\t' ? "\\t" : d) + "y\",\"b\":\"p,q\"}");
        String out = text(format, record);
        assertThat(out).isEqualTo("a" + d + "b" + d + "__raw__\n\"x" + d + "y\"" + d + "p,q" + d + "\"raw" + d + "line, with comma\"\n");
        assertThat(readBack(format, delimiter, List.of(record))).containsExactly(
                List.of("a", "b", "__raw__"), List.of("x" + d + "y", "p,q", "raw" + d + "line, with comma"));
    }

    @ParameterizedTest
    @ValueSource(chars = {',', '|', '\t'})
    void randomRecordsReadBackCellForCellWithPythonsCsvModule(char delimiter) throws Exception {
        Random random = new Random(7);
        List<String> columns = List.of("__time__", "f0", "f1", "f2", "f3", "__source__", "__raw__");
        RecordFormat format = createObjectUnderTest(delimiter, true, columns.toArray(String[]::new));
        List<LogRecord> records = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        expected.add(columns);
        for (int i = 0; i < 1000; i++) {
            ObjectNode fields = JSON.createObjectNode();
            for (int f = 0; f < 5; f++) {
                switch (random.nextInt(7)) {
                    case 0 -> { }
                    case 1 -> fields.putNull("f" + f);
                    case 2 -> fields.put("f" + f, random.nextLong());
                    case 3 -> fields.put("f" + f, random.nextBoolean());
                    case 4 -> fields.putObject("f" + f).put("k", randomText(random)).putArray("a").add(1.5).add(randomText(random));
                    default -> fields.put("f" + f, randomText(random));
                }
            }
            String json = random.nextBoolean() ? JSON.writeValueAsString(fields) : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fields);
            String line = randomText(random).replace('\n', ' ').replace('\r', ' ');
            String source = randomText(random);
            records.add(new LogRecord(i, Records.LOG_TIME + i * 10_000L, 0, utf8(source), utf8(line), utf8(json)));
            List<String> row = new ArrayList<>();
            row.add(java.time.Instant.ofEpochMilli(Records.LOG_TIME + i * 10_000L).toString().replace("Z", "").concat(".000").substring(0, 23) + "Z");
            for (int f = 0; f < 4; f++) {
                JsonNode v = fields.get("f" + f);
                row.add(v == null || v.isNull() ? "" : v.isTextual() ? v.textValue() : JSON.writeValueAsString(v));
            }
            row.add(source);
            row.add(line);
            expected.add(row);
        }
        assertThat(readBack(format, delimiter, records)).isEqualTo(expected);
    }

    @Test
    void uncompressedBytesEqualsTheBytesWrittenHeaderIncluded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordEncoder encoder = createObjectUnderTest(',', true, "__time__", "msg", "__raw__").open(out, null, null);
        assertThat(encoder.uncompressedBytes()).as("the header").isEqualTo("__time__,msg,__raw__\n".length());
        for (int i = 0; i < 5000; i++) {
            encoder.write(parsed("line " + i + " 中文", "{\"msg\":\"m,\\\"" + i + "\"}"));
        }
        long counted = encoder.uncompressedBytes();
        encoder.finish();
        assertThat(out.size()).as("past several 64 KiB buffers").isGreaterThan(3 << 16).isEqualTo(counted);
    }

    @Test
    void rejectsSettingsItCannotWrite() {
        assertThatThrownBy(() -> createObjectUnderTest(',', true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one column");
        assertThatThrownBy(() -> createObjectUnderTest('"', true, "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delimiter");
        assertThatThrownBy(() -> createObjectUnderTest('\n', true, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> createObjectUnderTest(',', true, "a", "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats the column a");
    }

    private static String randomText(Random random) {
        String alphabet = "ab ,|\t;\"\\\n\r\u00e9\u4e2d\u6587";
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            sb.append(random.nextInt(10) == 0 ? "\uD83D\uDE00" : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
        }
        return sb.toString();
    }
}
