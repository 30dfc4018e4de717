package io.logdump.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A fuzz test's input read as a few text lines followed by the rest as bytes, so that the seed
 * inputs of the fuzz tests are plain text files a person can read and write: for example a
 * collection configuration on the first line and a request body after it. The fuzzer mutates the
 * whole input, lines and rest alike. Not thread-safe.
 */
public final class FuzzInput {
    /** The most bytes one fuzz run looks at: a run must stay short for the fuzzer to try many. */
    public static final int MAX_BYTES = 64 << 10;
    /**
     * The longest a single run may take. Generous, as the machine may be busy: every input handled
     * here is at most {@link #MAX_BYTES}, so only a super-linear path takes anywhere near this long.
     */
    public static final Duration MAX_RUN = Duration.ofSeconds(10);

    private final byte[] data;
    private int position;

    public FuzzInput(byte[] data) {
        this.data = data.length > MAX_BYTES ? Arrays.copyOf(data, MAX_BYTES) : data;
    }

    /** The next line (without its {@code \n}) as UTF-8, invalid bytes replaced; "" at the end. */
    public String line() {
        int start = position;
        while (position < data.length && data[position] != '\n') {
            position++;
        }
        String line = new String(data, start, position - start, StandardCharsets.UTF_8);
        if (position < data.length) {
            position++;
        }
        return line;
    }

    /** Everything after the lines read so far. */
    public byte[] rest() {
        byte[] rest = Arrays.copyOfRange(data, position, data.length);
        position = data.length;
        return rest;
    }

    /** {@link #rest()} as UTF-8, invalid bytes replaced. */
    public String restText() {
        return new String(rest(), StandardCharsets.UTF_8);
    }

    /**
     * {@code text} with each {@code \\uXXXX} replaced by that UTF-16 unit, so that a line can hold
     * what UTF-8 cannot, such as an unpaired surrogate.
     */
    public static String unescape(String text) {
        if (!text.contains("\\u")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && text.startsWith("u", i + 1) && i + 6 <= text.length()) {
                try {
                    out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: kept as it is
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Fails when {@code startNanos} (from {@link System#nanoTime}) is longer ago than {@link #MAX_RUN}. */
    public static void assertQuick(long startNanos, Object what) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertThat(took).as("time taken by %s", what).isLessThan(MAX_RUN);
    }
}
