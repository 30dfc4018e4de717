package io.logdump.auth;

import java.time.Instant;

/**
 * A person who signs in. User names are unique on the server; a user belongs to one account.
 *
 * @param system whether the user may manage accounts (the first admin of a fresh server is one)
 */
public record User(String name, String account, Role role, boolean system, Instant createdAt) {}
