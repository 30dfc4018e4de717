package io.logdump.shippers.loki;

import java.io.IOException;
import java.util.function.LongConsumer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * A Snappy block (the raw format, not the framed one), as Loki's protobuf push sends its body: a
 * varint with the uncompressed length, then literals and copies. The declared length is checked
 * before anything is allocated: past the limit is {@link TooLargeException}; more than the block
 * could hold (a copy, the most compact element, makes at most 64 bytes of 3) is
 * {@link InvalidException}; so a lying length costs at most {@value #MAX_RATIO} times the body
 * received, and then only within the limit. Thread-safe (stateless).
 */
public final class SnappyBlock {
    /** The most bytes a Snappy block can expand to per byte of its own (64 bytes from a 3-byte copy, rounded up). */
    static final int MAX_RATIO = 22;

    private SnappyBlock() {}

    /** A body that is not a Snappy block (HTTP 400). */
    public static final class InvalidException extends RuntimeException {
        InvalidException(String message) {
            super(message);
        }
    }

    /** A block that declares more than the limit (HTTP 413). */
    public static final class TooLargeException extends RuntimeException {
        TooLargeException(long declared, long max) {
            super("the Snappy block declares " + declared + " bytes uncompressed, more than the limit of " + max + " bytes; send smaller batches");
        }
    }

    /**
     * The uncompressed bytes of {@code block}.
     *
     * @param max the most bytes it may hold uncompressed
     * @param hold told the uncompressed length before it is allocated (to hold a memory budget for it; may refuse by throwing)
     */
    public static byte[] uncompress(byte[] block, long max, LongConsumer hold) {
        long declared = declaredLength(block);
        if (declared > Math.min(max, Integer.MAX_VALUE - 16)) {
            throw new TooLargeException(declared, Math.min(max, Integer.MAX_VALUE - 16));
        }
        if (declared > (long) MAX_RATIO * block.length) {
            throw new InvalidException("the body is not a Snappy block: it declares " + declared + " bytes uncompressed, more than "
                    + block.length + " bytes of Snappy can hold");
        }
        hold.accept(declared);
        byte[] out = new byte[(int) declared];
        int n;
        try {
            n = Snappy.uncompress(block, 0, block.length, out, 0);
        } catch (IOException | RuntimeException | SnappyError e) {
            throw new InvalidException("the body is not a valid Snappy block (" + e.getMessage() + "); Loki's protobuf push is a "
                    + "logproto.PushRequest compressed as one Snappy block");
        }
        if (n != declared) {
            throw new InvalidException("the Snappy block declares " + declared + " bytes uncompressed but holds " + n);
        }
        return out;
    }

    /** The length a block declares: its leading varint (at most 32 bits). */
    static long declaredLength(byte[] block) {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            if (i >= block.length) {
                throw new InvalidException("the body is not a Snappy block: it ends within its length (" + block.length + " bytes)");
            }
            int b = block[i] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (value > 0xffffffffL) {
                    break;
                }
                return value;
            }
        }
        throw new InvalidException("the body is not a Snappy block: its length is not a varint of at most 32 bits");
    }
}
