package io.logdump.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a request offers to prove who it is, read from its {@code Authorization} header and its
 * session cookie: a bearer token, a user name and password (HTTP Basic, where the password may be
 * a token), a session, or nothing. Reading never fails: a malformed header is {@link Malformed}.
 */
public sealed interface Credentials {
    /** API tokens start with this, so that a token given as a Basic password is told from a password. */
    String TOKEN_PREFIX = "ldt_";
    /** Longer values are refused unread (a token is 44 characters, a password at most 256). */
    int MAX_LENGTH = 2048;

    record None() implements Credentials {}

    record Bearer(String token) implements Credentials {}

    record Basic(String user, String password) implements Credentials {}

    record SessionCookie(String id) implements Credentials {}

    record Malformed(String reason) implements Credentials {}

    /** Reads the header (null: absent) or, without one, the session cookie (null: absent). */
    static Credentials of(String authorization, String sessionCookie) {
        if (authorization != null) {
            return parse(authorization);
        }
        if (sessionCookie != null && !sessionCookie.isEmpty()) {
            return sessionCookie.length() > MAX_LENGTH ? new Malformed("the session cookie is too long") : new SessionCookie(sessionCookie);
        }
        return new None();
    }

    private static Credentials parse(String header) {
        if (header.length() > MAX_LENGTH) {
            return new Malformed("the Authorization header is too long");
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return value.isEmpty() ? new Malformed("the Bearer token is empty") : new Bearer(value);
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return new Malformed("the Authorization scheme must be Bearer or Basic");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Malformed("the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Malformed("the Basic credentials must be user:password");
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (password.startsWith(TOKEN_PREFIX)) {
            return new Bearer(password);
        }
        return new Basic(user, password);
    }
}
