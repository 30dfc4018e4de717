package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * Text for people from the server's JSON: aligned tables for lists, {@code key: value} lines for
 * one object (nested objects flattened to dotted keys, e.g. {@code format.type: json}). A missing
 * or null value shows as {@code -}. Text from the server never reaches the terminal as it is:
 * {@link #safe} escapes every character that could steer a terminal or hide or reorder text, and
 * tables and {@code key: value} lines are made safe (see {@link Client} for the other outputs).
 * Pure functions, thread-safe.
 */
final class PlainText {
    private PlainText() {}

    /** A table column: its header (capitals) and how to get a cell from one item of the list. */
    record Column(String header, Function<JsonNode, String> cell) {
        /** The value at a dotted path of the item, e.g. {@code format.type}. */
        static Column of(String header, String path) {
            String pointer = "/" + path.replace('.', '/');
            return new Column(header, item -> text(item.at(pointer)));
        }
    }

    /** The header line and one line per item; columns are two spaces apart, with no trailing spaces. */
    static List<String> table(JsonNode items, List<Column> columns) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::header).toList());
        for (JsonNode item : items) {
            rows.add(columns.stream().map(c -> safe(oneLine(c.cell().apply(item)))).toList());
        }
        int[] widths = new int[columns.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - width(cell) + 2));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** {@code key: value} lines of an object, nested objects flattened to dotted keys. */
    static List<String> keyValues(JsonNode object) {
        List<String> lines = new ArrayList<>();
        if (object.isObject()) {
            addKeyValues("", object, lines);
        } else {
            lines.add(safe(text(object)));
        }
        return lines;
    }

    private static void addKeyValues(String prefix, JsonNode object, List<String> lines) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = prefix + field.getKey();
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                addKeyValues(key + ".", field.getValue(), lines);
            } else {
                lines.add(safe(key) + ": " + safe(oneLine(text(field.getValue()))));
            }
        }
    }

    /** A value as text: scalars as they are, a list of scalars comma-separated, anything else as compact JSON. */
    static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray() && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isValueNode)) {
            return String.join(", ", StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).toList());
        }
        return value.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]", " ");
    }

    /**
     * {@code s} with every character that could steer a terminal or hide or reorder text shown as
     * an escape: C0 controls and DEL as {@code \xNN} ({@code \t}, {@code \n} and {@code \r} as
     * such), C1 controls (U+0080 to U+009F, which some terminals take as ESC sequences) as
     * {@code \xNN}, and format characters (bidi overrides and isolates such as U+202E, marks,
     * zero-width spaces; not the joiner U+200D of emoji), line and paragraph separators and
     * unpaired surrogates as <code>&#92;u</code> and four hex digits. Other text, Chinese included,
     * is unchanged.
     */
    static String safe(String s) {
        int i = 0;
        while (i < s.length() && !unsafe(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        while (i < s.length()) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (!unsafe(c)) {
                out.appendCodePoint(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c <= 0xFF) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append(String.format("\\u%04x", c));
            }
        }
        return out.toString();
    }

    /** Whether {@link #safe} escapes the code point (an unpaired surrogate arrives as itself). */
    static boolean unsafe(int c) {
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        return (type == Character.FORMAT && c != 0x200D) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    /** Columns taken on a terminal: CJK ideographs, kana, hangul and full-width forms take two. */
    static int width(String s) {
        return s.codePoints().map(PlainText::width).sum();
    }

    private static int width(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        boolean wide = script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || (codePoint >= 0xFF01 && codePoint <= 0xFF60) || (codePoint >= 0xFFE0 && codePoint <= 0xFFE6)
                || (codePoint >= 0x3000 && codePoint <= 0x303F);
        return wide ? 2 : 1;
    }
}
