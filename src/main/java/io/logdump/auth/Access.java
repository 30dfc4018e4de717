package io.logdump.auth;

/**
 * What a route needs from the caller. Every route of the API names one (see
 * {@code ApiRoutes}); {@link Role#allows(Access)} says which roles pass.
 */
public enum Access {
    /** Anyone, signed in or not: health, sign-in, the OpenAPI document. */
    PUBLIC,
    /** Any principal of any role: who am I, sign out. */
    SIGNED_IN,
    /** Viewers and up: every read of the account's resources, logs and history included. */
    READ,
    /** Operators, admins, and ingest tokens scoped to the subject: sending logs. */
    INGEST,
    /** Operators and admins: changing log sets, subjects, buckets, tasks; retries and verify. */
    OPERATE,
    /** Account admins: users, account tokens, the audit log. */
    ADMIN,
    /** System admins (an admin with the system flag): accounts. */
    SYSTEM
}
