package io.logdump.verify;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A fingerprint of a multiset of lines (each ended by {@code \n}) that does not depend on their
 * order: the count, and two sums of 64-bit hashes of the lines (FNV-1a with two different bases,
 * each finished by a mixer). Two multisets of lines have the same fingerprint when they are equal,
 * and different ones, short of a deliberate forgery, when they are not. Memory is a few longs
 * whatever the number of lines, so the lines of a whole batch can be compared without holding
 * them. Not thread-safe.
 */
final class LineFingerprint {
    private static final long PRIME = 0x100000001b3L;
    private static final long BASIS_1 = 0xcbf29ce484222325L;
    private static final long BASIS_2 = 0x84222325cbf29ce4L;

    private long lines;
    private long sum1;
    private long sum2;
    private long h1 = BASIS_1;
    private long h2 = BASIS_2;

    void update(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '\n') {
                lines++;
                sum1 += mix(h1);
                sum2 += mix(h2 + 0x9E3779B97F4A7C15L);
                h1 = BASIS_1;
                h2 = BASIS_2;
            } else {
                h1 = (h1 ^ (c & 0xff)) * PRIME;
                h2 = (h2 ^ (c & 0xff)) * PRIME + 1;
            }
        }
    }

    long lines() {
        return lines;
    }

    /** True when both saw the same lines, in whatever order. */
    boolean sameLines(LineFingerprint other) {
        return lines == other.lines && sum1 == other.sum1 && sum2 == other.sum2;
    }

    /** Adds the lines of another fingerprint (a file's to its batch's). */
    void add(LineFingerprint other) {
        lines += other.lines;
        sum1 += other.sum1;
        sum2 += other.sum2;
    }

    /** {@code in}, with every byte read also going into this fingerprint. */
    InputStream tee(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    update(new byte[] {(byte) c}, 0, 1);
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    update(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
                int read = buf.length == 0 ? 0 : read(buf, 0, buf.length);
                return Math.max(read, 0);
            }
        };
    }

    /** An output stream whose bytes go into this fingerprint. */
    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int c) {
                update(new byte[] {(byte) c}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                update(b, off, len);
            }
        };
    }

    /** The finalizer of MurmurHash3: spreads every input bit over the whole word. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
