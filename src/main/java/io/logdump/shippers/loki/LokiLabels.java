package io.logdump.shippers.loki;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels of a Loki stream as its protobuf push sends them: Prometheus label text, as Loki's
 * {@code syntax.ParseLabels} reads it. The grammar:
 *
 * <pre>
 * labels = "{" [ pair { "," pair } [ "," ] ] "}"        white space allowed between tokens
 * pair   = name "=" value
 * name   = [a-zA-Z_][a-zA-Z0-9_]*
 * value  = a Go string literal: "..." with the escapes \a \b \f \n \r \t \v \\ \" \xHH \OOO \\uHHHH \UHHHHHHHH,
 *          or `...` taken as it is
 * </pre>
 *
 * A label with an empty value is no label (as in Prometheus); a name given twice, a matcher other
 * than {@code =} ({@code !=}, {@code =~}, {@code !~}) or anything after the closing brace is an error.
 * Thread-safe (stateless).
 */
public final class LokiLabels {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private LokiLabels() {}

    /** Label text that breaks the grammar. */
    public static final class SyntaxException extends RuntimeException {
        SyntaxException(String text, int at, String what) {
            super("the labels " + excerpt(text) + " are not Prometheus label text {name=\"value\", ...}: " + what + " at character " + (at + 1));
        }

        private static String excerpt(String text) {
            return "'" + (text.length() > 120 ? text.substring(0, 120) + "..." : text) + "'";
        }
    }

    /** Whether {@code name} is a Prometheus label name (also the rule for the names of a JSON stream's labels). */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * The labels of {@code text}, in the order given.
     *
     * @throws SyntaxException when the text breaks the grammar
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] at = {skip(text, 0)};
        expect(text, at, '{');
        while (true) {
            at[0] = skip(text, at[0]);
            if (at[0] < text.length() && text.charAt(at[0]) == '}') {
                at[0]++;
                break;
            }
            int nameStart = at[0];
            while (at[0] < text.length() && isNameChar(text.charAt(at[0]), at[0] == nameStart)) {
                at[0]++;
            }
            if (at[0] == nameStart) {
                throw new SyntaxException(text, at[0], at[0] < text.length() ? "a label name was expected, not '" + text.charAt(at[0]) + "'"
                        : "the text ends before its closing '}'");
            }
            String name = text.substring(nameStart, at[0]);
            at[0] = skip(text, at[0]);
            if (at[0] < text.length() && (text.charAt(at[0]) == '!' || text.startsWith("=~", at[0]))) {
                throw new SyntaxException(text, at[0], "only name=\"value\" pairs may describe a stream, not the matchers !=, =~ or !~");
            }
            expect(text, at, '=');
            at[0] = skip(text, at[0]);
            String value = value(text, at);
            if (out.containsKey(name)) {
                throw new SyntaxException(text, nameStart, "the label " + name + " is given twice");
            }
            if (!value.isEmpty()) {
                out.put(name, value);
            }
            at[0] = skip(text, at[0]);
            if (at[0] < text.length() && text.charAt(at[0]) == ',') {
                at[0]++;
            } else if (at[0] >= text.length() || text.charAt(at[0]) != '}') {
                throw new SyntaxException(text, at[0], "',' or '}' was expected");
            }
        }
        if (skip(text, at[0]) != text.length()) {
            throw new SyntaxException(text, at[0], "nothing may follow the closing '}'");
        }
        return out;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static int skip(String text, int at) {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static void expect(String text, int[] at, char c) {
        at[0] = skip(text, at[0]);
        if (at[0] >= text.length() || text.charAt(at[0]) != c) {
            throw new SyntaxException(text, at[0], "'" + c + "' was expected");
        }
        at[0]++;
    }

    /** A quoted value from {@code at[0]}, which moves past its closing quote. */
    private static String value(String text, int[] at) {
        int start = at[0];
        if (start >= text.length() || (text.charAt(start) != '"' && text.charAt(start) != '`')) {
            throw new SyntaxException(text, start, "a value in double quotes was expected");
        }
        if (text.charAt(start) == '`') {
            int end = text.indexOf('`', start + 1);
            if (end < 0) {
                throw new SyntaxException(text, start, "the value's closing '`' is missing");
            }
            at[0] = end + 1;
            return text.substring(start + 1, end);
        }
        int end = plainEnd(text, start + 1);
        if (end < text.length() && text.charAt(end) == '"') { // the common case: no escape
            at[0] = end + 1;
            return text.substring(start + 1, end);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = start + 1;
        while (true) {
            if (i >= text.length()) {
                throw new SyntaxException(text, start, "the value's closing '\"' is missing");
            }
            char c = text.charAt(i);
            if (c == '"') {
                at[0] = i + 1;
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                throw new SyntaxException(text, i, "a value may not hold a line break (write \\n)");
            }
            if (c != '\\') {
                int cp = text.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp);
                continue;
            }
            i = escape(text, i, bytes);
        }
    }

    private static int plainEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\n') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** One escape at {@code i} (a backslash) written to {@code out}; the index after it. */
    private static int escape(String text, int i, ByteArrayOutputStream out) {
        if (i + 1 >= text.length()) {
            throw new SyntaxException(text, i, "the escape is cut short");
        }
        char e = text.charAt(i + 1);
        switch (e) {
            case 'a' -> out.write(7);
            case 'b' -> out.write('\b');
            case 'f' -> out.write('\f');
            case 'n' -> out.write('\n');
            case 'r' -> out.write('\r');
            case 't' -> out.write('\t');
            case 'v' -> out.write(11);
            case '\\' -> out.write('\\');
            case '"' -> out.write('"');
            case 'x' -> {
                out.write((int) hex(text, i, 2));
                return i + 4;
            }
            case 'u', 'U' -> {
                int digits = e == 'u' ? 4 : 8;
                long cp = hex(text, i, digits);
                if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    throw new SyntaxException(text, i, "the escape \\" + e + " names no Unicode character");
                }
                byte[] utf8 = new String(Character.toChars((int) cp)).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                return i + 2 + digits;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int value = 0;
                    for (int k = 1; k <= 3; k++) {
                        char d = i + k < text.length() ? text.charAt(i + k) : 0;
                        if (d < '0' || d > '7') {
                            throw new SyntaxException(text, i, "an octal escape has three digits");
                        }
                        value = value * 8 + (d - '0');
                    }
                    if (value > 255) {
                        throw new SyntaxException(text, i, "an octal escape is at most \\377");
                    }
                    out.write(value);
                    return i + 4;
                }
                throw new SyntaxException(text, i, "\\" + e + " is not an escape");
            }
        }
        return i + 2;
    }

    private static long hex(String text, int i, int digits) {
        if (i + 2 + digits > text.length()) {
            throw new SyntaxException(text, i, "the escape is cut short");
        }
        long value = 0;
        for (int k = 0; k < digits; k++) {
            char c = text.charAt(i + 2 + k);
            int d = c < 128 ? Character.digit(c, 16) : -1;
            if (d < 0) {
                throw new SyntaxException(text, i, "the escape needs " + digits + " hex digits");
            }
            value = value * 16 + d;
        }
        return value;
    }
}
