package io.logdump.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps, of a text in the Prometheus format (version 0.0.4), the series of one account: the
 * samples whose {@code account} label has that value, each family with its {@code # HELP} and
 * {@code # TYPE} lines when one of its samples is kept. Series without an account label (the
 * JVM's, the spool folder's) belong to the whole server and are left out.
 */
final class AccountSeries {
    private AccountSeries() {}

    static String of(String text, String account) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        boolean inSamples = false;
        boolean headerWritten = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                if (inSamples) { // a new family begins
                    header.clear();
                    inSamples = false;
                    headerWritten = false;
                }
                header.add(line);
            } else if (!line.isBlank()) {
                inSamples = true;
                if (account.equals(label(line, "account"))) {
                    if (!headerWritten) {
                        header.forEach(h -> out.append(h).append('\n'));
                        headerWritten = true;
                    }
                    out.append(line).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * The value of label {@code name} of a sample line {@code metric{a="x",b="y"} value}, with its
     * escapes ({@code \\}, {@code \"}, {@code \n}) undone; null when it has no such label.
     */
    static String label(String sample, String name) {
        int i = sample.indexOf('{');
        int space = sample.indexOf(' ');
        if (i < 0 || (space >= 0 && space < i)) {
            return null;
        }
        i++;
        while (i < sample.length() && sample.charAt(i) != '}') {
            int eq = sample.indexOf('=', i);
            if (eq < 0 || eq + 1 >= sample.length() || sample.charAt(eq + 1) != '"') {
                return null; // not the format this was written for
            }
            String key = sample.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < sample.length() && sample.charAt(j) != '"'; j++) {
                char c = sample.charAt(j);
                if (c == '\\' && j + 1 < sample.length()) {
                    char next = sample.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            if (key.equals(name)) {
                return value.toString();
            }
            i = j + 1;
            if (i < sample.length() && sample.charAt(i) == ',') {
                i++;
            }
        }
        return null;
    }
}
