package io.logdump.shippers;

import java.util.regex.Pattern;

/**
 * Where a shipper's records go: the subject {@code logset/subject} of an account. Log set and
 * subject names are those of the catalog (letters, Chinese characters, digits, {@code _} and
 * {@code -}, 1 to 64), so neither {@code /} nor {@code .} ever occurs in one, and a protocol may
 * join the two with either.
 */
public record Destination(String account, String logset, String subject) {
    private static final Pattern NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]{1,64}");

    /** {@code logset/subject}, as an account names its subject. */
    public String name() {
        return logset + "/" + subject;
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * The destination {@code logset<separator>subject} names, or null when the text is not two
     * valid names joined by {@code separator}.
     */
    public static Destination parse(String account, String text, char separator) {
        if (text == null) {
            return null;
        }
        int at = text.indexOf(separator);
        if (at < 0 || text.indexOf(separator, at + 1) >= 0) {
            return null;
        }
        String logset = text.substring(0, at);
        String subject = text.substring(at + 1);
        return NAME.matcher(logset).matches() && NAME.matcher(subject).matches() ? new Destination(account, logset, subject) : null;
    }
}
