package io.logdump.format.internal;

import java.util.Arrays;

/**
 * Checks that a byte array is one strict RFC 8259 JSON object (UTF-8, optional surrounding
 * whitespace and byte order mark) and finds its top-level members, without decoding anything.
 * Keys and values are then spans of the input: a key span lies inside its quotes, a value span
 * is the value's whole text (a string value with its quotes).
 *
 * <p>What it accepts is what Jackson's default parser, which checks JSON lines at ingest, accepts,
 * with nesting limited to the same 1000 levels; anything else makes {@link #scan} return false,
 * so that an encoder never copies bytes that are not JSON. One instance per encoder; not
 * thread-safe.
 */
public final class JsonObjectScanner {
    /** Jackson's default {@code StreamReadConstraints} nesting limit. */
    static final int MAX_DEPTH = 1000;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] b;
    private int end;
    private int open;
    private int close;
    private int members;
    /** Per member: key start, key end, value start, value end. */
    private int[] spans = new int[64];
    /** Per member: bit 0 = the key has escapes, bit 1 = the value is a string with escapes. */
    private byte[] escapes = new byte[16];
    private boolean escaped;
    private boolean whitespace;
    private boolean lineBreak;

    /** Scans {@code bytes}; true when it is one JSON object, whose members the accessors then give. */
    public boolean scan(byte[] bytes) {
        b = bytes;
        end = bytes.length;
        members = 0;
        whitespace = false;
        lineBreak = false;
        int i = 0;
        if (end >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            i = 3;
        }
        while (i < end && isWhitespace(b[i])) {
            i++;
        }
        if (i >= end || b[i] != '{') {
            return false;
        }
        open = i;
        i = ws(i + 1);
        if (i < end && b[i] == '}') {
            close = i;
        } else {
            while (true) {
                if (i >= end || b[i] != '"') {
                    return false;
                }
                escaped = false;
                int keyEnd = string(i + 1);
                if (keyEnd < 0) {
                    return false;
                }
                int keyStart = i + 1;
                boolean keyEscaped = escaped;
                i = ws(keyEnd);
                if (i >= end || b[i] != ':') {
                    return false;
                }
                int valueStart = ws(i + 1);
                escaped = false;
                int valueEnd = value(valueStart, 1);
                if (valueEnd < 0) {
                    return false;
                }
                add(keyStart, keyEnd - 1, keyEscaped, valueStart, valueEnd, escaped && b[valueStart] == '"');
                i = ws(valueEnd);
                if (i >= end) {
                    return false;
                }
                if (b[i] == ',') {
                    i = ws(i + 1);
                } else if (b[i] == '}') {
                    close = i;
                    break;
                } else {
                    return false;
                }
            }
        }
        i = close + 1;
        while (i < end && isWhitespace(b[i])) {
            i++;
        }
        return i == end;
    }

    /** The index of the object's opening brace. */
    public int objectStart() {
        return open;
    }

    /** The index of the object's closing brace. */
    public int objectEnd() {
        return close;
    }

    public int memberCount() {
        return members;
    }

    public int keyStart(int member) {
        return spans[member * 4];
    }

    /** The index of the key's closing quote. */
    public int keyEnd(int member) {
        return spans[member * 4 + 1];
    }

    /** Whether the key has backslash escapes, so that its bytes are not its name. */
    public boolean keyEscaped(int member) {
        return (escapes[member] & 1) != 0;
    }

    public int valueStart(int member) {
        return spans[member * 4 + 2];
    }

    /** The index just past the value. */
    public int valueEnd(int member) {
        return spans[member * 4 + 3];
    }

    /** Whether the value is a string with backslash escapes. */
    public boolean valueEscaped(int member) {
        return (escapes[member] & 2) != 0;
    }

    /** Whether there is whitespace between the braces, outside strings (the object is not compact). */
    public boolean hasWhitespace() {
        return whitespace;
    }

    /** Whether that whitespace includes CR or LF, which would break a line of NDJSON. */
    public boolean hasLineBreak() {
        return lineBreak;
    }

    /** Whether the key of {@code member}, which must have no escapes, is {@code name}. */
    public boolean keyEquals(int member, byte[] name) {
        int from = keyStart(member);
        return keyEnd(member) - from == name.length && Arrays.equals(b, from, from + name.length, name, 0, name.length);
    }

    private void add(int keyStart, int keyEnd, boolean keyEscaped, int valueStart, int valueEnd, boolean valueEscaped) {
        if (members * 4 + 4 > spans.length) {
            spans = Arrays.copyOf(spans, spans.length * 2);
            escapes = Arrays.copyOf(escapes, escapes.length * 2);
        }
        int s = members * 4;
        spans[s] = keyStart;
        spans[s + 1] = keyEnd;
        spans[s + 2] = valueStart;
        spans[s + 3] = valueEnd;
        escapes[members] = (byte) ((keyEscaped ? 1 : 0) | (valueEscaped ? 2 : 0));
        members++;
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private int ws(int i) {
        while (i < end) {
            byte c = b[i];
            if (c == ' ' || c == '\t') {
                whitespace = true;
            } else if (c == '\n' || c == '\r') {
                whitespace = true;
                lineBreak = true;
            } else {
                break;
            }
            i++;
        }
        return i;
    }

    /** The index past the value at {@code i}, or -1. */
    private int value(int i, int depth) {
        if (i >= end) {
            return -1;
        }
        return switch (b[i]) {
            case '"' -> string(i + 1);
            case '{' -> object(i + 1, depth + 1);
            case '[' -> array(i + 1, depth + 1);
            case 't' -> literal(i, TRUE);
            case 'n' -> literal(i, NULL);
            case 'f' -> literal(i, FALSE);
            default -> number(i);
        };
    }

    private int object(int i, int depth) {
        if (depth > MAX_DEPTH) {
            return -1;
        }
        i = ws(i);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return -1;
            }
            i = string(i + 1);
            if (i < 0) {
                return -1;
            }
            i = ws(i);
            if (i >= end || b[i] != ':') {
                return -1;
            }
            i = value(ws(i + 1), depth);
            if (i < 0) {
                return -1;
            }
            i = ws(i);
            if (i >= end) {
                return -1;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = ws(i + 1);
        }
    }

    private int array(int i, int depth) {
        if (depth > MAX_DEPTH) {
            return -1;
        }
        i = ws(i);
        if (i < end && b[i] == ']') {
            return i + 1;
        }
        while (true) {
            i = value(i, depth);
            if (i < 0) {
                return -1;
            }
            i = ws(i);
            if (i >= end) {
                return -1;
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = ws(i + 1);
        }
    }

    private int literal(int i, byte[] word) {
        int n = word.length;
        return i + n <= end && Arrays.equals(b, i, i + n, word, 0, n) ? i + n : -1;
    }

    private int number(int i) {
        if (b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(i + 1);
        } else {
            return -1;
        }
        if (i < end && b[i] == '.') {
            if (i + 1 >= end || !isDigit(b[i + 1])) {
                return -1;
            }
            i = digits(i + 1);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (i >= end || !isDigit(b[i])) {
                return -1;
            }
            i = digits(i);
        }
        return i;
    }

    private int digits(int i) {
        while (i < end && isDigit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** From just after an opening quote, the index past the closing quote, or -1; sets {@code escaped}. */
    private int string(int i) {
        while (i < end) {
            i = Ascii.skipPlain(b, i, end);
            if (i == end) {
                break;
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                escaped = true;
                if (i + 1 >= end) {
                    return -1;
                }
                switch (b[i + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        if (i + 5 >= end || hex(b[i + 2]) < 0 || hex(b[i + 3]) < 0 || hex(b[i + 4]) < 0 || hex(b[i + 5]) < 0) {
                            return -1;
                        }
                        i += 6;
                    }
                    default -> {
                        return -1;
                    }
                }
            } else if (c < 0) {
                int n = Utf8.sequenceLength(b, i, end);
                if (n == 0) {
                    return -1;
                }
                i += n;
            } else {
                return -1;
            }
        }
        return -1;
    }

    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
