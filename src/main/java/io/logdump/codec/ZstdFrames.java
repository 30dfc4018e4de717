package io.logdump.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.util.Arrays;

/**
 * Compresses a chunk into one complete zstd frame with the content size and a content checksum
 * in it, as the {@code zstd} CLI writes by default. Thread-safe: each call uses its own context.
 */
final class ZstdFrames implements ParallelChunkOutputStream.ChunkCompressor {
    private final int level;

    ZstdFrames(int level) {
        this.level = level;
    }

    @Override
    public byte[] compress(byte[] chunk, int length) {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level).setChecksum(true).setContentSize(true);
            byte[] out = new byte[(int) Zstd.compressBound(length)];
            int n = ctx.compressByteArray(out, 0, out.length, chunk, 0, length);
            return Arrays.copyOf(out, n);
        }
    }
}
