package io.logdump.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.codec.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Fluent Bit's timing script and checking its objects against the input. */
class FluentBitPeerTest {
    @TempDir
    Path bucket;

    private void object(String key, Compression c, String text) throws IOException {
        Path file = bucket.resolve(key);
        Files.createDirectories(file.getParent());
        try (OutputStream out = c.wrap(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void linesAndBytesAreCountedAfterDecompressingEachObjectByItsExtension() throws IOException {
        object("logs/2026/11/29/09_a.gz", Compression.GZIP, "one\ntwo\n");
        object("logs/2026/11/29/09_b.zst", Compression.ZSTD, "three\n");
        FluentBitPeer.Count count = FluentBitPeer.count(bucket);
        assertThat(count).isEqualTo(new FluentBitPeer.Count(3, 14, 2));
    }

    @Test
    void objectsHoldingEveryLineOfTheInputPass() throws IOException {
        object("logs/a.zst", Compression.ZSTD, "one\ntwo\n");
        assertThat(FluentBitPeer.mismatch(FluentBitPeer.count(bucket), 2, 8)).isNull();
    }

    @Test
    void aMissingLineIsReported() throws IOException {
        object("logs/a.gz", Compression.GZIP, "one\n");
        assertThat(FluentBitPeer.mismatch(FluentBitPeer.count(bucket), 2, 8))
                .isEqualTo("Fluent Bit's 1 objects hold 1 lines, but the input has 2");
    }

    @Test
    void aChangedLineOfTheSameCountIsReportedByItsBytes() throws IOException {
        object("logs/a.gz", Compression.GZIP, "one\nt\n");
        assertThat(FluentBitPeer.mismatch(FluentBitPeer.count(bucket), 2, 8))
                .isEqualTo("Fluent Bit's 1 objects hold 6 bytes of lines, but the input has 8");
    }

    @Test
    void theLastLineOfTheScriptsOutputIsItsResult() throws IOException {
        FluentBitPeer.Run run = FluentBitPeer.parse("a note\n{\"seconds\": 23.4, \"mb_per_s\": 45.9, \"lines\": 3253000, "
                + "\"cpu_s\": 21.02, \"max_rss_mb\": 201.5}\n");
        assertThat(run).isEqualTo(new FluentBitPeer.Run(23.4, 45.9, 3_253_000, 21.02, 201.5));
    }

    @Test
    void aResultWithoutAFieldIsRefused() {
        assertThatThrownBy(() -> FluentBitPeer.parse("{\"seconds\": 1.0}")).isInstanceOf(IOException.class).hasMessageContaining("mb_per_s");
        assertThatThrownBy(() -> FluentBitPeer.parse("run.py: timeout")).isInstanceOf(IOException.class).hasMessageContaining("no JSON");
    }
}
