package io.logdump.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every compression, checked by readers that share no code with the writers: the gzip, pigz,
 * zstd and lz4 command-line tools and Debian's python3-snappy.
 */
class CompressionTest {
    /** Several chunks of the parallel compressors, and a last one that is not full. */
    private static final int INPUT_SIZE = (8 << 20) + 12_345;

    private static byte[] input;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeInput() {
        input = LogLines.bytes(INPUT_SIZE, 7);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void independentReadersDecodeExactlyWhatWasWritten(Compression c) throws Exception {
        Path file = write(c, c.defaultLevel(), input);

        assertDecodesTo(c, file, input);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void unwrapReadsBackEveryChunkOfWhatWasWritten(Compression c) throws Exception {
        Path file = write(c, c.defaultLevel(), input);

        try (java.io.InputStream in = c.unwrap(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).as("all %d MiB, across gzip members and zstd frames", INPUT_SIZE >> 20).isEqualTo(input);
        }
        assertThat(Compression.ofFileName(file.getFileName().toString())).isEqualTo(c);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void unwrapFailsOnACorruptFile(Compression c) throws Exception {
        Path file = write(c, c.defaultLevel(), LogLines.bytes(200_000, 11));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        bytes[bytes.length / 2 + 1] ^= 0x3C;

        assertThatThrownBy(() -> {
            try (java.io.InputStream in = c.unwrap(new java.io.ByteArrayInputStream(bytes))) {
                in.readAllBytes();
            }
        }).as("a changed byte is caught by the format's checksum").isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void byteByByteWritesGiveTheSameDecodedBytes(Compression c) throws Exception {
        byte[] small = LogLines.bytes((1 << 20) + 99, 3);
        Path file = dir.resolve("bytes" + c.extension());
        try (OutputStream out = c.wrap(Files.newOutputStream(file))) {
            for (byte b : small) {
                out.write(b);
            }
        }

        assertDecodesTo(c, file, small);
    }

    @ParameterizedTest
    @CsvSource({"GZIP, 1", "GZIP, 9", "ZSTD, 3", "ZSTD, 19", "LZ4, 2", "LZ4, 3", "LZ4, 12"})
    void otherLevelsAlsoDecodeExactly(Compression c, int level) throws Exception {
        byte[] data = LogLines.bytes((2 << 20) + 777, 5);
        Path file = write(c, level, data);

        assertDecodesTo(c, file, data);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void emptyInputGivesAValidEmptyFile(Compression c) throws Exception {
        Path file = write(c, c.defaultLevel(), new byte[0]);

        assertDecodesTo(c, file, new byte[0]);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void writingAfterCloseFails(Compression c) throws Exception {
        OutputStream out = c.wrap(Files.newOutputStream(dir.resolve("closed" + c.extension())));
        out.write(input, 0, 1000);
        out.close();

        assertThatThrownBy(() -> out.write(input, 0, 10)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write('x')).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void closingFinishesAndClosesTheTargetOnceEvenIfClosedTwice(Compression c) throws Exception {
        CloseCounting target = new CloseCounting(new ByteArrayOutputStream());
        OutputStream out = c.wrap(target);
        out.write(input, 0, 100_000);
        out.close();
        out.close();

        assertThat(target.closes).as("closes of the target").isGreaterThanOrEqualTo(1);
        Path file = dir.resolve("target" + c.extension());
        Files.write(file, ((ByteArrayOutputStream) target.inner()).toByteArray());
        assertDecodesTo(c, file, java.util.Arrays.copyOf(input, 100_000));
    }

    @Test
    void gzipWritesOneMemberPerMebibyteOfInput() throws Exception {
        Path file = write(Compression.GZIP, 6, input);

        assertThat(gzipMemberInputSizes(Files.readAllBytes(file)))
                .as("input bytes of each gzip member")
                .hasSize(9)
                .containsOnly(1 << 20, 12_345);
    }

    @Test
    void zstdWritesOneFramePerFourMebibytesOfInput() throws Exception {
        Path file = write(Compression.ZSTD, 1, input);
        Path listing = dir.resolve("zstd-l.txt");

        Tools.run(listing, "zstd", "-l", file.toString());

        List<String> lines = Files.readAllLines(listing);
        assertThat(lines.get(1).trim().split("\\s+")[0]).as("frames in %s", lines).isEqualTo("3");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void twoHundredMebibytesGoThroughA64MebibyteHeap(Compression c) throws Exception {
        long size = 200L << 20;
        Path file = dir.resolve("big" + c.extension());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // The class path goes in an argument file, to keep a failure's message short.
        Path classPath = Files.writeString(dir.resolve("classpath.args"),
                "-cp \"" + System.getProperty("java.class.path") + "\"");
        Tools.run(null, java, "-Xmx64m", "@" + classPath, BoundedHeapWriter.class.getName(), c.word(),
                file.toString(), Long.toString(size));

        String tool = c == Compression.GZIP ? "gzip" : "zstd";
        assertThat(Tools.countStdout(tool, "-dc", file.toString())).as("decoded bytes").isEqualTo(size);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void levelsOutsideTheRangeAreRefusedNamingTheRange(Compression c) {
        for (int level : new int[] {c.minLevel() - 1, c.maxLevel() + 1}) {
            assertThatThrownBy(() -> c.wrap(new ByteArrayOutputStream(), level))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c.word() + " level " + level)
                    .hasMessageContaining(c.minLevel() + "–" + c.maxLevel());
        }
    }

    @Test
    void defaultLevelsAreGzip6AndZstd1() {
        assertThat(Compression.GZIP.defaultLevel()).isEqualTo(6);
        assertThat(Compression.ZSTD.defaultLevel()).isEqualTo(1);
        assertThat(Compression.LZ4.defaultLevel()).isEqualTo(1);
        assertThat(Compression.SNAPPY.defaultLevel()).isZero();
        assertThat(Compression.NONE.defaultLevel()).isZero();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "none, NONE, '', null",
        "gzip, GZIP, .gz, gzip",
        "zstd, ZSTD, .zst, zstd",
        "snappy, SNAPPY, .sz, null",
        "lz4, LZ4, .lz4, null"})
    void eachWordMapsToItsExtensionAndContentEncoding(String word, Compression c, String extension, String encoding) {
        assertThat(Compression.of(word)).isSameAs(c);
        assertThat(c.word()).isEqualTo(word);
        assertThat(c.extension()).isEqualTo(extension == null ? "" : extension);
        assertThat(c.contentEncoding()).isEqualTo(encoding);
    }

    @Test
    void anUnknownWordIsRefusedByName() {
        assertThatThrownBy(() -> Compression.of("brotli"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brotli");
    }

    @Test
    void noneIsTheTargetStreamItself() throws Exception {
        OutputStream target = new ByteArrayOutputStream();

        assertThat(Compression.NONE.wrap(target)).isSameAs(target);
    }

    private Path write(Compression c, int level, byte[] data) throws IOException {
        Path file = dir.resolve("out-" + level + c.extension());
        try (OutputStream out = c.wrap(Files.newOutputStream(file), level)) {
            for (int off = 0; off < data.length; off += 64 << 10) {
                out.write(data, off, Math.min(64 << 10, data.length - off));
            }
        }
        return file;
    }

    private void assertDecodesTo(Compression c, Path file, byte[] expected) throws Exception {
        for (List<String> check : Tools.integrityChecks(c)) {
            List<String> cmd = new ArrayList<>(check);
            cmd.add(file.toString());
            Tools.run(null, cmd.toArray(String[]::new));
        }
        int i = 0;
        for (Tools.Decoder decoder : Tools.decoders(c)) {
            Path decoded = dir.resolve(file.getFileName() + ".decoded" + i++);
            Files.deleteIfExists(decoded);
            decoder.decode(file, decoded);
            byte[] actual = Files.readAllBytes(decoded);
            assertThat(actual.length).as("decoded size of %s (decoder %d)", file.getFileName(), i).isEqualTo(expected.length);
            assertThat(java.util.Arrays.mismatch(actual, expected))
                    .as("first differing byte of %s (decoder %d)", file.getFileName(), i).isEqualTo(-1);
        }
    }

    /** The input length of each member of a gzip file, read by walking the members with an Inflater. */
    private static List<Integer> gzipMemberInputSizes(byte[] gz) throws DataFormatException {
        List<Integer> sizes = new ArrayList<>();
        int pos = 0;
        byte[] sink = new byte[1 << 16];
        while (pos < gz.length) {
            assertThat(gz[pos + 3]).as("gzip flags of the member at %d", pos).isZero();
            Inflater inflater = new Inflater(true);
            inflater.setInput(gz, pos + 10, gz.length - pos - 10);
            int size = 0;
            while (!inflater.finished()) {
                size += inflater.inflate(sink);
            }
            pos = gz.length - inflater.getRemaining() + 8;
            inflater.end();
            sizes.add(size);
        }
        return sizes;
    }

    private static final class CloseCounting extends FilterOutputStream {
        int closes;

        CloseCounting(OutputStream out) {
            super(out);
        }

        OutputStream inner() {
            return out;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            closes++;
            super.close();
        }
    }
}
