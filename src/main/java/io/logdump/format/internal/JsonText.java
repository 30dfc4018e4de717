package io.logdump.format.internal;

import java.io.IOException;

/** JSON text from bytes and back: string escaping, unescaping and whitespace removal. */
public final class JsonText {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    /** For each ASCII byte: 0 when it stands for itself in a JSON string, else the letter after the backslash. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
    }

    private JsonText() {}

    /**
     * Writes {@code b[from, to)}, UTF-8 text, as a quoted JSON string: quote, backslash and control
     * characters are escaped, other characters are copied as they are, and each byte that is not
     * part of well-formed UTF-8 becomes U+FFFD, so the result is valid JSON whatever the input.
     */
    public static void writeString(ByteSink sink, byte[] b, int from, int to) throws IOException {
        sink.write('"');
        int run = from;
        int i = from;
        while (i < to) {
            i = Ascii.skipPlain(b, i, to);
            if (i == to) {
                break;
            }
            byte c = b[i];
            if (c >= 0) {
                byte e = ESCAPE[c];
                sink.write(b, run, i - run);
                sink.write('\\');
                sink.write(e);
                if (e == 'u') {
                    sink.write('0');
                    sink.write('0');
                    sink.write(HEX[c >> 4]);
                    sink.write(HEX[c & 15]);
                }
            } else {
                int n = Utf8.sequenceLength(b, i, to);
                if (n > 0) {
                    i += n;
                    continue;
                }
                sink.write(b, run, i - run);
                sink.write(Utf8.REPLACEMENT);
            }
            i++;
            run = i;
        }
        sink.write(b, run, i - run);
        sink.write('"');
    }

    /**
     * Appends the text of the JSON string content {@code b[from, to)} (between its quotes, valid
     * as {@link JsonObjectScanner} checks it) to {@code out} as UTF-8; an escaped lone surrogate
     * becomes U+FFFD.
     */
    public static void unescape(byte[] b, int from, int to, ByteScratch out) {
        int run = from;
        int i = from;
        while (i < to) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            out.append(b, run, i - run);
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    int cp = hex4(b, i);
                    i += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF && i + 5 < to && b[i] == '\\' && b[i + 1] == 'u') {
                        int low = hex4(b, i + 2);
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            i += 6;
                        }
                    }
                    appendCodePoint(cp, out);
                }
                default -> out.append(e);
            }
            run = i;
        }
        out.append(b, run, to - run);
    }

    /** Appends the JSON text {@code b[from, to)} without its whitespace outside strings. */
    public static void compact(byte[] b, int from, int to, ByteScratch out) {
        int run = from;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                out.append(b, run, i - run);
                run = i + 1;
            }
        }
        out.append(b, run, to - run);
    }

    private static int hex4(byte[] b, int i) {
        return JsonObjectScanner.hex(b[i]) << 12 | JsonObjectScanner.hex(b[i + 1]) << 8
                | JsonObjectScanner.hex(b[i + 2]) << 4 | JsonObjectScanner.hex(b[i + 3]);
    }

    private static void appendCodePoint(int cp, ByteScratch out) {
        if (cp < 0x80) {
            out.append(cp);
        } else if (cp < 0x800) {
            out.append(0xC0 | cp >> 6);
            out.append(0x80 | cp & 0x3F);
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            out.append(Utf8.REPLACEMENT, 0, Utf8.REPLACEMENT.length);
        } else if (cp < 0x10000) {
            out.append(0xE0 | cp >> 12);
            out.append(0x80 | cp >> 6 & 0x3F);
            out.append(0x80 | cp & 0x3F);
        } else {
            out.append(0xF0 | cp >> 18);
            out.append(0x80 | cp >> 12 & 0x3F);
            out.append(0x80 | cp >> 6 & 0x3F);
            out.append(0x80 | cp & 0x3F);
        }
    }
}
