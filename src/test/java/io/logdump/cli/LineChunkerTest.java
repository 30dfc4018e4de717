package io.logdump.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.cli.LineChunker.Chunk;
import io.logdump.cli.LineChunker.Skipped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineChunkerTest {

    /** The lines the server finds in a body (as {@code Ingest.splitLines}): {@code \n}, {@code \r\n} and {@code \r} end a line. */
    private static List<String> serverLines(byte[] body) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n' || body[i] == '\r') {
                lines.add(new String(body, start, i - start, StandardCharsets.ISO_8859_1));
                if (body[i] == '\r' && i + 1 < body.length && body[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < body.length) {
            lines.add(new String(body, start, body.length - start, StandardCharsets.ISO_8859_1));
        }
        return lines;
    }

    private static List<byte[]> chunks(LineChunker chunker, List<Chunk> seen) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        Chunk c;
        while ((c = chunker.next()) != null) {
            chunks.add(Arrays.copyOf(c.bytes(), c.length()));
            seen.add(new Chunk(null, c.length(), c.firstLine(), c.lines()));
        }
        return chunks;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void chunksHoldWholeLinesNumberedAsTheServerNumbersTheWholeInput(int seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        String[] ends = {"\n", "\r\n", "\r"};
        for (int i = 0; i < 2000; i++) {
            input.writeBytes(("line" + i + "x".repeat(random.nextInt(40))).getBytes(StandardCharsets.UTF_8));
            input.writeBytes(ends[random.nextInt(3)].getBytes(StandardCharsets.UTF_8));
            if (random.nextInt(10) == 0) {
                input.writeBytes("\n".getBytes(StandardCharsets.UTF_8)); // an empty line, numbered but not stored
            }
        }
        if (seed % 2 == 0) {
            input.writeBytes("a last line without its end".getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = input.toByteArray();
        int limit = 64 + random.nextInt(200);

        List<Chunk> seen = new ArrayList<>();
        LineChunker chunker = new LineChunker(new ByteArrayInputStream(bytes), limit);
        List<byte[]> chunks = chunks(chunker, seen);

        assertThat(chunker.skipped()).isEmpty();
        assertThat(chunks).allSatisfy(c -> assertThat(c.length).isBetween(1, limit));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).as("nothing lost, nothing added").isEqualTo(bytes);
        List<String> all = serverLines(bytes);
        long next = 1;
        for (int i = 0; i < chunks.size(); i++) {
            List<String> lines = serverLines(chunks.get(i));
            assertThat(seen.get(i).firstLine()).isEqualTo(next);
            assertThat(seen.get(i).lines()).isEqualTo(lines.size());
            assertThat(lines).as("chunk %d holds whole lines, numbered from %d in the whole input", i, next)
                    .isEqualTo(all.subList((int) next - 1, (int) next - 1 + lines.size()));
            next += lines.size();
        }
        assertThat(next - 1).isEqualTo(all.size()).isEqualTo(chunker.linesRead());
    }

    @Test
    void aLineLongerThanTheLimitIsLeftOutAndReportedWithItsNumber() throws IOException {
        byte[] input = ("a\n" + "x".repeat(20) + "\nb\r\n" + "y".repeat(7) + "\r\nc\n" + "z".repeat(30)).getBytes(StandardCharsets.UTF_8);
        List<Chunk> seen = new ArrayList<>();
        LineChunker chunker = new LineChunker(new ByteArrayInputStream(input), 8);

        List<String> chunks = chunks(chunker, seen).stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();

        assertThat(chunks).containsExactly("a\n", "b\r\n", "c\n");
        assertThat(seen).extracting(Chunk::firstLine).containsExactly(1L, 3L, 5L);
        assertThat(chunker.skipped()).containsExactly(new Skipped(2, 20), new Skipped(4, 7), new Skipped(6, 30));
        assertThat(chunker.linesRead()).isEqualTo(6);
    }

    @Test
    void aCarriageReturnAndItsLineFeedStayTogether() throws IOException {
        List<Chunk> seen = new ArrayList<>();
        List<String> chunks = chunks(new LineChunker(new ByteArrayInputStream("ab\ncdef\r\ngh\r".getBytes(StandardCharsets.UTF_8)), 8), seen)
                .stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();

        assertThat(chunks).containsExactly("ab\n", "cdef\r\n", "gh\r");
        assertThat(seen).extracting(Chunk::lines).containsExactly(1L, 1L, 1L);
    }

    @Test
    void anEmptyInputHasNoChunk() throws IOException {
        assertThat(new LineChunker(new ByteArrayInputStream(new byte[0]), 8).next()).isNull();
    }
}
