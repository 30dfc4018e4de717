package io.logdump.core;

import java.util.Objects;

/**
 * Who asks for a change: the account whose resources it concerns, and the user or API token that
 * acts ({@code name}; null for a change the server makes itself, or made before sign-in exists).
 * The name is recorded in a dump task's operations log.
 */
public record Actor(String account, String name) {
    public Actor {
        Objects.requireNonNull(account, "account");
    }

    /** An actor of {@code account} without a name. */
    public static Actor of(String account) {
        return new Actor(account, null);
    }
}
