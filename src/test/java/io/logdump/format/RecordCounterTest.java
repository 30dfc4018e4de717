package io.logdump.format;

import static io.logdump.format.Records.encode;
import static io.logdump.format.Records.jsonLine;
import static io.logdump.format.Records.parsed;
import static io.logdump.format.Records.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.core.LogRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordCounterTest {
    private static final FormatSettings CSV = new FormatSettings("csv",
            List.of(new FormatSettings.Column("__time__", null), new FormatSettings.Column("msg", null)), ',', true);

    /** Records with quotes, line ends in fields, long lines and Chinese text: everything a counter could trip on. */
    private static List<LogRecord> records() {
        List<LogRecord> out = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            out.add(switch (i % 4) {
                case 0 -> raw("plain line " + i + " 中文");
                case 1 -> parsed("m " + i, "{\"msg\":\"a \\\"quoted\\\"\\nsecond line, " + i + "\"}");
                case 2 -> jsonLine("{\"msg\":\"" + "x".repeat(100_000) + "\"}");
                default -> parsed("m", "{\"msg\":\"comma, and \\\"quote\\\"\"}");
            });
        }
        return out;
    }

    private static long count(FormatSettings settings, byte[] bytes) throws IOException {
        return RecordCounter.count(settings, new ByteArrayInputStream(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "raw", "csv"})
    void countsEveryRecordTheEncoderWrote(String type) throws IOException {
        FormatSettings settings = type.equals("csv") ? CSV : new FormatSettings(type, null, ',', false);
        byte[] file = encode(Formats.of(settings), records());

        assertThat(count(settings, file)).isEqualTo(3000);
        assertThat(count(settings, encode(Formats.of(settings), List.of()))).as("an empty file").isZero();
    }

    @Test
    void theCsvHeaderIsNotARecordUnlessThereIsNone() throws IOException {
        FormatSettings noHeader = new FormatSettings("csv", CSV.columns(), ',', false);
        byte[] file = encode(Formats.of(noHeader), records().subList(0, 10));

        assertThat(count(noHeader, file)).isEqualTo(10);
        assertThat(count(CSV, file)).as("read as if it had a header").isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "raw", "csv"})
    void aFileCutInsideARecordIsRefusedNamingTheRecord(String type) throws IOException {
        FormatSettings settings = type.equals("csv") ? CSV : new FormatSettings(type, null, ',', false);
        byte[] file = encode(Formats.of(settings), List.of(raw("one"), parsed("two", "{\"msg\":\"two\"}")));
        byte[] cut = Arrays.copyOf(file, file.length - 2);

        assertThatThrownBy(() -> count(settings, cut)).isInstanceOf(IOException.class).hasMessageContaining("record 2");
    }

    @Test
    void aJsonLineThatIsNotAnObjectIsRefused() {
        byte[] file = "{\"a\":1}\n{\"a\":2\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> count(new FormatSettings("json", null, ',', false), file))
                .isInstanceOf(IOException.class).hasMessage("record 2 is not one JSON object");
    }

    @Test
    void parquetCannotBeCounted() {
        assertThat(RecordCounter.canCount("parquet")).isFalse();
        assertThatThrownBy(() -> count(new FormatSettings("parquet", null, ',', false), new byte[0]))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
