package io.logdump.format.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * The page compressors of Parquet dump files, without Hadoop: Parquet's own factory needs
 * Hadoop's codec classes. Each page is compressed in one call, in the format the Parquet spec
 * names for the codec:
 * <ul>
 *   <li>{@code ZSTD}: one zstd frame, level 1 (as Logdump's whole-file zstd);</li>
 *   <li>{@code GZIP}: one gzip member (RFC 1952), level 6;</li>
 *   <li>{@code SNAPPY}: a raw Snappy block, not the framing format;</li>
 *   <li>{@code LZ4_RAW}: a raw LZ4 block (the fast compressor);</li>
 *   <li>{@code UNCOMPRESSED}: the page as it is.</li>
 * </ul>
 * Logdump only writes Parquet, so there are no decompressors. Stateless and thread-safe.
 */
final class PageCodecs implements CompressionCodecFactory {
    static final PageCodecs INSTANCE = new PageCodecs();
    static final int ZSTD_LEVEL = 1;

    private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

    private PageCodecs() {}

    /** The page codec of a task's compression word: none, gzip, zstd, snappy or lz4 (LZ4_RAW). */
    static CompressionCodecName codec(String compression) {
        return switch (compression == null ? "none" : compression) {
            case "none" -> CompressionCodecName.UNCOMPRESSED;
            case "gzip" -> CompressionCodecName.GZIP;
            case "zstd" -> CompressionCodecName.ZSTD;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "lz4" -> CompressionCodecName.LZ4_RAW;
            default -> throw new IllegalArgumentException("unknown compression " + compression
                    + "; a parquet file's pages are compressed with none, gzip, zstd, snappy or lz4");
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Compressor(codec, null);
            case ZSTD -> new Compressor(codec, page -> Zstd.compress(page, ZSTD_LEVEL));
            case GZIP -> new Compressor(codec, PageCodecs::gzip);
            case SNAPPY -> new Compressor(codec, Snappy::compress);
            case LZ4_RAW -> new Compressor(codec, LZ4::compress);
            default -> throw new IllegalArgumentException("Logdump does not write " + codec + " parquet pages");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("Logdump writes Parquet files and never reads them");
    }

    @Override
    public void release() {
        // nothing is pooled
    }

    private static byte[] gzip(byte[] page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(page.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 << 10)) {
            gz.write(page);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface PageFunction {
        byte[] apply(byte[] page) throws IOException;
    }

    /** A codec's compressor; a null function leaves pages as they are. */
    private record Compressor(CompressionCodecName codec, PageFunction function) implements BytesInputCompressor {
        @Override
        public BytesInput compress(BytesInput page) throws IOException {
            return function == null ? page : BytesInput.from(function.apply(page.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
            // nothing is held
        }
    }
}
