package io.logdump.codec;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link CompressionTest}: writes {@code size} bytes of
 * log lines through a compression into a file. Arguments: word, file, size.
 */
public final class BoundedHeapWriter {
    private BoundedHeapWriter() {}

    public static void main(String[] args) throws Exception {
        Compression compression = Compression.of(args[0]);
        try (OutputStream out = compression.wrap(Files.newOutputStream(Path.of(args[1])))) {
            LogLines.write(out, Long.parseLong(args[2]), 11);
        }
    }
}
