package io.logdump.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression whose named groups become record fields. Java only allows letters and
 * digits in group names, while log fields are commonly named {@code log_level}; so names with
 * underscores, and Python's {@code (?P<name>...)} form, are rewritten to internal names before
 * compiling, and {@link #fields(Matcher)} gives them back under the user's names.
 * Instances are immutable and thread-safe.
 */
public final class NamedGroupPattern {
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Pattern pattern;
    /** user name → Java group name, in the order the groups open. */
    private final Map<String, String> groups;

    private NamedGroupPattern(Pattern pattern, Map<String, String> groups) {
        this.pattern = pattern;
        this.groups = groups;
    }

    /**
     * Compiles {@code regex}.
     *
     * @throws IllegalArgumentException with a one-sentence reason when it does not compile or has
     *     no named group
     */
    public static NamedGroupPattern compile(String regex) {
        Map<String, String> groups = new LinkedHashMap<>();
        String rewritten = rewriteGroupNames(regex, groups);
        Pattern pattern;
        try {
            pattern = Pattern.compile(rewritten);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near position " + e.getIndex() : ""));
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("has no named group such as (?<level>\\w+); each named group becomes a field");
        }
        return new NamedGroupPattern(pattern, groups);
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The field names, in the order their groups open. */
    public List<String> fieldNames() {
        return new ArrayList<>(groups.keySet());
    }

    /** The named groups of a successful match; groups that did not take part are left out. */
    public Map<String, Object> fields(Matcher matcher) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.forEach((name, javaName) -> {
            String value = matcher.group(javaName);
            if (value != null) {
                out.put(name, value);
            }
        });
        return out;
    }

    private static String rewriteGroupNames(String regex, Map<String, String> groups) {
        StringBuilder out = new StringBuilder(regex.length());
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                if (!inClass && regex.startsWith("k<", i + 1)) {
                    int end = regex.indexOf('>', i + 3);
                    String name = end < 0 ? null : regex.substring(i + 3, end);
                    if (name != null && groups.containsKey(name)) {
                        out.append("\\k<").append(groups.get(name)).append('>');
                        i = end;
                        continue;
                    }
                }
                out.append(c).append(regex.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                out.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                continue;
            }
            int nameStart = regex.startsWith("(?<", i) ? i + 3 : regex.startsWith("(?P<", i) ? i + 4 : -1;
            int nameEnd = nameStart < 0 ? -1 : regex.indexOf('>', nameStart);
            if (nameEnd > nameStart && GROUP_NAME.matcher(regex.substring(nameStart, nameEnd)).matches()) {
                String name = regex.substring(nameStart, nameEnd);
                if (groups.containsKey(name)) {
                    throw new IllegalArgumentException("names the group " + name + " twice");
                }
                String javaName = "g" + groups.size() + "x" + name.replace("_", "");
                groups.put(name, javaName);
                out.append("(?<").append(javaName).append('>');
                i = nameEnd;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
