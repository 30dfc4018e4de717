package io.logdump.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user or an API token may do in its account. {@code ADMIN} manages users and tokens and
 * does everything an operator does; {@code OPERATOR} manages log sets, subjects, collection
 * configurations, buckets, dump tasks and retries, and sends logs; {@code VIEWER} reads
 * everything, logs and history included. {@code INGEST} is for tokens only: it sends logs to the
 * subjects the token names and nothing else.
 */
public enum Role {
    INGEST,
    VIEWER,
    OPERATOR,
    ADMIN;

    /** Whether this role passes a route that needs {@code access} (system access also needs the system-admin flag). */
    public boolean allows(Access access) {
        return switch (access) {
            case PUBLIC, SIGNED_IN -> true;
            case READ -> this != INGEST;
            case INGEST -> this != VIEWER;
            case OPERATE -> this == OPERATOR || this == ADMIN;
            case ADMIN, SYSTEM -> this == ADMIN;
        };
    }

    /** Whether a user or token of this role may hand out {@code other} (never more than it has). */
    public boolean covers(Role other) {
        if (this == other) {
            return true;
        }
        return switch (this) {
            case ADMIN -> true;
            case OPERATOR -> other == VIEWER || other == INGEST;
            case VIEWER, INGEST -> false;
        };
    }

    /**
     * What a token of this role may do for a user of role {@code owner}: never more than the user
     * (an admin token of a user now a viewer reads only); null when nothing is left (an ingest
     * token of a viewer).
     */
    public Role cappedBy(Role owner) {
        if (owner.covers(this)) {
            return this;
        }
        return this == INGEST ? null : owner;
    }

    /** The name in the API: {@code admin}, {@code operator}, {@code viewer}, {@code ingest}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String name) {
        for (Role r : values()) {
            if (r.apiName().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
