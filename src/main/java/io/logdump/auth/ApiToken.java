package io.logdump.auth;

import java.time.Instant;
import java.util.List;

/**
 * An API token, as listed: never the secret, which only its creator saw once. It is identified
 * afterwards by {@code prefix}, the first characters of the secret.
 *
 * @param owner the user it acts for; null for a token of the whole account (made by an admin)
 * @param subjects for an ingest token, the {@code logset/subject} names it may send to; empty: all
 * @param expiresAt null: never
 * @param lastUsedAt null: never used (updated at most once a minute)
 */
public record ApiToken(String id, String account, String owner, String name, String prefix, Role role, List<String> subjects,
                       String createdBy, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    public ApiToken {
        subjects = List.copyOf(subjects);
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
