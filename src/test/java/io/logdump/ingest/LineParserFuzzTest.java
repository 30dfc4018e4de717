package io.logdump.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.api.ApiRoutes;
import io.logdump.catalog.CollectionConfig;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.LogTimeRange;
import io.logdump.testutil.FuzzInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collection configurations and lines from the fuzzer: a configuration is refused with field
 * errors or gives a parser, and the parser reads every line into a result that keeps its rules,
 * never an exception. Each input is a collection configuration as a PUT body on its first line,
 * then lines to parse.
 */
class LineParserFuzzTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-26T08:00:00Z");

    @FuzzTest(maxDuration = "3m")
    void parseLines(byte[] data) {
        long start = System.nanoTime();
        FuzzInput in = new FuzzInput(data);
        CollectionConfig config = config(in.line());
        if (config == null) {
            return;
        }
        LineParser parser = new LineParser(config, 2026);
        for (String line : in.restText().split("\n", -1)) {
            check(config, line, parser.parse(line, RECEIVED));
            if (parser.isJson()) {
                ParsedLine parsed = parser.parse(line, RECEIVED);
                ParsedLine fast = parser.parseJsonBytes(line.getBytes(StandardCharsets.UTF_8), RECEIVED);
                check(config, line, fast);
                assertThat(fast.fields()).isEmpty();
                // a preview (parse) tells what ingest (parseJsonBytes) does with the line
                assertThat(fast.error() == null).as("%s: ingest says %s, a preview %s", line, fast.error(), parsed.error())
                        .isEqualTo(parsed.error() == null);
                assertThat(fast.logTime()).as("the log time of %s", line).isEqualTo(parsed.logTime());
            }
        }
        FuzzInput.assertQuick(start, "parsing the lines");
    }

    /**
     * The configuration of a PUT body, read as the API reads it; null when the body is refused,
     * which it must be with at least one field error.
     */
    static CollectionConfig config(String body) {
        JsonNode node;
        try {
            node = ApiRoutes.objectMapper().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        JsonFields fields = JsonFields.of(node, "", errors);
        CollectionConfig config = CollectionConfig.read(fields, 2026);
        assertThat(config == null).as("a configuration is refused exactly when it breaks a rule: %s", errors)
                .isEqualTo(!errors.isEmpty());
        fields.rejectUnknown(); // as LogSets.putCollection does
        return errors.isEmpty() ? config : null;
    }

    private static void check(CollectionConfig config, String line, ParsedLine p) {
        assertThat(p.fields()).as("fields of %s", line).isNotNull();
        assertThat(p.logTime()).isNotNull();
        boolean reject = "reject".equals(config.onParseError());
        if (p.error() != null) {
            assertThat(p.accepted()).as("a line that does not parse is kept unless the configuration rejects it").isEqualTo(!reject);
            assertThat(p.logTime()).as("a line that does not parse is logged at its receive time").isEqualTo(RECEIVED);
            assertThat(p.fields()).isEmpty();
            assertThat(p.error()).isNotBlank();
            return;
        }
        assertThat(p.accepted()).isTrue();
        if (config.time() == null) {
            assertThat(p.logTime()).isEqualTo(RECEIVED);
        } else {
            assertThat(LogTimeRange.contains(p.logTime())).as("log time %s of %s", p.logTime(), line).isTrue();
        }
        switch (config.parser().type()) {
            case "raw" -> assertThat(p.fields()).isEmpty();
            case "delimiter" -> assertThat(p.fields().keySet()).containsExactlyElementsOf(config.parser().fields());
            case "regex" -> assertThat(CollectionConfig.declaredFields(config.parser())).containsAll(p.fields().keySet());
            default -> { }
        }
    }
}
