package io.logdump.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic test input: lines of the loghub Apache, HDFS and Linux samples, picked at random with
 * a seed so the same call gives the same bytes and long runs of the samples never repeat verbatim.
 */
final class LogLines {
    private static final String[] SAMPLES = {"Apache_2k.log", "HDFS_2k.log", "Linux_2k.log"};
    private static final List<byte[]> LINES = load();

    private LogLines() {}

    /** Exactly {@code size} bytes of log lines (the last one cut short). */
    static byte[] bytes(int size, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try {
            write(out, size, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes exactly {@code size} bytes of log lines in 64 KiB writes. */
    static void write(OutputStream out, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buf = new byte[64 << 10];
        int filled = 0;
        long left = size;
        while (left > 0) {
            byte[] line = LINES.get(random.nextInt(LINES.size()));
            int n = (int) Math.min(line.length, left);
            if (filled + n > buf.length) {
                out.write(buf, 0, filled);
                filled = 0;
            }
            System.arraycopy(line, 0, buf, filled, n);
            filled += n;
            left -= n;
        }
        out.write(buf, 0, filled);
    }

    private static List<byte[]> load() {
        List<byte[]> lines = new ArrayList<>();
        for (String sample : SAMPLES) {
            try (InputStream in = LogLines.class.getResourceAsStream("/loghub/" + sample)) {
                if (in == null) {
                    throw new IllegalStateException("test resource loghub/" + sample + " is missing");
                }
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    lines.add((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }
}
