package io.logdump.store.kafka;

import io.logdump.core.SubjectId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The Kafka topic of a log subject: {@code <prefix>.<account>.<logset>.<subject>}, each name
 * escaped so that the mapping is one to one and every topic name is legal.
 *
 * <p>Kafka allows {@code [A-Za-z0-9._-]} in at most 249 characters, and refuses a topic whose
 * name equals an existing one once {@code .} and {@code _} are read as the same character (both
 * become {@code _} in metric names). So a topic name here never holds {@code _}: letters, digits
 * and {@code -} stay as they are; any other character (the {@code _} of a name, a Han character)
 * becomes {@code ..} followed by the two hex digits of each of its UTF-8 bytes. As names are never
 * empty, {@code ..} never comes from two separators, and the name can be read back unambiguously.
 * A name that would be longer than 249 characters is cut, and the cut name ends with
 * {@code .h} and 16 hex digits of the SHA-256 of the whole name. Thread-safe (no state).
 */
public final class TopicNames {
    /** Kafka's limit on a topic name. */
    static final int MAX_LENGTH = 249;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private TopicNames() {}

    /** Whether {@code prefix} may start the topic names: 1 to 64 letters, digits or {@code -}. */
    public static boolean validPrefix(String prefix) {
        return prefix != null && PREFIX.matcher(prefix).matches();
    }

    /** The topic of {@code subject} under {@code prefix} (see {@link #validPrefix}). */
    public static String of(String prefix, SubjectId subject) {
        if (!validPrefix(prefix)) {
            throw new IllegalArgumentException("topic prefix " + prefix + " must be 1 to 64 letters, digits or -");
        }
        String name = prefix + "." + escape(subject.account()) + "." + escape(subject.logset()) + "." + escape(subject.subject());
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256(name), 0, 8);
        return name.substring(0, MAX_LENGTH - 18) + ".h" + hash;
    }

    private static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp < 128 && (Character.isLetterOrDigit(cp) || cp == '-')) {
                out.append((char) cp);
            } else {
                for (byte b : name.substring(i, next).getBytes(StandardCharsets.UTF_8)) {
                    out.append("..").append(HexFormat.of().toHexDigits(b));
                }
            }
            i = next;
        }
        return out.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
