package io.logdump.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** The streaming compressors behind {@link Compression}. */
final class Compressors {
    private Compressors() {}

    static OutputStream wrap(Compression c, OutputStream out) throws IOException {
        return switch (c) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 64 << 10);
            default -> throw new UnsupportedOperationException(c.word() + " is not built yet");
        };
    }
}
