package io.logdump.auth.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.auth.AccessStore;
import io.logdump.auth.Account;
import io.logdump.auth.ApiToken;
import io.logdump.auth.AuditAction;
import io.logdump.auth.AuditEntry;
import io.logdump.auth.Role;
import io.logdump.auth.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@link AccessStore} on the metadata database (SQLite or PostgreSQL). Thread-safe. */
public final class JdbcAccessStore implements AccessStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Jdbi jdbi;

    public JdbcAccessStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean hasUsers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one()) > 0;
    }

    @Override
    public boolean insertAccount(Account account) {
        return jdbi.inTransaction(h -> insertAccount(h, account));
    }

    private static boolean insertAccount(Handle h, Account account) {
        if (h.createQuery("SELECT COUNT(*) FROM accounts WHERE name = ?").bind(0, account.name()).mapTo(Long.class).one() > 0) {
            return false;
        }
        h.execute("INSERT INTO accounts (name, created_at) VALUES (?, ?)", account.name(), account.createdAt().toEpochMilli());
        return true;
    }

    @Override
    public Optional<Account> account(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, created_at FROM accounts WHERE name = ?").bind(0, name)
                .map((rs, ctx) -> new Account(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))).findOne());
    }

    @Override
    public List<Account> accounts() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, created_at FROM accounts ORDER BY name")
                .map((rs, ctx) -> new Account(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))).list());
    }

    @Override
    public boolean insertUser(User user, String passwordHash) {
        return jdbi.inTransaction(h -> insertUser(h, user, passwordHash));
    }

    private static boolean insertUser(Handle h, User user, String passwordHash) {
        if (h.createQuery("SELECT COUNT(*) FROM users WHERE name = ?").bind(0, user.name()).mapTo(Long.class).one() > 0) {
            return false;
        }
        h.execute("INSERT INTO users (name, account, role, system_admin, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                user.name(), user.account(), user.role().name(), user.system() ? 1 : 0, passwordHash, user.createdAt().toEpochMilli());
        return true;
    }

    @Override
    public boolean insertAccountWithAdmin(Account account, User admin, String passwordHash) {
        return jdbi.inTransaction(h -> {
            if (!insertAccount(h, account)) {
                return false;
            }
            if (!insertUser(h, admin, passwordHash)) {
                h.rollback();
                return false;
            }
            return true;
        });
    }

    @Override
    public Optional<StoredUser> user(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE name = ?").bind(0, name)
                .map((rs, ctx) -> new StoredUser(user(rs), rs.getString("password_hash"))).findOne());
    }

    @Override
    public List<User> users(String account) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE account = ? ORDER BY name").bind(0, account)
                .map((rs, ctx) -> user(rs)).list());
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("name"), rs.getString("account"), Role.valueOf(rs.getString("role")),
                rs.getInt("system_admin") != 0, Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public void updateUser(User user) {
        jdbi.useHandle(h -> h.execute("UPDATE users SET role = ?, system_admin = ? WHERE name = ?",
                user.role().name(), user.system() ? 1 : 0, user.name()));
    }

    @Override
    public void updatePassword(String user, String passwordHash) {
        jdbi.useTransaction(h -> {
            h.execute("UPDATE users SET password_hash = ? WHERE name = ?", passwordHash, user);
            h.execute("DELETE FROM sessions WHERE user_name = ?", user);
        });
    }

    @Override
    public void deleteUser(String name) {
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM api_tokens WHERE owner = ?", name);
            h.execute("DELETE FROM sessions WHERE user_name = ?", name);
            h.execute("DELETE FROM users WHERE name = ?", name);
        });
    }

    @Override
    public boolean lastAdmin(String account, String user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE account = ? AND role = ? AND name <> ?")
                .bind(0, account).bind(1, Role.ADMIN.name()).bind(2, user).mapTo(Long.class).one()) == 0;
    }

    @Override
    public void insertToken(ApiToken t, String secretHash) {
        jdbi.useHandle(h -> h.execute("INSERT INTO api_tokens (id, account, owner, name, prefix, secret_hash, role, subjects, "
                        + "created_by, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(), t.account(), t.owner(), t.name(), t.prefix(), secretHash, t.role().name(), json(t.subjects()),
                t.createdBy(), t.createdAt().toEpochMilli(), millis(t.expiresAt()), millis(t.lastUsedAt())));
    }

    @Override
    public Optional<ApiToken> tokenBySecretHash(String secretHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE secret_hash = ?").bind(0, secretHash)
                .map((rs, ctx) -> token(rs)).findOne());
    }

    @Override
    public Optional<ApiToken> token(String account, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE account = ? AND id = ?").bind(0, account).bind(1, id)
                .map((rs, ctx) -> token(rs)).findOne());
    }

    @Override
    public List<ApiToken> tokens(String account, String owner) {
        return jdbi.withHandle(h -> {
            var q = owner == null
                    ? h.createQuery("SELECT * FROM api_tokens WHERE account = ? ORDER BY created_at, id").bind(0, account)
                    : h.createQuery("SELECT * FROM api_tokens WHERE account = ? AND owner = ? ORDER BY created_at, id")
                            .bind(0, account).bind(1, owner);
            return q.map((rs, ctx) -> token(rs)).list();
        });
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString("id"), rs.getString("account"), rs.getString("owner"), rs.getString("name"),
                rs.getString("prefix"), Role.valueOf(rs.getString("role")), subjects(rs.getString("subjects")),
                rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "expires_at"),
                instant(rs, "last_used_at"));
    }

    @Override
    public void deleteToken(String id) {
        jdbi.useHandle(h -> h.execute("DELETE FROM api_tokens WHERE id = ?", id));
    }

    @Override
    public void touchToken(String id, Instant lastUsed) {
        jdbi.useHandle(h -> h.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", lastUsed.toEpochMilli(), id));
    }

    @Override
    public void insertSession(Session s) {
        jdbi.useHandle(h -> h.execute("INSERT INTO sessions (id_hash, user_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                s.idHash(), s.user(), s.createdAt().toEpochMilli(), s.lastSeenAt().toEpochMilli()));
    }

    @Override
    public Optional<Session> session(String idHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE id_hash = ?").bind(0, idHash)
                .map((rs, ctx) -> new Session(rs.getString("id_hash"), rs.getString("user_name"),
                        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("last_seen_at"))))
                .findOne());
    }

    @Override
    public void touchSession(String idHash, Instant lastSeen) {
        jdbi.useHandle(h -> h.execute("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", lastSeen.toEpochMilli(), idHash));
    }

    @Override
    public void deleteSession(String idHash) {
        jdbi.useHandle(h -> h.execute("DELETE FROM sessions WHERE id_hash = ?", idHash));
    }

    @Override
    public int deleteExpiredSessions(Instant idleBefore, Instant createdBefore) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                idleBefore.toEpochMilli(), createdBefore.toEpochMilli()));
    }

    @Override
    public void audit(AuditEntry e) {
        jdbi.useHandle(h -> h.execute("INSERT INTO audit_log (id, account, time, actor, action, target, client, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.account(), e.time().toEpochMilli(), e.actor(),
                e.action().apiName(), e.target(), e.client(), e.detail()));
    }

    @Override
    public List<AuditEntry> audit(String account, boolean withUnattributed, AuditEntry after, int limit) {
        String scope = withUnattributed ? "(account = :account OR account IS NULL)" : "account = :account";
        String position = after == null ? "" : " AND (time < :time OR (time = :time AND id < :id))";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT * FROM audit_log WHERE " + scope + position + " ORDER BY time DESC, id DESC LIMIT :limit")
                    .bind("account", account).bind("limit", limit);
            if (after != null) {
                q.bind("time", after.time().toEpochMilli()).bind("id", after.id());
            }
            return q.map((rs, ctx) -> audit(rs)).list();
        });
    }

    @Override
    public Optional<AuditEntry> auditEntry(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_log WHERE id = ?").bind(0, id).map((rs, ctx) -> audit(rs)).findOne());
    }

    private static AuditEntry audit(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString("id"), rs.getString("account"), Instant.ofEpochMilli(rs.getLong("time")),
                rs.getString("actor"), AuditAction.fromApiName(rs.getString("action")), rs.getString("target"),
                rs.getString("client"), rs.getString("detail"));
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static String json(List<String> subjects) {
        try {
            return JSON.writeValueAsString(subjects);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> subjects(String text) {
        try {
            return JSON.readValue(text, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("api_tokens.subjects is not a JSON list: " + e.getOriginalMessage(), e);
        }
    }
}
