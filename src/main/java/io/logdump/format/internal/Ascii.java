package io.logdump.format.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finds bytes eight at a time. */
public final class Ascii {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private Ascii() {}

    /**
     * The first index from {@code i} on, at most {@code end}, of a byte that is not plain: a quote,
     * a backslash, a control character or a non-ASCII byte. All other bytes stand for themselves
     * in a JSON string.
     */
    static int skipPlain(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long q = x ^ QUOTES;
            long s = x ^ BACKSLASHES;
            // a zero byte in q or s, a byte below 0x20 in x, or a byte with its high bit set
            long special = ((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - SPACES) & ~x) | x;
            if ((special & HIGH) != 0) {
                break;
            }
            i += 8;
        }
        while (i < end) {
            byte c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') {
                return i;
            }
            i++;
        }
        return end;
    }

    /** The first index from {@code i} on of one of the four bytes, or {@code end} when there is none. */
    public static int indexOfAny(byte[] b, int i, int end, byte c0, byte c1, byte c2, byte c3) {
        long w0 = (c0 & 0xFFL) * ONES;
        long w1 = (c1 & 0xFFL) * ONES;
        long w2 = (c2 & 0xFFL) * ONES;
        long w3 = (c3 & 0xFFL) * ONES;
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long x0 = x ^ w0;
            long x1 = x ^ w1;
            long x2 = x ^ w2;
            long x3 = x ^ w3;
            long zero = ((x0 - ONES) & ~x0) | ((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2) | ((x3 - ONES) & ~x3);
            if ((zero & HIGH) != 0) {
                break;
            }
            i += 8;
        }
        while (i < end) {
            byte c = b[i];
            if (c == c0 || c == c1 || c == c2 || c == c3) {
                return i;
            }
            i++;
        }
        return end;
    }
}
