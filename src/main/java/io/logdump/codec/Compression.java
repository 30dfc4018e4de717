package io.logdump.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The whole-file compression of a dump file: each value maps a configuration word to a file
 * extension, an HTTP Content-Encoding (where one is registered) and a streaming compressor.
 * A compressed file is one valid file of its format that the standard tools read
 * ({@code gzip -d}, {@code zstd -d}, {@code lz4 -d}, the Snappy framing format).
 *
 * <p>On-disk formats and default levels:
 * <ul>
 *   <li>{@link #GZIP}: level 6 (1–9). Concatenated gzip members, one per 1 MiB of input, compressed
 *       in parallel like pigz; RFC 1952 defines several members as one file, and gzip, pigz, zcat,
 *       Java's {@code GZIPInputStream} and DuckDB read them.
 *   <li>{@link #ZSTD}: level 1 (1–19), which is both faster and smaller than level 3 on log lines.
 *       Concatenated zstd frames, one per 4 MiB of input with content size and checksum, compressed
 *       in parallel on the same pool. Measured against zstd-jni's own {@code setWorkers(2)} on 200 MiB
 *       of log lines on 2 cores, this was faster (about 700 against 610 MB/s) at the same ratio (8.43
 *       against 8.41), and it uses the shared pool rather than native threads per stream.
 *   <li>{@link #SNAPPY}: the Snappy framing format (64 KiB chunks with masked CRC-32C); no levels.
 *   <li>{@link #LZ4}: the LZ4 frame format with 4 MiB independent blocks and a content checksum;
 *       level 1 (1–12), where 1–2 use the fast compressor and 3–12 LZ4 HC, as in the {@code lz4} CLI.
 *   <li>{@link #NONE}: the bytes as written; no levels.
 * </ul>
 * A codec without levels has the single level 0.
 *
 * <p>Memory per stream is bounded whatever is written: GZIP and ZSTD hold at most
 * {@code 2 × cores + 1} chunks of input with their compressed forms (about 6 MiB for GZIP and 22 MiB
 * for ZSTD on 2 cores), LZ4 two 4 MiB blocks, SNAPPY two 64 KiB chunks. GZIP and ZSTD compress on one
 * shared pool of daemon threads, one per core, and the writing thread helps when the pool is busy.
 *
 * <p>{@link #unwrap(InputStream)} reads such a file back: every gzip member, every zstd frame,
 * the Snappy frames with their CRCs checked, the LZ4 frame with its content checksum checked.
 *
 * <p>The enum is thread-safe; each stream it returns is for one writing thread. Only
 * {@code close} makes a file complete: a GZIP or ZSTD stream's {@code flush} writes the chunks
 * already compressed but keeps the one being filled, so that members stay large.
 */
public enum Compression {
    NONE("none", "", null, 0, 0, 0),
    GZIP("gzip", ".gz", "gzip", 1, 6, 9),
    ZSTD("zstd", ".zst", "zstd", 1, 1, 19),
    SNAPPY("snappy", ".sz", null, 0, 0, 0),
    LZ4("lz4", ".lz4", null, 1, 1, 12);

    private final String word;
    private final String extension;
    private final String contentEncoding;
    private final int minLevel;
    private final int defaultLevel;
    private final int maxLevel;

    Compression(String word, String extension, String contentEncoding, int minLevel, int defaultLevel, int maxLevel) {
        this.word = word;
        this.extension = extension;
        this.contentEncoding = contentEncoding;
        this.minLevel = minLevel;
        this.defaultLevel = defaultLevel;
        this.maxLevel = maxLevel;
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

    /** The level {@link #wrap(OutputStream)} uses. */
    public int defaultLevel() {
        return defaultLevel;
    }

    /** The lowest level {@link #wrap(OutputStream, int)} accepts. */
    public int minLevel() {
        return minLevel;
    }

    /** The highest level {@link #wrap(OutputStream, int)} accepts. */
    public int maxLevel() {
        return maxLevel;
    }

    /**
     * Wraps {@code out} in a streaming compressor at the {@linkplain #defaultLevel() default level};
     * closing the returned stream finishes the compressed data and closes {@code out}. Memory stays
     * bounded whatever is written. For {@link #NONE} this is {@code out} itself.
     */
    public OutputStream wrap(OutputStream out) throws IOException {
        return wrap(out, defaultLevel);
    }

    /**
     * Like {@link #wrap(OutputStream)} at the given level.
     *
     * @throws IllegalArgumentException if the level is outside {@link #minLevel()}–{@link #maxLevel()}
     */
    public OutputStream wrap(OutputStream out, int level) throws IOException {
        if (level < minLevel || level > maxLevel) {
            throw new IllegalArgumentException(word + " level " + level + " is outside " + minLevel + "–" + maxLevel);
        }
        return Compressors.wrap(this, out, level);
    }

    /**
     * Whether a file may be the concatenation of units compressed independently by
     * {@link #compressUnit} (GZIP members, ZSTD frames), so that several threads compress one file.
     */
    public boolean compressesInUnits() {
        return this == GZIP || this == ZSTD;
    }

    /**
     * The input bytes per independently encoded chunk that suit this compression: a unit of
     * {@link #compressUnit} (1 MiB for GZIP, 4 MiB for ZSTD, as {@link #wrap} uses), else 1 MiB.
     */
    public int unitBytes() {
        return this == ZSTD ? Compressors.ZSTD_CHUNK : Compressors.GZIP_CHUNK;
    }

    /**
     * {@code chunk[0, length)} compressed at the default level into one self-contained unit (a gzip
     * member, a zstd frame with content size and checksum); units written one after the other are
     * one valid file, the same as {@link #wrap} writes. Thread-safe.
     *
     * @throws UnsupportedOperationException unless {@link #compressesInUnits()}
     */
    public byte[] compressUnit(byte[] chunk, int length) throws IOException {
        return switch (this) {
            case GZIP -> Compressors.GZIP_UNITS.compress(chunk, length);
            case ZSTD -> Compressors.ZSTD_UNITS.compress(chunk, length);
            default -> throw new UnsupportedOperationException(word + " does not compress in independent units");
        };
    }

    /**
     * Wraps {@code in}, a file this compression wrote, in a streaming decompressor; closing the
     * returned stream closes {@code in}. Corrupt or truncated input fails with an {@link IOException}.
     * For {@link #NONE} this is {@code in} itself.
     */
    public InputStream unwrap(InputStream in) throws IOException {
        return Compressors.unwrap(this, in);
    }

    /** The compression whose extension ends {@code name} ({@code .gz}, ...), or {@link #NONE} when none does. */
    public static Compression ofFileName(String name) {
        for (Compression c : values()) {
            if (c != NONE && name.endsWith(c.extension)) {
                return c;
            }
        }
        return NONE;
    }
}
