package io.logdump.codec;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a chunk into one complete gzip member (RFC 1952): a 10-byte header with no name and
 * mtime 0, raw deflate data, then CRC-32 and the input length, both little-endian. Thread-safe:
 * each call uses its own {@link Deflater}.
 */
final class GzipMembers implements ParallelChunkOutputStream.ChunkCompressor {
    private static final int HEADER = 10;
    private static final int TRAILER = 8;
    private static final byte OS_UNKNOWN = (byte) 255;

    private final int level;

    GzipMembers(int level) {
        this.level = level;
    }

    @Override
    public byte[] compress(byte[] chunk, int length) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(chunk, 0, length);
            deflater.finish();
            // Log lines compress 6-10x, so a quarter of the input rarely needs to grow.
            byte[] out = new byte[HEADER + Math.max(length / 4, 256) + TRAILER];
            out[0] = (byte) 0x1f;
            out[1] = (byte) 0x8b;
            out[2] = Deflater.DEFLATED;
            out[8] = (byte) (level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0);
            out[9] = OS_UNKNOWN;
            int pos = HEADER;
            while (!deflater.finished()) {
                if (pos == out.length - TRAILER) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                pos += deflater.deflate(out, pos, out.length - TRAILER - pos);
            }
            CRC32 crc = new CRC32();
            crc.update(chunk, 0, length);
            putIntLe(out, pos, (int) crc.getValue());
            putIntLe(out, pos + 4, length);
            return Arrays.copyOf(out, pos + TRAILER);
        } finally {
            deflater.end();
        }
    }

    private static void putIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
