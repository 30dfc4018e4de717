package io.logdump.codec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The whole-file compression of a dump file: each value maps a configuration word to a file
 * extension, an HTTP Content-Encoding (where one is registered) and a streaming compressor.
 * A compressed file is one valid file of its format that the standard tools read
 * ({@code gzip -d}, {@code zstd -d}, {@code lz4 -d}, the Snappy framing format).
 */
public enum Compression {
    NONE("none", "", null),
    GZIP("gzip", ".gz", "gzip"),
    ZSTD("zstd", ".zst", "zstd"),
    SNAPPY("snappy", ".sz", null),
    LZ4("lz4", ".lz4", null);

    private final String word;
    private final String extension;
    private final String contentEncoding;

    Compression(String word, String extension, String contentEncoding) {
        this.word = word;
        this.extension = extension;
        this.contentEncoding = contentEncoding;
    }

    /** The value for a configuration word ({@code none}, {@code gzip}, ...). */
    public static Compression of(String word) {
        for (Compression c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression " + word);
    }

    public String word() {
        return word;
    }

    /** The file extension, with its dot ({@code .gz}), or empty for none. */
    public String extension() {
        return extension;
    }

    /** The HTTP Content-Encoding of a file with this compression, or null when none applies. */
    public String contentEncoding() {
        return contentEncoding;
    }

    /**
     * Wraps {@code out} in a streaming compressor; closing the returned stream finishes the
     * compressed data and closes {@code out}. Memory stays bounded whatever is written.
     */
    public OutputStream wrap(OutputStream out) throws IOException {
        return Compressors.wrap(this, out);
    }
}
