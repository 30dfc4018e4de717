package io.logdump.codec;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/** The streaming compressors behind {@link Compression}; the level is already checked. */
final class Compressors {
    /**
     * Input bytes per gzip member. Deflate's window is 32 KiB, so 1 MiB members cost about 1 % of
     * ratio against one member (5.88 against 5.94 on 200 MiB of log lines).
     */
    static final int GZIP_CHUNK = 1 << 20;
    /**
     * Input bytes per zstd frame. Level 1's window is 512 KiB, so a frame's start compresses worse:
     * 1 MiB frames gave ratio 7.98 and 4 MiB frames 8.43, against 8.58 for one frame.
     */
    static final int ZSTD_CHUNK = 4 << 20;
    /** Below this, {@code lz4} levels use the fast compressor, as the CLI does. */
    private static final int LZ4_HC_FROM_LEVEL = 3;

    /** Units at the default levels, for {@link Compression#compressUnit}. */
    static final GzipMembers GZIP_UNITS = new GzipMembers(Compression.GZIP.defaultLevel());
    static final ZstdFrames ZSTD_UNITS = new ZstdFrames(Compression.ZSTD.defaultLevel());

    private Compressors() {}

    static OutputStream wrap(Compression c, OutputStream out, int level) throws IOException {
        return switch (c) {
            case NONE -> out;
            case GZIP -> new ParallelChunkOutputStream(out, "gzip", new GzipMembers(level), GZIP_CHUNK);
            case ZSTD -> new ParallelChunkOutputStream(out, "zstd", new ZstdFrames(level), ZSTD_CHUNK);
            case SNAPPY -> new SnappyFramedOutputStream(out);
            case LZ4 -> new Lz4Frame(out, level);
        };
    }

    /** The decompressor of a file {@code c} wrote; gzip members and zstd frames are read one after the other. */
    static InputStream unwrap(Compression c, InputStream in) throws IOException {
        return switch (c) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 << 10);
            case ZSTD -> new ZstdInputStream(in);
            case SNAPPY -> new SnappyFramedInputStream(in, true);
            case LZ4 -> new LZ4FrameInputStream(in);
        };
    }

    /**
     * An LZ4 frame with 4 MiB independent blocks and a content checksum, like the {@code lz4} CLI
     * writes. A write after close fails with an {@link IOException}, where lz4-java's own stream
     * throws {@link IllegalStateException}.
     */
    private static final class Lz4Frame extends LZ4FrameOutputStream {
        private boolean closed;

        Lz4Frame(OutputStream out, int level) throws IOException {
            super(out, BLOCKSIZE.SIZE_4MB, -1L, lz4(level), XXHashFactory.fastestInstance().hash32(),
                    FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_CHECKSUM);
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            super.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            super.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                try {
                    super.close();
                } finally {
                    closed = true;
                }
            }
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("lz4 stream is closed");
            }
        }
    }

    private static LZ4Compressor lz4(int level) {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        return level < LZ4_HC_FROM_LEVEL ? factory.fastCompressor() : factory.highCompressor(level);
    }
}
