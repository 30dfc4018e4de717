package io.logdump.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled C/POSIX {@code strftime} pattern that formats instants exactly like glibc's
 * {@code strftime} in the C locale.
 *
 * <p>Supported conversions: {@code %a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %m %M %p %r
 * %R %S %T %u %U %V %w %W %x %X %y %Y %z %Z %%}, the GNU conversions {@code %k %l %P %s}, and the
 * POSIX modifiers {@code %Ec %EC %Ex %EX %Ey %EY %Od %Oe %OH %OI %Om %OM %OS %Ou %OU %OV %Ow %OW
 * %Oy}, which format like the unmodified conversion in the C locale. Everything else is copied
 * literally.
 *
 * <p>Because the output is used in object storage keys, {@link #compile(String)} refuses patterns
 * whose output could contain a control character, start with {@code /} or contain {@code ..}, as
 * well as patterns longer than {@value #MAX_PATTERN_LENGTH} characters, GNU flags and field widths
 * ({@code %-d}, {@code %10Y}) and any directive not listed above.
 *
 * <p>{@code %Z} prints, for a {@link ZoneOffset}, the numeric abbreviation used by the tz database
 * ({@code +08}, {@code +0530}, {@code -0330}; {@code UTC} for {@link ZoneOffset#UTC}), and for a
 * region zone its short name in {@link Locale#ROOT} ({@code CST}, {@code EDT}, {@code IST}), falling
 * back to the numeric form when that name is not purely alphabetic. Java's short names can differ
 * from the tz database's abbreviations for some regions (for example {@code Asia/Dubai} is
 * {@code GST} in Java and {@code +04} in glibc).
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Strftime {

    /** The maximum length of a pattern accepted by {@link #compile(String)}. */
    public static final int MAX_PATTERN_LENGTH = 128;

    private static final String E_MODIFIED = "cCxXyY";
    private static final String O_MODIFIED = "deHImMSuUVwWy";
    private static final String GNU_FLAGS = "_-0^#";

    private final String pattern;
    private final Part[] parts;
    private final int estimatedLength;
    private final String longestOutput;

    private Strftime(String pattern, List<Part> parts) {
        this.pattern = pattern;
        this.parts = parts.toArray(new Part[0]);
        this.estimatedLength = parts.stream().mapToInt(Part::estimatedLength).sum();
        StringBuilder longest = new StringBuilder();
        parts.forEach(part -> part.appendLongest(longest));
        this.longestOutput = longest.toString();
    }

    /**
     * Compiles a C/POSIX {@code strftime} pattern.
     *
     * <p>The empty pattern is accepted and formats to the empty string.
     *
     * @param pattern the pattern, for example {@code "dt=%Y-%m-%d/hour=%H/"}
     * @return the compiled pattern
     * @throws StrftimeException if the pattern is longer than {@value #MAX_PATTERN_LENGTH}
     *     characters, contains an unknown or unsupported directive, a modifier on a conversion that
     *     does not take it, a lone {@code %} at the end, {@code %n}, {@code %t} or a control
     *     character, starts with {@code /}, or would output {@code ..}; positions in the message are
     *     zero-based indexes into the pattern
     * @throws NullPointerException if {@code pattern} is null
     */
    public static Strftime compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new StrftimeException(
                    "strftime pattern has " + pattern.length() + " characters, more than the limit of "
                            + MAX_PATTERN_LENGTH,
                    null);
        }
        return new Strftime(pattern, new Compiler(pattern).compile());
    }

    /**
     * Returns the pattern this instance was compiled from.
     *
     * @return the pattern
     */
    public String pattern() {
        return pattern;
    }

    /**
     * Formats an instant as seen in a time zone, exactly like glibc's {@code strftime} in the C
     * locale with {@code TZ} set to the equivalent zone. Safe to call from many threads at once.
     *
     * @param instant the instant to format
     * @param zone the zone whose local date, time, offset and abbreviation are printed
     * @return the formatted text, never null
     * @throws java.time.DateTimeException if the instant is outside the range of {@link
     *     java.time.LocalDateTime} in that zone
     * @throws NullPointerException if an argument is null
     */
    public String format(Instant instant, ZoneId zone) {
        ZonedDateTime time = instant.atZone(zone);
        StringBuilder out = new StringBuilder(estimatedLength);
        for (Part part : parts) {
            part.appendTo(out, time);
        }
        return out.toString();
    }

    /**
     * Returns a text with the shape of the longest output for an instant in {@link LogTimeRange},
     * in any zone: the literal text as it is, and each conversion as {@code 0}s, as many as its
     * longest output has characters ({@code %Y} is {@code 00000}, since 9999-12-31 in UTC is already
     * year 10000 in a zone east of UTC; {@code %A} is nine, for Wednesday). Conversions print ASCII
     * only and never {@code /}, so the {@code /}-separated segments of this text, and their lengths
     * in UTF-8, bound those of every output: use it to check rules that every key must keep.
     *
     * @return the longest output's shape, empty for the empty pattern
     */
    public String longestOutput() {
        return longestOutput;
    }

    /**
     * Returns the pattern this instance was compiled from.
     *
     * @return the pattern
     */
    @Override
    public String toString() {
        return pattern;
    }

    /** Thrown by {@link #compile(String)} for a pattern it refuses. */
    public static final class StrftimeException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final String directive;

        private StrftimeException(String message, String directive) {
            super(message);
            this.directive = directive;
        }

        /**
         * Returns the offending directive as written in the pattern, such as {@code "%Q"} or
         * {@code "%Ea"}.
         *
         * @return the directive, or null when the problem is not a directive (such as a literal
         *     control character or the pattern's length)
         */
        public String directive() {
            return directive;
        }
    }

    private interface Part {
        void appendTo(StringBuilder out, ZonedDateTime time);

        int estimatedLength();

        /** Appends the literal text, or a conversion's longest output as that many {@code 0}s. */
        void appendLongest(StringBuilder out);
    }

    private record Literal(String text) implements Part {
        @Override
        public void appendTo(StringBuilder out, ZonedDateTime time) {
            out.append(text);
        }

        @Override
        public int estimatedLength() {
            return text.length();
        }

        @Override
        public void appendLongest(StringBuilder out) {
            out.append(text);
        }
    }

    private static final class Compiler {
        private final String pattern;
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();
        private boolean lastOutputWasDot;
        private int index;

        Compiler(String pattern) {
            this.pattern = pattern;
        }

        List<Part> compile() {
            if (pattern.startsWith("/")) {
                throw new StrftimeException(
                        "strftime pattern must not start with '/' because its output would start with '/'", null);
            }
            while (index < pattern.length()) {
                if (pattern.charAt(index) == '%') {
                    directive();
                } else {
                    literalCodePoint();
                }
            }
            flushLiteral();
            return parts;
        }

        private void literalCodePoint() {
            int codePoint = pattern.codePointAt(index);
            requireNoControlCharacter(codePoint, index);
            appendLiteral(codePoint);
            index += Character.charCount(codePoint);
        }

        private void directive() {
            int start = index;
            int flagsEnd = skipFlagsAndWidth(start + 1);
            boolean hasModifier = flagsEnd < pattern.length() && isModifier(pattern.charAt(flagsEnd));
            int modifierEnd = hasModifier ? flagsEnd + 1 : flagsEnd;
            if (modifierEnd == pattern.length()) {
                String text = pattern.substring(start);
                throw new StrftimeException(
                        "strftime pattern ends with the incomplete directive " + text + " at position " + start,
                        text);
            }
            int conversion = pattern.codePointAt(modifierEnd);
            requireNoControlCharacter(conversion, modifierEnd);
            index = modifierEnd + Character.charCount(conversion);
            char modifier = hasModifier ? pattern.charAt(flagsEnd) : 0;
            validate(pattern.substring(start, index), start, flagsEnd > start + 1, modifier, conversion);
            addConversion((char) conversion);
        }

        private static void validate(String text, int start, boolean hasFlags, char modifier, int conversion) {
            String where = text + " at position " + start;
            if (hasFlags) {
                throw new StrftimeException(
                        "unsupported strftime flag or field width in directive " + where, text);
            }
            if (conversion == 'n' || conversion == 't') {
                throw new StrftimeException(
                        "strftime directive " + where + " is not allowed because it outputs a control character",
                        text);
            }
            if (!isConversion(conversion)) {
                throw new StrftimeException("unknown strftime directive " + where, text);
            }
            if (modifier != 0 && (modifier == 'E' ? E_MODIFIED : O_MODIFIED).indexOf(conversion) < 0) {
                throw new StrftimeException("strftime directive " + where + " is not allowed because %"
                        + (char) conversion + " does not take the " + modifier + " modifier", text);
            }
        }

        private int skipFlagsAndWidth(int from) {
            int end = from;
            while (end < pattern.length() && GNU_FLAGS.indexOf(pattern.charAt(end)) >= 0) {
                end++;
            }
            while (end < pattern.length() && pattern.charAt(end) >= '0' && pattern.charAt(end) <= '9') {
                end++;
            }
            return end;
        }

        private static boolean isModifier(char c) {
            return c == 'E' || c == 'O';
        }

        private static boolean isConversion(int c) {
            return c < 0x80 && (c == '%' || Expansion.of((char) c) != null || Conversion.of((char) c) != null);
        }

        private static void requireNoControlCharacter(int codePoint, int position) {
            if (Character.isISOControl(codePoint)) {
                String message = String.format(
                        "control character U+%04X at position %d is not allowed in object keys",
                        codePoint, position);
                throw new StrftimeException(message, null);
            }
        }

        private void addConversion(char c) {
            if (c == '%') {
                appendLiteral('%');
                return;
            }
            flushLiteral();
            Expansion expansion = Expansion.of(c);
            if (expansion != null) {
                parts.addAll(new Compiler(expansion.format).compile());
            } else {
                parts.add(Conversion.of(c));
            }
            lastOutputWasDot = false;
        }

        private void appendLiteral(int codePoint) {
            boolean dot = codePoint == '.';
            if (dot && lastOutputWasDot) {
                throw new StrftimeException("strftime pattern would output '..' at position " + (index - 1)
                        + ", which is not allowed in object keys", null);
            }
            lastOutputWasDot = dot;
            literal.appendCodePoint(codePoint);
        }

        private void flushLiteral() {
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
        }
    }

    private enum Expansion {
        DATE_TIME('c', "%a %b %e %H:%M:%S %Y"),
        US_DATE('D', "%m/%d/%y"),
        ISO_DATE('F', "%Y-%m-%d"),
        TIME_12('r', "%I:%M:%S %p"),
        HOUR_MINUTE('R', "%H:%M"),
        TIME('T', "%H:%M:%S"),
        LOCALE_DATE('x', "%m/%d/%y"),
        LOCALE_TIME('X', "%H:%M:%S");

        private final char letter;
        private final String format;

        Expansion(char letter, String format) {
            this.letter = letter;
            this.format = format;
        }

        static Expansion of(char letter) {
            for (Expansion expansion : values()) {
                if (expansion.letter == letter) {
                    return expansion;
                }
            }
            return null;
        }
    }

    private enum Conversion implements Part {
        WEEKDAY_SHORT('a', 3, 3),
        WEEKDAY_LONG('A', 9, 9),
        MONTH_SHORT('b', 3, 3),
        MONTH_SHORT_ALIAS('h', 3, 3),
        MONTH_LONG('B', 9, 9),
        CENTURY('C', 2, 3),
        DAY('d', 2, 2),
        DAY_SPACE_PADDED('e', 2, 2),
        ISO_WEEK_YEAR_SHORT('g', 2, 2),
        ISO_WEEK_YEAR('G', 4, 5),
        HOUR('H', 2, 2),
        HOUR_12('I', 2, 2),
        DAY_OF_YEAR('j', 3, 3),
        HOUR_SPACE_PADDED('k', 2, 2),
        HOUR_12_SPACE_PADDED('l', 2, 2),
        MONTH('m', 2, 2),
        MINUTE('M', 2, 2),
        AM_PM_UPPER('p', 2, 2),
        AM_PM_LOWER('P', 2, 2),
        SECOND('S', 2, 2),
        EPOCH_SECONDS('s', 10, 12),
        WEEKDAY_FROM_MONDAY('u', 1, 1),
        WEEK_FROM_SUNDAY('U', 2, 2),
        ISO_WEEK('V', 2, 2),
        WEEKDAY_FROM_SUNDAY('w', 1, 1),
        WEEK_FROM_MONDAY('W', 2, 2),
        YEAR_SHORT('y', 2, 2),
        YEAR('Y', 4, 5),
        OFFSET('z', 5, 5),
        /** Alphabetic short names have at most 5 letters (AQTST); the numeric form is at most {@code +hhmmss}. */
        ZONE_ABBREVIATION('Z', 5, 7);

        private static final String[] WEEKDAYS = {
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
        };
        private static final String[] MONTHS = {
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December"
        };

        private final char letter;
        private final int estimatedLength;
        /** The longest output, in characters (all ASCII), for an instant in {@link LogTimeRange} in any zone. */
        private final int maxLength;

        Conversion(char letter, int estimatedLength, int maxLength) {
            this.letter = letter;
            this.estimatedLength = estimatedLength;
            this.maxLength = maxLength;
        }

        static Conversion of(char letter) {
            for (Conversion conversion : values()) {
                if (conversion.letter == letter) {
                    return conversion;
                }
            }
            return null;
        }

        @Override
        public int estimatedLength() {
            return estimatedLength;
        }

        @Override
        public void appendLongest(StringBuilder out) {
            out.append("0".repeat(maxLength));
        }

        @Override
        public void appendTo(StringBuilder out, ZonedDateTime t) {
            switch (this) {
                case WEEKDAY_SHORT -> out.append(WEEKDAYS[t.getDayOfWeek().ordinal()], 0, 3);
                case WEEKDAY_LONG -> out.append(WEEKDAYS[t.getDayOfWeek().ordinal()]);
                case MONTH_SHORT, MONTH_SHORT_ALIAS -> out.append(MONTHS[t.getMonthValue() - 1], 0, 3);
                case MONTH_LONG -> out.append(MONTHS[t.getMonthValue() - 1]);
                case CENTURY -> out.append(Math.floorDiv(t.getYear(), 100));
                case DAY -> zeroPadded(out, t.getDayOfMonth(), 2);
                case DAY_SPACE_PADDED -> spacePadded(out, t.getDayOfMonth());
                case ISO_WEEK_YEAR_SHORT -> zeroPadded(out, Math.floorMod(isoWeekYear(t), 100), 2);
                case ISO_WEEK_YEAR -> out.append(isoWeekYear(t));
                case HOUR -> zeroPadded(out, t.getHour(), 2);
                case HOUR_12 -> zeroPadded(out, hour12(t), 2);
                case DAY_OF_YEAR -> zeroPadded(out, t.getDayOfYear(), 3);
                case HOUR_SPACE_PADDED -> spacePadded(out, t.getHour());
                case HOUR_12_SPACE_PADDED -> spacePadded(out, hour12(t));
                case MONTH -> zeroPadded(out, t.getMonthValue(), 2);
                case MINUTE -> zeroPadded(out, t.getMinute(), 2);
                case AM_PM_UPPER -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case AM_PM_LOWER -> out.append(t.getHour() < 12 ? "am" : "pm");
                case SECOND -> zeroPadded(out, t.getSecond(), 2);
                case EPOCH_SECONDS -> out.append(t.toEpochSecond());
                case WEEKDAY_FROM_MONDAY -> out.append(t.getDayOfWeek().getValue());
                case WEEK_FROM_SUNDAY -> zeroPadded(out, (yday(t) - sundayBasedWeekday(t) + 7) / 7, 2);
                case ISO_WEEK -> zeroPadded(out, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
                case WEEKDAY_FROM_SUNDAY -> out.append(sundayBasedWeekday(t));
                case WEEK_FROM_MONDAY -> zeroPadded(out, (yday(t) - t.getDayOfWeek().ordinal() + 7) / 7, 2);
                case YEAR_SHORT -> zeroPadded(out, Math.floorMod(t.getYear(), 100), 2);
                case YEAR -> out.append(t.getYear());
                case OFFSET -> appendOffset(out, t.getOffset().getTotalSeconds());
                case ZONE_ABBREVIATION -> out.append(ZoneAbbreviations.of(t));
            }
        }

        private static int hour12(ZonedDateTime t) {
            int hour = t.getHour() % 12;
            return hour == 0 ? 12 : hour;
        }

        private static int isoWeekYear(ZonedDateTime t) {
            return t.get(IsoFields.WEEK_BASED_YEAR);
        }

        private static int yday(ZonedDateTime t) {
            return t.getDayOfYear() - 1;
        }

        private static int sundayBasedWeekday(ZonedDateTime t) {
            return t.getDayOfWeek().getValue() % 7;
        }

        private static void appendOffset(StringBuilder out, int totalSeconds) {
            out.append(totalSeconds < 0 ? '-' : '+');
            int minutes = Math.abs(totalSeconds) / 60;
            zeroPadded(out, minutes / 60 * 100 + minutes % 60, 4);
        }

        private static void spacePadded(StringBuilder out, int value) {
            if (value < 10) {
                out.append(' ');
            }
            out.append(value);
        }

        private static void zeroPadded(StringBuilder out, int value, int width) {
            for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
                if (value < limit) {
                    out.append('0');
                }
            }
            out.append(value);
        }
    }

    private static final class ZoneAbbreviations {
        private static final DateTimeFormatter SHORT_ZONE_TEXT =
                new DateTimeFormatterBuilder().appendZoneText(TextStyle.SHORT).toFormatter(Locale.ROOT);
        private static final Map<ZoneId, String> STANDARD_NAMES = new ConcurrentHashMap<>();
        private static final Map<ZoneId, String> DAYLIGHT_NAMES = new ConcurrentHashMap<>();

        static String of(ZonedDateTime t) {
            ZoneId zone = t.getZone();
            if (zone instanceof ZoneOffset offset) {
                return offset.equals(ZoneOffset.UTC) ? "UTC" : numeric(offset.getTotalSeconds());
            }
            boolean daylight = zone.getRules().isDaylightSavings(t.toInstant());
            Map<ZoneId, String> names = daylight ? DAYLIGHT_NAMES : STANDARD_NAMES;
            String name = names.computeIfAbsent(zone, z -> alphabeticShortName(t));
            return name.isEmpty() ? numeric(t.getOffset().getTotalSeconds()) : name;
        }

        /** Java's short names depend only on zone and daylight saving; those not made of letters map to "". */
        private static String alphabeticShortName(ZonedDateTime t) {
            String name = SHORT_ZONE_TEXT.format(t);
            return isAlphabetic(name) ? name : "";
        }

        private static boolean isAlphabetic(String name) {
            return !name.isEmpty() && name.chars().allMatch(c -> c < 0x80 && Character.isLetter(c));
        }

        private static String numeric(int totalSeconds) {
            StringBuilder out = new StringBuilder(7).append(totalSeconds < 0 ? '-' : '+');
            int seconds = Math.abs(totalSeconds);
            twoDigits(out, seconds / 3600);
            if (seconds % 3600 != 0) {
                twoDigits(out, seconds / 60 % 60);
            }
            if (seconds % 60 != 0) {
                twoDigits(out, seconds % 60);
            }
            return out.toString();
        }

        private static void twoDigits(StringBuilder out, int value) {
            out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
        }
    }
}
