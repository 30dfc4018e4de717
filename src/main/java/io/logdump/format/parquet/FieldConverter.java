package io.logdump.format.parquet;

import io.logdump.format.internal.ByteScratch;
import io.logdump.format.internal.JsonText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;

/**
 * Turns the JSON value of a parsed field into a value of its column's type. Fields parsed by a
 * regex or delimiter parser are strings, so a string holding a number, boolean or time converts
 * like the JSON value would:
 * <ul>
 *   <li>{@code string}: a string's text; a number or boolean as its JSON text; an object or array
 *       as compact JSON;</li>
 *   <li>{@code long}: an integral number, or a string holding one ({@code 42}, {@code 007},
 *       {@code 1.0}, {@code 1e3}), within the 64-bit range;</li>
 *   <li>{@code double}: a number, or a string holding one in JSON's number syntax (leading zeros
 *       allowed);</li>
 *   <li>{@code boolean}: {@code true} or {@code false}, or a string holding one (any case);</li>
 *   <li>{@code timestamp}: an integral number or numeric string as epoch milliseconds; or an
 *       ISO-8601 string with an offset ({@code 2017-07-16T12:34:56.789Z},
 *       {@code 2017-07-16 20:34:56+08:00}) or without one, then read as UTC; sub-millisecond
 *       digits are dropped.</li>
 * </ul>
 * Anything else cannot be converted: the caller writes null and counts it. Not thread-safe.
 */
final class FieldConverter {
    private static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final ByteScratch scratch = new ByteScratch();

    /**
     * Adds the JSON value {@code fields[start, end)} (checked by the scanner; not {@code null}) to
     * field {@code index} of {@code group}.
     *
     * @param escaped whether the value is a string with backslash escapes
     * @param compact false when the value may hold whitespace outside strings
     * @return the uncompressed size of the value added, or -1 when it cannot be converted (nothing
     *     is then added)
     */
    long add(Group group, int index, ColumnType type, byte[] fields, int start, int end, boolean escaped, boolean compact) {
        byte first = fields[start];
        if (type == ColumnType.STRING) {
            Binary text;
            if (first == '"') {
                if (!escaped) {
                    text = Binary.fromReusedByteArray(fields, start + 1, end - start - 2);
                } else {
                    scratch.clear();
                    JsonText.unescape(fields, start + 1, end - 1, scratch);
                    text = Binary.fromConstantByteArray(Arrays.copyOf(scratch.bytes(), scratch.length()));
                }
            } else if ((first == '{' || first == '[') && !compact) {
                scratch.clear();
                JsonText.compact(fields, start, end, scratch);
                text = Binary.fromConstantByteArray(Arrays.copyOf(scratch.bytes(), scratch.length()));
            } else {
                text = Binary.fromReusedByteArray(fields, start, end - start);
            }
            group.add(index, text);
            return text.length();
        }
        String token;
        if (first == '"') {
            scratch.clear();
            if (escaped) {
                JsonText.unescape(fields, start + 1, end - 1, scratch);
            } else {
                scratch.append(fields, start + 1, end - start - 2);
            }
            token = new String(scratch.bytes(), 0, scratch.length(), StandardCharsets.UTF_8);
        } else if (first == '{' || first == '[') {
            return -1;
        } else {
            token = new String(fields, start, end - start, StandardCharsets.US_ASCII);
        }
        return add(group, index, type, token, first == '"');
    }

    private static long add(Group group, int index, ColumnType type, String token, boolean quoted) {
        switch (type) {
            case LONG -> {
                Long v = toLong(token);
                if (v == null) {
                    return -1;
                }
                group.add(index, v.longValue());
                return 8;
            }
            case DOUBLE -> {
                if (!isNumber(token)) {
                    return -1;
                }
                group.add(index, Double.parseDouble(token));
                return 8;
            }
            case BOOLEAN -> {
                boolean isTrue = quoted ? token.equalsIgnoreCase("true") : token.equals("true");
                boolean isFalse = quoted ? token.equalsIgnoreCase("false") : token.equals("false");
                if (!isTrue && !isFalse) {
                    return -1;
                }
                group.add(index, isTrue);
                return 1;
            }
            case TIMESTAMP -> {
                Long millis = toLong(token);
                if (millis == null && quoted) {
                    millis = isoMillis(token);
                }
                if (millis == null) {
                    return -1;
                }
                group.add(index, millis.longValue());
                return 8;
            }
            default -> throw new IllegalStateException("not a converted type: " + type);
        }
    }

    /** The integral value of a number in JSON's syntax (leading zeros allowed), or null. */
    static Long toLong(String token) {
        if (!isNumber(token)) {
            return null;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException notPlain) {
            try {
                return new BigDecimal(token).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
    }

    /** Whether the text is a number in JSON's syntax, leading zeros allowed: {@code -?\d+(\.\d+)?([eE][+-]?\d+)?}. */
    static boolean isNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        int digits = digits(s, i);
        if (digits == 0) {
            return false;
        }
        i += digits;
        if (i < n && s.charAt(i) == '.') {
            digits = digits(s, ++i);
            if (digits == 0) {
                return false;
            }
            i += digits;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            digits = digits(s, i);
            if (digits == 0) {
                return false;
            }
            i += digits;
        }
        return i == n;
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /** Epoch milliseconds of an ISO-8601 date-time ('T' or a space between date and time), UTC when it has no offset; or null. */
    static Long isoMillis(String text) {
        if (text.length() < 16) {
            return null;
        }
        String iso = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return OffsetDateTime.parse(iso, OFFSET_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso, LOCAL_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
