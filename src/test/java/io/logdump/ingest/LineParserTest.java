package io.logdump.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.CollectionConfig;
import io.logdump.core.JsonFields;
import io.logdump.testutil.Csv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parsers checked against real Loghub logs, with the Loghub authors' structured CSV as the truth. */
class LineParserTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-26T08:00:00Z");

    @Test
    void regexParsesEveryApacheLineLikeTheLoghubStructuredFile() throws IOException {
        LineParser parser = parser("{'parser':{'type':'regex','pattern':'\\\\[(?<time>[^\\\\]]+)\\\\] \\\\[(?<level>\\\\w+)\\\\] (?<content>.*)'},"
                + "'time':{'field':'time','format':'EEE MMM dd HH:mm:ss yyyy'},'onParseError':'reject'}");
        List<String> lines = lines("Apache_2k.log");
        List<List<String>> truth = structured("Apache_2k.log_structured.csv");
        assertThat(lines).hasSize(2000).hasSameSizeAs(truth);
        DateTimeFormatter apache = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ENGLISH);
        for (int i = 0; i < lines.size(); i++) {
            ParsedLine p = parser.parse(lines.get(i), RECEIVED);
            List<String> row = truth.get(i);
            assertThat(p.error()).as("line %d: %s", i + 1, lines.get(i)).isNull();
            assertThat(p.fields().get("level")).as("line %d", i + 1).isEqualTo(row.get(2));
            assertThat(p.fields().get("content").toString().strip()).as("line %d", i + 1).isEqualTo(row.get(3).strip());
            assertThat(p.logTime()).as("line %d", i + 1).isEqualTo(LocalDateTime.parse(row.get(1), apache).toInstant(ZoneOffset.UTC));
        }
    }

    @Test
    void nestedGroupsAndUnderscoresReadHdfsLinesWithTheirTwoPartTime() throws IOException {
        LineParser parser = parser("{'parser':{'type':'regex','pattern':'(?<ts>(?<log_date>\\\\d{6}) (?<log_clock>\\\\d{6})) (?<pid>\\\\d+) (?<level>\\\\w+) (?<component>[^:]+): (?<content>.*)'},"
                + "'time':{'field':'ts','format':'yyMMdd HHmmss'},'onParseError':'reject'}");
        List<String> lines = lines("HDFS_2k.log");
        List<List<String>> truth = structured("HDFS_2k.log_structured.csv");
        DateTimeFormatter hdfs = DateTimeFormatter.ofPattern("yyMMdd HHmmss");
        for (int i = 0; i < lines.size(); i++) {
            ParsedLine p = parser.parse(lines.get(i), RECEIVED);
            List<String> row = truth.get(i);
            assertThat(p.error()).as("line %d", i + 1).isNull();
            assertThat(p.fields()).as("line %d", i + 1).containsEntry("log_date", row.get(1)).containsEntry("log_clock", row.get(2))
                    .containsEntry("pid", row.get(3)).containsEntry("level", row.get(4)).containsEntry("component", row.get(5));
            assertThat(p.logTime()).isEqualTo(LocalDateTime.parse(row.get(1) + " " + row.get(2), hdfs).toInstant(ZoneOffset.UTC));
        }
    }

    @Test
    void syslogTimesWithoutAYearTakeTheGivenYear() throws IOException {
        LineParser parser = parser("{'parser':{'type':'regex','pattern':'(?<time>\\\\w{3} +\\\\d{1,2} \\\\d{2}:\\\\d{2}:\\\\d{2}) (?<host>\\\\S+) (?<content>.*)'},"
                + "'time':{'field':'time','format':'MMM ppd HH:mm:ss','timeZone':'+08:00'}}");
        List<String> lines = lines("Linux_2k.log");
        List<List<String>> truth = structured("Linux_2k.log_structured.csv");
        int parsed = 0;
        for (int i = 0; i < lines.size(); i++) {
            ParsedLine p = parser.parse(lines.get(i), RECEIVED);
            if (p.error() != null) {
                continue;
            }
            parsed++;
            List<String> row = truth.get(i);
            String expected = "2026 " + row.get(1) + " " + row.get(2) + " " + row.get(3);
            Instant time = LocalDateTime.parse(expected, DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss", Locale.ENGLISH))
                    .toInstant(ZoneOffset.ofHours(8));
            assertThat(p.logTime()).as("line %d", i + 1).isEqualTo(time);
            assertThat(p.fields().get("host")).isEqualTo(row.get(4));
        }
        assertThat(parsed).as("every Linux line has a syslog time").isEqualTo(lines.size());
    }

    @Test
    void aLineThatDoesNotParseIsKeptRawOrRejectedAsConfigured() {
        String pattern = "'parser':{'type':'regex','pattern':'(?<level>[A-Z]+) (?<msg>.*)'}";
        ParsedLine kept = parser("{" + pattern + "}").parse("lower case line", RECEIVED);
        assertThat(kept.accepted()).isTrue();
        assertThat(kept.fields()).isEmpty();
        assertThat(kept.logTime()).isEqualTo(RECEIVED);
        assertThat(kept.error()).contains("does not match");
        assertThat(parser("{" + pattern + ",'onParseError':'reject'}").parse("lower case line", RECEIVED).accepted()).isFalse();
    }

    @Test
    void aSavedPatternTheRegexEngineNoLongerAcceptsFailsEachLineSayingWhy() {
        CollectionConfig saved = new CollectionConfig(new CollectionConfig.Parser("regex", "(?<a>\\w+) \\1", null, null), null, "keep_raw");
        ParsedLine p = new LineParser(saved, 2026).parse("x x", RECEIVED);
        assertThat(p.accepted()).isTrue();
        assertThat(p.error()).contains("back-reference").contains("PUT a new collection configuration");
    }

    @Test
    void jsonParserKeepsTypedTopLevelMembersAndReadsEpochTimes() {
        LineParser parser = parser("{'parser':{'type':'json'},'time':{'field':'ts','format':'epoch_millis'}}");
        ParsedLine p = parser.parse("{\"ts\": 1500208496789, \"status\": 200, \"ok\": true, \"user\": {\"id\": 7}}", RECEIVED);
        assertThat(p.logTime()).isEqualTo(Instant.parse("2017-07-16T12:34:56.789Z"));
        assertThat(p.fields()).containsEntry("status", 200).containsEntry("ok", true).containsEntry("user", Map.of("id", 7));
        assertThat(parser.parse("[1,2]", RECEIVED).error()).contains("not a JSON object");
        assertThat(parser.parse("{\"ts\": \"soon\"}", RECEIVED).error()).contains("time field 'ts'");
        assertThat(parser.parse("{\"other\": 1}", RECEIVED).error()).contains("has no time field 'ts'");
    }

    @Test
    void delimiterParserGivesTheRestOfTheLineToTheLastField() {
        LineParser parser = parser("{'parser':{'type':'delimiter','delimiter':' | ','fields':['time','level','msg']},"
                + "'time':{'field':'time','format':'iso8601'}}");
        ParsedLine p = parser.parse("2017-07-16 12:00:00 | WARN | disk | almost full", RECEIVED);
        assertThat(p.fields()).containsExactly(Map.entry("time", "2017-07-16 12:00:00"), Map.entry("level", "WARN"),
                Map.entry("msg", "disk | almost full"));
        assertThat(p.logTime()).isEqualTo(Instant.parse("2017-07-16T12:00:00Z"));
        assertThat(parser.parse("only | two", RECEIVED).error()).contains("has 2 values, but 3 fields");
    }

    @Test
    void epochSecondsMayHaveAFraction() {
        LineParser parser = parser("{'parser':{'type':'json'},'time':{'field':'t','format':'epoch_seconds'}}");
        assertThat(parser.parse("{\"t\": 1500208496.5}", RECEIVED).logTime()).isEqualTo(Instant.parse("2017-07-16T12:34:56.500Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "epoch_seconds|1e300", "epoch_seconds|99999999999999999999", "epoch_seconds|-5e18", "epoch_seconds|1e999999999",
            "epoch_seconds|-0.5", "epoch_seconds|-1", "epoch_seconds|253402300800",
            "epoch_millis|1e300", "epoch_millis|99999999999999999999", "epoch_millis|-5e18", "epoch_millis|1e999999999",
            "epoch_millis|-1", "epoch_millis|253402300800000",
            "iso8601|+999999999-01-01T00:00:00Z", "iso8601|-999999999-01-01T00:00:00Z", "iso8601|0000-01-01T00:00:00Z",
            "iso8601|1969-12-31T23:59:59Z", "iso8601|+10000-01-01T00:00:00Z", "iso8601|9999-12-31T23:00:00-05:00",
            "yyyy-MM-dd HH:mm:ss|+99999-01-01 00:00:00", "yyyy-MM-dd HH:mm:ss|0001-01-01 00:00:00"})
    void logTimesOutsideTheYears1970To9999AreRefusedPerLineAtOnce(String format, String time) {
        LineParser parser = parser("{'parser':{'type':'json'},'time':{'field':'t','format':'" + format + "'},'onParseError':'reject'}");
        String quoted = "{\"t\": \"" + time + "\"}";
        boolean numeric = format.startsWith("epoch");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String line : numeric ? List.of(quoted, "{\"t\": " + time + "}") : List.of(quoted)) {
                ParsedLine viaFields = parser.parse(line, RECEIVED);
                ParsedLine viaBytes = parser.parseJsonBytes(line.getBytes(StandardCharsets.UTF_8), RECEIVED);
                for (ParsedLine p : List.of(viaFields, viaBytes)) {
                    assertThat(p.accepted()).as(line).isFalse();
                    assertThat(p.error()).as(line).startsWith("time field 't': ");
                }
                if (!viaFields.error().contains("not a number")) {
                    assertThat(viaFields.error()).as(line).contains("outside the log time range").contains("1970").contains("9999");
                }
            }
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "epoch_seconds|0|1970-01-01T00:00:00Z", "epoch_seconds|253402300799.999|9999-12-31T23:59:59.999Z",
            "epoch_millis|0|1970-01-01T00:00:00Z", "epoch_millis|253402300799999|9999-12-31T23:59:59.999Z",
            "epoch_millis|1.5e12|2017-07-14T02:40:00Z",
            "iso8601|1970-01-01T00:00:00Z|1970-01-01T00:00:00Z", "iso8601|9999-12-31T23:59:59.999Z|9999-12-31T23:59:59.999Z",
            "yyyy-MM-dd HH:mm:ss|9999-12-31 23:59:59|9999-12-31T23:59:59Z"})
    void logTimesAtBothEndsOfTheRangeAreAccepted(String format, String time, String expected) {
        LineParser parser = parser("{'parser':{'type':'json'},'time':{'field':'t','format':'" + format + "'},'onParseError':'reject'}");
        ParsedLine p = parser.parse("{\"t\": \"" + time + "\"}", RECEIVED);
        assertThat(p.error()).isNull();
        assertThat(p.logTime()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void jsonNestedDeeperThanAHundredLevelsIsRejectedPerLine() {
        LineParser parser = parser("{'parser':{'type':'json'},'onParseError':'reject'}");
        String hundred = "{\"a\":" + "[".repeat(99) + "]".repeat(99) + "}";
        String deeper = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(parser.parse(hundred, RECEIVED).error()).isNull();
        assertThat(parser.parseJsonBytes(hundred.getBytes(StandardCharsets.UTF_8), RECEIVED).error()).isNull();
        assertThat(parser.parse(deeper, RECEIVED).error()).contains("nesting depth").contains("100");
        assertThat(parser.parseJsonBytes(deeper.getBytes(StandardCharsets.UTF_8), RECEIVED).error()).contains("nesting depth");
    }

    @Test
    void aPreviewRefusesAJsonLineWithMoreThanOneValueAsIngestDoes() {
        LineParser parser = parser("{'parser':{'type':'json'},'time':{'field':'ts','format':'iso8601'},'onParseError':'reject'}");
        for (String line : List.of("{\"ts\":\"2026-11-26T08:00:00+08:00\"} {\"second\":1}", "{\"ts\":\"2026-11-26T08:00:00Z\"} 7")) {
            ParsedLine preview = parser.parse(line, RECEIVED);
            ParsedLine ingest = parser.parseJsonBytes(line.getBytes(StandardCharsets.UTF_8), RECEIVED);
            assertThat(ingest.error()).as(line).isEqualTo("is not valid JSON: more than one value");
            assertThat(preview.error()).as(line).isEqualTo(ingest.error());
            assertThat(preview.accepted()).isFalse();
        }
        assertThat(parser.parse("{\"ts\":\"2026-11-26T08:00:00Z\"} \t", RECEIVED).error()).as("white space after it").isNull();
    }

    @Test
    void aPreviewReadsAJsonTimeAsIngestDoes() {
        LineParser parser = parser("{'parser':{'type':'json'},'time':{'field':'t','format':'epoch_seconds'}}");
        for (String line : List.of("{\"t\":1764144000.9999999999}", "{\"t\":5,\"t\":null}", "{\"t\":5,\"t\":{\"s\":6}}",
                "{\"t\":null,\"t\":7}", "{\"t\":1e400}", "{\"t\":1764144000,\"n\":0.764144e14400000000}")) {
            ParsedLine preview = parser.parse(line, RECEIVED);
            ParsedLine ingest = parser.parseJsonBytes(line.getBytes(StandardCharsets.UTF_8), RECEIVED);
            assertThat(preview.error() == null).as("%s: %s, %s", line, preview.error(), ingest.error()).isEqualTo(ingest.error() == null);
            assertThat(preview.logTime()).as(line).isEqualTo(ingest.logTime());
        }
        assertThat(parser.parse("{\"t\":1764144000.9999999999}", RECEIVED).logTime())
                .as("not rounded to a double first").isEqualTo(Instant.parse("2025-11-26T08:00:00.999Z"));
    }

    private static LineParser parser(String json) {
        try {
            List<io.logdump.core.FieldError> errors = new ArrayList<>();
            CollectionConfig config = CollectionConfig.read(JsonFields.of(new ObjectMapper().readTree(json.replace('\'', '"')), "", errors), 2026);
            assertThat(errors).as(json).isEmpty();
            return new LineParser(config, 2026);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(String resource) throws IOException {
        return List.of(read(resource).split("\r\n|\r|\n"));
    }

    private static List<List<String>> structured(String resource) throws IOException {
        List<List<String>> rows = Csv.parse(read(resource));
        return rows.subList(1, rows.size());
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = LineParserTest.class.getResourceAsStream("/loghub/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
