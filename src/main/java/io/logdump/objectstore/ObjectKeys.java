package io.logdump.objectstore;

import java.nio.charset.StandardCharsets;

/**
 * The key rules shared by every backend. A key is a {@code /}-separated path that
 * <ul>
 *   <li>is not empty and does not start with {@code /};</li>
 *   <li>has no empty, {@code .} or {@code ..} segment (so also no trailing {@code /});</li>
 *   <li>contains no control character ({@link Character#isISOControl}), no backslash and no
 *       unpaired surrogate (it must be valid Unicode to have a UTF-8 form);</li>
 *   <li>is at most {@value #MAX_BYTES} bytes long in UTF-8 (the S3 limit), each segment at most
 *       {@value #MAX_SEGMENT_BYTES} (a file name's limit, for local buckets).</li>
 * </ul>
 * These rules keep a key inside a local bucket folder whatever the platform, and make the same key
 * valid on S3. Thread-safe (stateless).
 */
public final class ObjectKeys {
    /** The longest key, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1024;
    /** The longest segment, in UTF-8 bytes. */
    public static final int MAX_SEGMENT_BYTES = 255;

    private ObjectKeys() {}

    /**
     * Returns {@code key} if it follows the rules.
     *
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String check(String key) {
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException("object key " + quote(key) + " " + problem);
        }
        return key;
    }

    /** Whether {@code key} follows the rules. */
    public static boolean isValid(String key) {
        return problem(key) == null;
    }

    private static String problem(String key) {
        if (key == null) {
            return "is missing";
        }
        if (key.isEmpty()) {
            return "is empty";
        }
        if (key.charAt(0) == '/') {
            return "starts with '/'";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                return "contains a backslash";
            }
            if (Character.isISOControl(c)) {
                return String.format("contains the control character U+%04X", (int) c);
            }
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate, so it has no UTF-8 form";
            }
        }
        int total = key.getBytes(StandardCharsets.UTF_8).length;
        if (total > MAX_BYTES) {
            return "is " + total + " bytes long in UTF-8, more than " + MAX_BYTES;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' segment";
            }
            int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SEGMENT_BYTES) {
                return "has a segment of " + bytes + " bytes, more than the " + MAX_SEGMENT_BYTES + " a file name may have";
            }
        }
        return null;
    }

    /** The key for a message: quoted, control characters escaped, cut after 100 characters. */
    private static String quote(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(key.length(), 100);
        for (int i = 0; i < end; i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (end < key.length()) {
            out.append("...(").append(key.length()).append(" characters)");
        }
        return out.append('\'').toString();
    }
}
