package io.logdump.catalog;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A regular expression whose named groups become record fields: {@code (?<name>...)} or Python's
 * {@code (?P<name>...)}, names made of letters, digits and {@code _} (such as {@code log_level}),
 * not starting with a digit. A line matches when the pattern matches all of it.
 *
 * <p><b>Engine.</b> Patterns run on RE2/J ({@code com.google.re2j}), not {@code java.util.regex}.
 * A pattern comes from a user and runs on every line of a subject, and a backtracking engine can
 * take time exponential in the line's length ({@code (a+)+$} against 30 {@code a}s and a {@code !}
 * holds a thread for minutes), while RE2/J simulates an automaton and takes time linear in the
 * line's length times the pattern's size, whatever the pattern. What a linear-time engine cannot
 * do is refused by {@link #compile} with a sentence naming it: back-references ({@code \1},
 * {@code \k<name>}), look-ahead and look-behind ({@code (?=...)}, {@code (?!...)},
 * {@code (?<=...)}, {@code (?<!...)}), atomic groups and possessive quantifiers. RE2/J also
 * expands a counted repetition into copies ({@code x{1000}} is a thousand {@code x}), so patterns
 * that would expand beyond {@value #MAX_SIZE} instructions (nested counts multiply), nest groups
 * deeper than {@value #MAX_DEPTH} or are longer than {@value #MAX_LENGTH} characters are refused
 * before RE2/J sees them. The rest of the syntax is RE2's: {@code \p{Han}} rather than Java's
 * {@code \p{IsHan}}, {@code [[:alpha:]]} rather than {@code \p{Alpha}}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NamedGroupPattern {
    /** The longest pattern, in characters. */
    public static final int MAX_LENGTH = 4096;
    /** The deepest nesting of groups. */
    public static final int MAX_DEPTH = 100;
    /** The largest estimated program: literals, classes and operators, with counted repetitions expanded. */
    public static final int MAX_SIZE = 10_000;
    private static final java.util.regex.Pattern GROUP_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile("\\{(\\d+)(,(\\d*))?}");
    /** A flag group that may turn on case-insensitive matching: {@code (?i)}, {@code (?si:}, also {@code (?-i)}. */
    private static final java.util.regex.Pattern FOLD_CASE = java.util.regex.Pattern.compile("\\(\\?[A-Za-z-]*i");
    private static final String NOT_LINEAR = ", which the linear-time regex engine (RE2) does not support";

    private final Pattern pattern;
    /** The field names, in the order their groups open. */
    private final List<String> names;

    private NamedGroupPattern(Pattern pattern, List<String> names) {
        this.pattern = pattern;
        this.names = names;
    }

    /**
     * Compiles {@code regex}.
     *
     * @throws IllegalArgumentException with a one-sentence reason when it uses what RE2 cannot run,
     *     is too large, does not compile or has no named group
     */
    public static NamedGroupPattern compile(String regex) {
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is " + regex.length() + " characters long, too long: at most " + MAX_LENGTH);
        }
        List<String> names = new Scan(regex).run();
        if (FOLD_CASE.matcher(regex).find() && (regex.chars().anyMatch(c -> c >= 0x80)
                || regex.contains("\\p") || regex.contains("\\P") || regex.contains("\\x{"))) {
            // RE2/J's case folding never ends on U+1C80 to U+1C88 (Cyrillic letters newer than its tables): the pattern
            // would hold a thread for good, so a case-insensitive pattern keeps to ASCII where it names characters
            throw new IllegalArgumentException("uses case-insensitive matching ((?i)) with a Unicode class, a \\x{...} escape or a"
                    + " character beyond ASCII, on which the regex engine (RE2/J) can loop forever; spell the cases out, as in [Ll]og");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("does not compile: " + e.getMessage().replaceFirst("^error parsing regexp: ", ""));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("has no named group such as (?<level>\\w+); each named group becomes a field");
        }
        List<String> ordered = pattern.namedGroups().entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry::getValue)).map(Map.Entry::getKey).toList();
        List<String> lost = names.stream().filter(name -> !ordered.contains(name)).toList();
        if (!lost.isEmpty()) {
            throw new IllegalArgumentException("names the group " + lost.get(0) + ", but the regex engine (RE2/J) loses that name"
                    + " in this pattern, as it does when the whole pattern is one counted repetition such as (?<x>\\w){3};"
                    + " start it with ^, as in ^(?<x>\\w){3}");
        }
        return new NamedGroupPattern(pattern, ordered);
    }

    /** The field names, in the order their groups open. */
    public List<String> fieldNames() {
        return new ArrayList<>(names);
    }

    /**
     * The named groups of {@code line} when the pattern matches all of it, else null; groups that
     * did not take part in the match are left out. Time linear in the line's length.
     */
    public Map<String, Object> match(String line) {
        Matcher matcher = pattern.matcher(line);
        if (!matcher.matches()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) {
            String value = matcher.group(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /**
     * One pass over a pattern before RE2/J compiles it: refuses what RE2 cannot run with a clear
     * reason, checks group names, and bounds nesting and the size of the program RE2/J would build
     * (an over-estimate: each literal, class or operator counts 1, a group its content plus 2, and
     * a count {@code {n,m}} multiplies what it repeats by its largest number).
     */
    private static final class Scan {
        private final String regex;
        private final List<String> names = new ArrayList<>();
        /** Per open group: [size so far, size of the last item]. */
        private final Deque<long[]> groups = new ArrayDeque<>();
        private long[] current = new long[2];
        private boolean afterQuantifier;
        private int i;

        Scan(String regex) {
            this.regex = regex;
        }

        List<String> run() {
            while (i < regex.length()) {
                char c = regex.charAt(i);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> {
                        i = classEnd(i);
                        item(1);
                    }
                    case '(' -> open();
                    case ')' -> close();
                    case '|' -> {
                        add(1);
                        current[1] = 0;
                        afterQuantifier = false;
                        i++;
                    }
                    case '*', '+', '?' -> quantifier(1, c);
                    case '{' -> count();
                    default -> {
                        item(1);
                        i++;
                    }
                }
            }
            return names;
        }

        private void escape() {
            char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
            if (next >= '1' && next <= '9' || next == 'k' || next == 'g') {
                throw new IllegalArgumentException("uses the back-reference \\" + next + " at position " + i + NOT_LINEAR);
            }
            if (next == 'Q') {
                int end = regex.indexOf("\\E", i + 2);
                int stop = end < 0 ? regex.length() : end + 2;
                item(Math.max(1, stop - i));
                current[1] = 1;
                i = stop;
                return;
            }
            int end = i + 2;
            if ((next == 'p' || next == 'P' || next == 'x') && end < regex.length() && regex.charAt(end) == '{') {
                int close = regex.indexOf('}', end);
                end = close < 0 ? regex.length() : close + 1;
            }
            item(1);
            i = Math.min(end, regex.length());
        }

        private void open() {
            if (regex.startsWith("(?=", i) || regex.startsWith("(?!", i)) {
                throw new IllegalArgumentException("uses look-ahead " + regex.substring(i, i + 3) + "...) at position " + i + NOT_LINEAR);
            }
            if (regex.startsWith("(?<=", i) || regex.startsWith("(?<!", i)) {
                throw new IllegalArgumentException("uses look-behind " + regex.substring(i, i + 4) + "...) at position " + i + NOT_LINEAR);
            }
            if (regex.startsWith("(?>", i)) {
                throw new IllegalArgumentException("uses an atomic group (?>...) at position " + i + NOT_LINEAR);
            }
            if (regex.startsWith("(?P=", i) || regex.startsWith("(?P>", i)) {
                throw new IllegalArgumentException("uses the back-reference " + regex.substring(i, i + 4) + " at position " + i + NOT_LINEAR);
            }
            int nameStart = regex.startsWith("(?<", i) ? i + 3 : regex.startsWith("(?P<", i) ? i + 4 : -1;
            if (nameStart > 0) {
                int nameEnd = regex.indexOf('>', nameStart);
                String name = nameEnd < 0 ? regex.substring(nameStart) : regex.substring(nameStart, nameEnd);
                if (!GROUP_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("has the group name '" + abbreviate(name)
                            + "'; a group name is letters, digits and _, and does not start with a digit");
                }
                if (names.contains(name)) {
                    throw new IllegalArgumentException("names the group " + name + " twice");
                }
                names.add(name);
            }
            if (groups.size() >= MAX_DEPTH) {
                throw new IllegalArgumentException("nests groups more than " + MAX_DEPTH + " deep, too deep");
            }
            groups.push(current);
            current = new long[2];
            afterQuantifier = false;
            i++;
        }

        private void close() {
            if (groups.isEmpty()) {
                item(1); // unbalanced: RE2/J reports it
                i++;
                return;
            }
            long size = current[0] + 2;
            current = groups.pop();
            item(size);
            i++;
        }

        private void count() {
            java.util.regex.Matcher m = COUNT.matcher(regex).region(i, regex.length());
            if (!m.lookingAt()) {
                item(1); // a literal {, as in RE2
                i++;
                return;
            }
            long min = parseCount(m.group(1));
            long max = m.group(2) == null ? min : m.group(3).isEmpty() ? min + 1 : parseCount(m.group(3));
            i = m.end() - 1;
            quantifier(Math.max(1, Math.max(min, max)), '}');
        }

        private void quantifier(long count, char symbol) {
            if (afterQuantifier && symbol == '+') {
                throw new IllegalArgumentException("uses a possessive quantifier at position " + (i - 1) + NOT_LINEAR);
            }
            long repeated = current[1];
            add(saturated(times(repeated, count - 1) + 1));
            current[1] = saturated(times(repeated, count) + 1);
            afterQuantifier = true;
            i++;
            if (i < regex.length() && regex.charAt(i) == '?') {
                i++; // lazy: the same size
            }
        }

        private void item(long size) {
            add(size);
            current[1] = size;
            afterQuantifier = false;
        }

        private void add(long size) {
            current[0] = saturated(current[0] + size);
            long total = current[0];
            for (long[] outer : groups) {
                total = saturated(total + outer[0]);
            }
            if (total > MAX_SIZE) {
                throw new IllegalArgumentException("is too large: its repetitions would expand to more than " + MAX_SIZE
                        + " instructions (counts such as {1000} copy what they repeat, and nested counts multiply)");
            }
        }

        /** The end (exclusive) of the class starting at {@code start}, as RE2 reads it. */
        private int classEnd(int start) {
            int j = start + 1;
            if (j < regex.length() && regex.charAt(j) == '^') {
                j++;
            }
            if (j < regex.length() && regex.charAt(j) == ']') {
                j++;
            }
            while (j < regex.length()) {
                char c = regex.charAt(j);
                if (c == ']') {
                    return j + 1;
                }
                if (c == '\\') {
                    j += 2;
                } else if (c == '[' && regex.startsWith("[:", j)) {
                    int close = regex.indexOf(":]", j + 2);
                    j = close < 0 ? j + 1 : close + 2;
                } else {
                    j++;
                }
            }
            return regex.length();
        }

        private static long parseCount(String digits) {
            return digits.length() > 7 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
        }

        private static long times(long a, long b) {
            long limit = Long.MAX_VALUE / 4;
            return a == 0 || b == 0 ? 0 : a > limit / b ? limit : a * b;
        }

        private static long saturated(long value) {
            return value < 0 || value > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : value;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
