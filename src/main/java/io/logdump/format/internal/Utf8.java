package io.logdump.format.internal;

/** UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
public final class Utf8 {
    /** U+FFFD, which stands for a byte that is not part of well-formed UTF-8. */
    public static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {}

    /**
     * The length (2 to 4) of the well-formed sequence that starts with the non-ASCII byte at
     * {@code i} and ends before {@code end}, or 0 when there is none.
     */
    public static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0xC2) {
            return 0;
        }
        if (c < 0xE0) {
            return i + 1 < end && (b[i + 1] & 0xC0) == 0x80 ? 2 : 0;
        }
        if (c < 0xF0) {
            if (i + 2 >= end) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80
                    || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
                return 0;
            }
            return 3;
        }
        if (c < 0xF5) {
            if (i + 3 >= end) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80
                    || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
                return 0;
            }
            return 4;
        }
        return 0;
    }
}
