package io.logdump.format.raw;

import static io.logdump.format.Records.encode;
import static io.logdump.format.Records.jsonLine;
import static io.logdump.format.Records.parsed;
import static io.logdump.format.Records.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.core.LogRecord;
import io.logdump.format.FormatSettings;
import io.logdump.format.Formats;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawFormatTest {

    private static RecordFormat createObjectUnderTest() {
        return Formats.of(new FormatSettings("raw", null, ',', false));
    }

    @Test
    void describesItselfAsPlainText() {
        RecordFormat format = createObjectUnderTest();
        assertThat(format.extension()).isEqualTo(".log");
        assertThat(format.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(format.compressesInternally()).isFalse();
    }

    @Test
    void writesEachOriginalLineFollowedByLfWhateverItsFields() throws IOException {
        List<LogRecord> records = List.of(raw("plain \"line\", with\ttab"), parsed("INFO 你好", "{\"level\":\"INFO\"}"),
                jsonLine("{\"a\": 1}"), raw("😀"));
        assertThat(new String(encode(createObjectUnderTest(), records), StandardCharsets.UTF_8))
                .isEqualTo("plain \"line\", with\ttab\nINFO 你好\n{\"a\": 1}\n😀\n");
    }

    @Test
    void copiesTheBytesOfTheLineAsTheyAre() throws IOException {
        byte[] line = {'a', (byte) 0xFF, (byte) 0xC3, 0};
        byte[] out = encode(createObjectUnderTest(), List.of(new LogRecord(0, 0, 0, LogRecord.NONE, line, LogRecord.NONE)));
        assertThat(out).containsExactly('a', (byte) 0xFF, (byte) 0xC3, 0, '\n');
    }

    @Test
    void uncompressedBytesEqualsTheBytesWritten() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordEncoder encoder = createObjectUnderTest().open(out, null, null);
        long expected = 0;
        for (int i = 0; i < 20_000; i++) {
            String line = i % 5000 == 0 ? "y".repeat(70_000) : "line " + i + " 中文";
            encoder.write(raw(line));
            expected += line.getBytes(StandardCharsets.UTF_8).length + 1;
            assertThat(encoder.uncompressedBytes()).isEqualTo(expected);
        }
        encoder.finish();
        assertThat(out.size()).isEqualTo(expected);
        assertThatThrownBy(() -> encoder.write(raw("late"))).isInstanceOf(IllegalStateException.class);
    }
}
