package io.logdump.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFingerprintTest {

    private static LineFingerprint of(String text) throws IOException {
        LineFingerprint f = new LineFingerprint();
        f.tee(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).readAllBytes();
        return f;
    }

    @Test
    void theOrderOfLinesDoesNotMatterButEveryByteAndRepeatDoes() throws IOException {
        assertThat(of("a\nbb\nccc\n").sameLines(of("ccc\na\nbb\n"))).isTrue();
        assertThat(of("a\nbb\nccc\n").sameLines(of("a\nbb\ncc\n"))).isFalse();
        assertThat(of("a\nbb\nccc\n").sameLines(of("a\nbb\ncdc\n"))).isFalse();
        assertThat(of("a\na\nb\n").sameLines(of("a\nb\nb\n"))).as("same set, other multiset").isFalse();
        assertThat(of("ab\nc\n").sameLines(of("a\nbc\n"))).as("same bytes, other lines").isFalse();
    }

    @Test
    void filesAddUpToTheirBatchAndTheSinkSeesWhatTheTeeSees() throws IOException {
        LineFingerprint batch = of("x\n");
        batch.add(of("y\nz\n"));
        LineFingerprint written = new LineFingerprint();
        written.sink().write("z\ny\nx\n".getBytes(StandardCharsets.UTF_8));

        assertThat(batch.sameLines(written)).isTrue();
        assertThat(batch.lines()).isEqualTo(3);
    }
}
