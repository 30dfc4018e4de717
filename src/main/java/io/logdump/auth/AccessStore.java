package io.logdump.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where accounts, users, API tokens, sessions and the audit log are kept (the metadata database).
 * Secrets are stored only as hashes: passwords as Argon2id strings, tokens and session ids as
 * SHA-256 digests. Each method is one transaction. Implementations are thread-safe.
 */
public interface AccessStore {

    /** A user and the hash of their password. */
    record StoredUser(User user, String passwordHash) {}

    /** A signed-in console session, named by the digest of its cookie. */
    record Session(String idHash, String user, Instant createdAt, Instant lastSeenAt) {}

    boolean hasUsers();

    /** @return false when an account of that name exists */
    boolean insertAccount(Account account);

    Optional<Account> account(String name);

    List<Account> accounts();

    /** @return false when a user of that name exists (on the whole server) */
    boolean insertUser(User user, String passwordHash);

    Optional<StoredUser> user(String name);

    List<User> users(String account);

    /** @return false when a user of that name exists */
    boolean insertAccountWithAdmin(Account account, User admin, String passwordHash);

    void updateUser(User user);

    void updatePassword(String user, String passwordHash);

    /** Deletes a user with their tokens and sessions. */
    void deleteUser(String name);

    /** Whether deleting or demoting {@code user} would leave the account without an admin. */
    boolean lastAdmin(String account, String user);

    void insertToken(ApiToken token, String secretHash);

    Optional<ApiToken> tokenBySecretHash(String secretHash);

    Optional<ApiToken> token(String account, String id);

    /** The account's tokens ({@code owner} null), or one user's. */
    List<ApiToken> tokens(String account, String owner);

    void deleteToken(String id);

    void touchToken(String id, Instant lastUsed);

    void insertSession(Session session);

    Optional<Session> session(String idHash);

    void touchSession(String idHash, Instant lastSeen);

    void deleteSession(String idHash);

    /** Deletes sessions idle since before {@code idleBefore} or created before {@code createdBefore}. */
    int deleteExpiredSessions(Instant idleBefore, Instant createdBefore);

    void audit(AuditEntry entry);

    /**
     * The audit log of an account (and, with {@code withUnattributed}, failed sign-ins under unknown
     * names), newest first, after the cursor entry (null: from the newest).
     */
    List<AuditEntry> audit(String account, boolean withUnattributed, AuditEntry after, int limit);

    Optional<AuditEntry> auditEntry(String id);
}
