package io.logdump.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.core.LogRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordIsReadBackAsWritten() {
        LogRecord r = new LogRecord(-1, 1_700_000_000_123L, 1_700_000_000_456L, utf8("10.0.0.1"), utf8("GET / 200"),
                utf8("{\"status\":200}"));
        LogRecord back = RecordCodec.decode(42, RecordCodec.encode(r));
        assertThat(back.offset()).isEqualTo(42);
        assertThat(back.logTime()).isEqualTo(r.logTime());
        assertThat(back.receiveTime()).isEqualTo(r.receiveTime());
        assertThat(back.source()).isEqualTo(r.source());
        assertThat(back.raw()).isEqualTo(r.raw());
        assertThat(back.fields()).isEqualTo(r.fields());
    }

    @Test
    void fieldsThatAreTheLineAreKeptOnceAndReadBackAsTheLine() {
        byte[] json = utf8("{\"a\":1}");
        LogRecord r = new LogRecord(-1, 1, 2, LogRecord.NONE, json, json);
        byte[] encoded = RecordCodec.encode(r);
        assertThat(encoded.length).isEqualTo(1 + 8 + 8 + 4 + 4 + json.length + 4);
        LogRecord back = RecordCodec.decode(0, encoded);
        assertThat(back.fieldsAreRaw()).isTrue();
        assertThat(back.source()).isEmpty();
    }

    @Test
    void aLogTimeBefore1970IsKeptExactlyWhileKafkasTimestampIsZero() {
        LogRecord r = new LogRecord(-1, -86_400_000L, 0, LogRecord.NONE, utf8("old"), LogRecord.NONE);
        assertThat(RecordCodec.timestamp(r)).isZero();
        assertThat(RecordCodec.decode(0, RecordCodec.encode(r)).logTime()).isEqualTo(-86_400_000L);
    }

    @Test
    void aValueLogdumpDidNotWriteIsRefusedWithItsOffset() {
        assertThatThrownBy(() -> RecordCodec.decode(7, utf8("hello, world: not ours")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("offset 7");
        byte[] cut = RecordCodec.encode(new LogRecord(-1, 1, 2, utf8("src"), utf8("line"), LogRecord.NONE));
        cut[1 + 8 + 8 + 3] = 100; // the source's length, past the end
        assertThatThrownBy(() -> RecordCodec.decode(8, cut)).isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
    }
}
