package io.logdump.auth;

import io.logdump.core.ConflictException;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.NotFoundException;
import io.logdump.core.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Accounts, users and API tokens, managed by principals within their rights, every change audited.
 * Another account's user or token is "not found", as if it did not exist. Thread-safe.
 */
public final class AccessManagement {
    public static final String DEFAULT_ACCOUNT = "default";
    public static final String FIRST_ADMIN = "admin";
    private static final Pattern USER_NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_.@-]{1,64}");
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]{1,32}");
    private static final Pattern TOKEN_NAME = Pattern.compile("[^\\p{Cntrl}]{1,64}");
    private static final Pattern SUBJECT = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]{1,64}/[\\p{IsHan}A-Za-z0-9_-]{1,64}");
    private static final int TOKEN_SECRET_CHARS = 40;
    private static final int MAX_SUBJECTS = 100;

    /** A token as its creator sees it once: with its secret. */
    public record CreatedToken(String id, String name, String prefix, String token, String account, String owner, Role role,
                               List<String> subjects, Instant createdAt, Instant expiresAt) {
        static CreatedToken of(ApiToken t, String secret) {
            return new CreatedToken(t.id(), t.name(), t.prefix(), secret, t.account(), t.owner(), t.role(), t.subjects(), t.createdAt(),
                    t.expiresAt());
        }
    }

    /** A page of the audit log and the cursor of the next (null at the end). */
    public record AuditPage(List<AuditEntry> entries, String nextCursor) {}

    private final AccessStore store;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<String> passwordChanged;

    /** {@code passwordChanged} hears the name of every user whose password changes. */
    public AccessManagement(AccessStore store, Passwords passwords, AuditLog audit, Clock clock, Consumer<String> passwordChanged) {
        this.store = store;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.passwordChanged = passwordChanged;
    }

    /**
     * On a server without users: user {@code admin}, a system admin of account {@code default}, with
     * {@code password}, or a random one when null. Nothing when users exist.
     *
     * @return the random password to show once; empty when none was made
     */
    public Optional<String> bootstrap(String password) {
        if (store.hasUsers()) {
            return Optional.empty();
        }
        List<FieldError> problems = password == null ? List.of() : Passwords.check("LOGDUMP_ADMIN_PASSWORD", password);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("LOGDUMP_ADMIN_PASSWORD " + problems.get(0).message());
        }
        String chosen = password == null ? Secrets.random(24) : password;
        store.insertUser(new User(FIRST_ADMIN, DEFAULT_ACCOUNT, Role.ADMIN, true, clock.instant()), passwords.hash(chosen));
        audit.record(DEFAULT_ACCOUNT, "logdump", AuditAction.USER_CREATED, FIRST_ADMIN, null, "the first admin of a fresh server");
        return password == null ? Optional.of(chosen) : Optional.empty();
    }

    public List<Account> accounts() {
        return store.accounts();
    }

    public Account createAccount(Principal by, JsonFields body, String client) {
        List<FieldError> errors = body.errors();
        String name = body.string("name");
        check(ACCOUNT_NAME, name, "name", "1–32 Chinese characters, letters, digits, _ or -", errors);
        JsonFields admin = body.object("admin");
        String adminName = admin == null ? null : admin.string("name");
        String adminPassword = admin == null ? null : admin.string("password");
        if (admin == null) {
            errors.add(new FieldError("admin", "is required: {\"name\", \"password\"} of the account's first admin"));
        } else {
            check(USER_NAME, adminName, "admin.name", "1–64 Chinese characters, letters, digits, _ . @ or -", errors);
            errors.addAll(Passwords.check("admin.password", adminPassword));
            admin.rejectUnknown();
        }
        body.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = clock.instant();
        if (store.account(name).isPresent()) {
            throw new ConflictException("account '" + name + "' exists already", "name");
        }
        if (store.user(adminName).isPresent()) {
            throw new ConflictException("user name '" + adminName + "' is taken; choose another", "admin.name");
        }
        Account account = new Account(name, now);
        if (!store.insertAccountWithAdmin(account, new User(adminName, name, Role.ADMIN, false, now), passwords.hash(adminPassword))) {
            throw new ConflictException("account '" + name + "' or user '" + adminName + "' exists already");
        }
        audit.record(by.account(), by.actor(), AuditAction.ACCOUNT_CREATED, name, client, "first admin " + adminName);
        audit.record(name, by.actor(), AuditAction.USER_CREATED, adminName, client, "role admin");
        return account;
    }

    public List<User> users(Principal by) {
        return store.users(by.account());
    }

    public User createUser(Principal by, JsonFields body, String client) {
        List<FieldError> errors = body.errors();
        String name = body.string("name");
        check(USER_NAME, name, "name", "1–64 Chinese characters, letters, digits, _ . @ or -", errors);
        errors.addAll(Passwords.check("password", body.string("password")));
        Role role = userRole(body.string("role"), errors);
        body.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        User user = new User(name, by.account(), role, false, clock.instant());
        if (!store.insertUser(user, passwords.hash(body.string("password")))) {
            throw new ConflictException("user name '" + name + "' is taken; choose another", "name");
        }
        audit.record(by.account(), by.actor(), AuditAction.USER_CREATED, name, client, "role " + role.apiName());
        return user;
    }

    /**
     * Changes a user's role (admins) or password (admins, or the user themselves). An admin
     * cannot be demoted when they are the account's last.
     */
    public User modifyUser(Principal by, String name, JsonFields body, String client) {
        User user = userOf(by, name);
        boolean self = by.kind() == Principal.Kind.USER && by.name().equals(name);
        if (!self && !by.may(Access.ADMIN)) {
            throw new ForbiddenException("only an admin changes another user");
        }
        List<FieldError> errors = body.errors();
        String password = body.string("password");
        String roleName = body.string("role");
        Role role = roleName == null ? null : userRole(roleName, errors);
        if (password != null) {
            errors.addAll(Passwords.check("password", password));
        }
        body.rejectUnknown();
        if (password == null && roleName == null && errors.isEmpty()) {
            errors.add(new FieldError("body", "give a new password, a new role, or both"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (role != null && role != user.role()) {
            if (!by.may(Access.ADMIN)) {
                throw new ForbiddenException("only an admin changes roles");
            }
            if (user.role() == Role.ADMIN && store.lastAdmin(user.account(), user.name())) {
                throw new ConflictException("'" + name + "' is the account's last admin; make another user admin first", "role");
            }
            user = new User(user.name(), user.account(), role, user.system(), user.createdAt());
            store.updateUser(user);
            audit.record(by.account(), by.actor(), AuditAction.USER_CHANGED, name, client, "role " + role.apiName());
        }
        if (password != null) {
            store.updatePassword(name, passwords.hash(password));
            audit.record(by.account(), by.actor(), AuditAction.PASSWORD_CHANGED, name, client, null);
            passwordChanged.accept(name);
        }
        return user;
    }

    public void deleteUser(Principal by, String name, String client) {
        User user = userOf(by, name);
        if (user.role() == Role.ADMIN && store.lastAdmin(user.account(), user.name())) {
            throw new ConflictException("'" + name + "' is the account's last admin; make another user admin first");
        }
        store.deleteUser(name);
        audit.record(by.account(), by.actor(), AuditAction.USER_DELETED, name, client, null);
    }

    /** An admin sees every token of the account; anyone else their own. */
    public List<ApiToken> tokens(Principal by) {
        return by.may(Access.ADMIN) ? store.tokens(by.account(), null) : store.tokens(by.account(), by.user());
    }

    /**
     * A new token: for the caller ({@code owner} absent or {@code "me"}), or, by an admin, for the
     * whole account ({@code "account"}); never with more rights than the caller.
     */
    public CreatedToken createToken(Principal by, JsonFields body, String client) {
        if (by.kind() != Principal.Kind.USER) {
            throw new ForbiddenException("a token cannot create tokens; sign in as a user");
        }
        List<FieldError> errors = body.errors();
        String name = body.string("name");
        check(TOKEN_NAME, name, "name", "1–64 characters, no control characters", errors);
        String roleName = body.string("role");
        Role role = roleName == null ? null : Role.parse(roleName).orElse(null);
        if (role == null) {
            errors.add(new FieldError("role", roleName == null ? "is required: admin, operator, viewer or ingest"
                    : "must be admin, operator, viewer or ingest"));
        } else if (!by.role().covers(role)) {
            errors.add(new FieldError("role", "cannot be more than your own role (" + by.role().apiName() + ")"));
        }
        List<String> subjects = body.has("subjects") ? body.strings("subjects") : List.of();
        if (subjects == null) {
            subjects = List.of();
        }
        if (!subjects.isEmpty() && role != Role.INGEST) {
            errors.add(new FieldError("subjects", "only an ingest token is limited to subjects"));
        }
        if (subjects.size() > MAX_SUBJECTS) {
            errors.add(new FieldError("subjects", "at most " + MAX_SUBJECTS + " subjects"));
        }
        for (int i = 0; i < subjects.size() && i < MAX_SUBJECTS; i++) {
            if (!SUBJECT.matcher(subjects.get(i)).matches()) {
                errors.add(new FieldError("subjects[" + i + "]", "must be <log set>/<log subject>, e.g. servicecode/app"));
            }
        }
        Instant now = clock.instant();
        Instant expiresAt = null;
        String expires = body.string("expiresAt");
        if (expires != null) {
            try {
                expiresAt = Instant.parse(expires);
                if (!expiresAt.isAfter(now)) {
                    errors.add(new FieldError("expiresAt", "must be in the future"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("expiresAt", "must be an ISO-8601 time such as 2027-01-31T00:00:00Z"));
            }
        }
        String ownerField = body.string("owner");
        boolean forAccount = "account".equals(ownerField);
        if (ownerField != null && !forAccount && !"me".equals(ownerField)) {
            errors.add(new FieldError("owner", "must be me (the default) or account"));
        }
        if (forAccount && !by.may(Access.ADMIN)) {
            errors.add(new FieldError("owner", "only an admin creates tokens for the whole account"));
        }
        body.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String secret = newTokenSecret();
        ApiToken token = storeToken(new ApiToken(Secrets.random(16), by.account(), forAccount ? null : by.user(), name, prefixOf(secret),
                role, List.copyOf(subjects), by.actor(), now, expiresAt, null), secret);
        audit.record(by.account(), by.actor(), AuditAction.TOKEN_CREATED, name + " (" + token.prefix() + ")", client,
                "role " + role.apiName() + (subjects.isEmpty() ? "" : ", subjects " + subjects) + (forAccount ? ", for the account" : ""));
        return CreatedToken.of(token, secret);
    }

    /**
     * A token of the whole account for a program of the server's own (the demo), which expires
     * after {@code ttl}; audited as made by {@code program}.
     */
    public CreatedToken createProgramToken(String account, String program, Role role, java.time.Duration ttl) {
        Instant now = clock.instant();
        String secret = newTokenSecret();
        ApiToken token = storeToken(new ApiToken(Secrets.random(16), account, null, program, prefixOf(secret), role, List.of(), program, now,
                now.plus(ttl), null), secret);
        audit.record(account, program, AuditAction.TOKEN_CREATED, program + " (" + token.prefix() + ")", null, "role " + role.apiName()
                + ", expires " + token.expiresAt());
        return CreatedToken.of(token, secret);
    }

    public void revokeToken(Principal by, String id, String client) {
        ApiToken token = store.token(by.account(), id)
                .filter(t -> by.may(Access.ADMIN) || (t.owner() != null && t.owner().equals(by.user())))
                .orElseThrow(() -> new NotFoundException("token '" + id + "' does not exist"));
        store.deleteToken(token.id());
        audit.record(by.account(), by.actor(), AuditAction.TOKEN_REVOKED, token.name() + " (" + token.prefix() + ")", client, null);
    }

    /** The account's audit log, newest first; a system admin also sees failed sign-ins under unknown names. */
    public AuditPage audit(Principal by, int limit, String cursor) {
        AuditEntry after = null;
        if (cursor != null) {
            after = store.auditEntry(cursor).filter(e -> visible(by, e)).orElse(null);
            if (after == null) {
                return new AuditPage(List.of(), null);
            }
        }
        List<AuditEntry> page = store.audit(by.account(), by.system(), after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = new ArrayList<>(page.subList(0, limit));
            next = page.get(limit - 1).id();
        }
        return new AuditPage(page, next);
    }

    /** A token's secret: the prefix that tells it from a password, then 40 random characters (238 bits). */
    private static String newTokenSecret() {
        return Credentials.TOKEN_PREFIX + Secrets.random(TOKEN_SECRET_CHARS);
    }

    /** What a token is listed by: its first characters, enough to recognise it, too few to use it. */
    private static String prefixOf(String secret) {
        return secret.substring(0, Credentials.TOKEN_PREFIX.length() + 8);
    }

    /** Stores {@code token} with the digest of its secret, never the secret. */
    private ApiToken storeToken(ApiToken token, String secret) {
        store.insertToken(token, Secrets.sha256(secret));
        return token;
    }

    private static boolean visible(Principal by, AuditEntry e) {
        return by.account().equals(e.account()) || (e.account() == null && by.system());
    }

    private User userOf(Principal by, String name) {
        return store.user(name).map(AccessStore.StoredUser::user).filter(u -> u.account().equals(by.account()))
                .orElseThrow(() -> new NotFoundException("user '" + name + "' does not exist"));
    }

    private static Role userRole(String name, List<FieldError> errors) {
        Role role = name == null ? null : Role.parse(name).filter(r -> r != Role.INGEST).orElse(null);
        if (role == null) {
            errors.add(new FieldError("role", name == null ? "is required: admin, operator or viewer" : "must be admin, operator or viewer"));
        }
        return role;
    }

    private static void check(Pattern rule, String value, String field, String what, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!rule.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be " + what));
        }
    }
}
