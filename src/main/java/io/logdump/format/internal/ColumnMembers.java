package io.logdump.format.internal;

import java.util.Arrays;

/**
 * Finds, in a record's parsed fields (one JSON object), the member that holds each named column,
 * with one scan of the fields. After {@link #find}, {@link #member} gives a column's member index
 * in {@link #scanner()}, or -1 when the record has no such field. Not thread-safe.
 */
public final class ColumnMembers {
    private final byte[][] names;
    private final int[] members;
    private final JsonObjectScanner scanner = new JsonObjectScanner();
    private final ByteScratch key = new ByteScratch();

    /** @param names the UTF-8 names of the columns, in column order */
    public ColumnMembers(byte[][] names) {
        this.names = names;
        this.members = new int[names.length];
    }

    /** Scans {@code fields} (empty, or a JSON object) and finds each column's member. */
    public void find(byte[] fields) {
        Arrays.fill(members, -1);
        if (names.length == 0 || fields.length == 0 || !scanner.scan(fields)) {
            return;
        }
        for (int m = 0; m < scanner.memberCount(); m++) {
            int column = column(fields, m);
            if (column >= 0) {
                members[column] = m;
            }
        }
    }

    /** The member holding column {@code column} in the fields last found, or -1. */
    public int member(int column) {
        return members[column];
    }

    /** The scanner of the fields last found: the spans of their members. */
    public JsonObjectScanner scanner() {
        return scanner;
    }

    /** The column named by the key of member {@code m}, or -1. */
    private int column(byte[] fields, int m) {
        if (scanner.keyEscaped(m)) {
            key.clear();
            JsonText.unescape(fields, scanner.keyStart(m), scanner.keyEnd(m), key);
            for (int c = 0; c < names.length; c++) {
                if (Arrays.equals(key.bytes(), 0, key.length(), names[c], 0, names[c].length)) {
                    return c;
                }
            }
            return -1;
        }
        for (int c = 0; c < names.length; c++) {
            if (scanner.keyEquals(m, names[c])) {
                return c;
            }
        }
        return -1;
    }
}
