package io.logdump.auth;

import java.time.Instant;

/**
 * One line of the audit log: who did what to what, from where.
 *
 * @param account the account it concerns; null for a failed sign-in under an unknown name
 * @param actor the user or {@code token:<name>} that did it; the name given, for a failed sign-in
 * @param target the user, token or account it was done to; may be null
 * @param client the client's address
 */
public record AuditEntry(String id, String account, Instant time, String actor, AuditAction action, String target,
                         String client, String detail) {}
