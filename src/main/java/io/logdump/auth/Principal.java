package io.logdump.auth;

import java.util.List;

/**
 * Who a request acts as: a user (signed in with a password or a session) or an API token, always
 * of one account.
 *
 * @param name the user's name, or the token's name
 * @param user the user this principal acts for; for an account token, null
 * @param role what it may do (for a token: its role, capped by its owner's)
 * @param system whether it may manage accounts (a system admin, or an admin token of one)
 * @param subjects for an ingest token, the {@code logset/subject} names it may send to; empty: all of the account's
 * @param tokenId the token's id; null for a user
 */
public record Principal(Kind kind, String account, String name, String user, Role role, boolean system,
                        List<String> subjects, String tokenId) {

    /** How the principal proved who it is. */
    public enum Kind { USER, TOKEN }

    public Principal {
        subjects = List.copyOf(subjects);
    }

    /** Whether the principal passes a route that needs {@code access}. */
    public boolean may(Access access) {
        return role.allows(access) && (access != Access.SYSTEM || system);
    }

    /** Whether an ingest-scoped principal may send to {@code logset/subject}; other roles: by their role. */
    public boolean maySendTo(String logset, String subject) {
        if (role != Role.INGEST || subjects.isEmpty()) {
            return role.allows(Access.INGEST);
        }
        return subjects.contains(logset + "/" + subject);
    }

    /** The name in the audit and operations logs: the user's name, or {@code token:<name>}. */
    public String actor() {
        return kind == Kind.USER ? name : "token:" + name;
    }
}
