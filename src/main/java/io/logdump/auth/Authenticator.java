package io.logdump.auth;

import io.logdump.core.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Turns a request's {@link Credentials} into a {@link Principal}, and signs console users in and
 * out. Passwords are checked with Argon2id; at most one check per processor runs at a time, and a
 * password checked a moment ago for the same user is not hashed again (so scripts using HTTP
 * Basic stay cheap). Failed sign-ins are throttled per user name and per client address; each is
 * audited. Thread-safe.
 */
public final class Authenticator {
    /** The console's session cookie. */
    public static final String SESSION_COOKIE = "logdump_session";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Duration VERIFIED_FOR = Duration.ofMinutes(5);
    private static final int VERIFIED_MAX = 1000;
    private static final String WRONG = "wrong user name or password";

    /** A new console session: the cookie's value, and the token its state-changing requests must carry. */
    public record NewSession(String cookie, String csrfToken, User user) {}

    /** How long a console session lives: since its last request, and at most since sign-in. */
    public record SessionLimits(Duration idle, Duration absolute) {
        public static final SessionLimits DEFAULT = new SessionLimits(Duration.ofMinutes(30), Duration.ofHours(12));
    }

    private record Verified(String passwordHash, Instant until) {}

    private final AccessStore store;
    private final Passwords passwords;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final SessionLimits limits;
    private final Clock clock;
    private final Semaphore hashing = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final String dummyHash;
    private final Map<String, Verified> verified = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > VERIFIED_MAX;
        }
    };

    public Authenticator(AccessStore store, Passwords passwords, AuditLog audit, SessionLimits limits, Clock clock) {
        this.store = store;
        this.passwords = passwords;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
        this.throttle = new SignInThrottle(clock);
        this.dummyHash = passwords.hash(Secrets.random(20));
    }

    /**
     * The principal the credentials prove.
     *
     * @throws UnauthorizedException for none, malformed, unknown, expired or wrong credentials
     * @throws TooManyAttemptsException when the user name or address has failed too often lately
     */
    public Principal authenticate(Credentials credentials, String client) {
        if (credentials instanceof Credentials.Bearer b) {
            return token(b.token());
        }
        if (credentials instanceof Credentials.Basic b) {
            return user(checkPassword(b.user(), b.password(), client, false));
        }
        if (credentials instanceof Credentials.SessionCookie c) {
            return session(c.id());
        }
        if (credentials instanceof Credentials.Malformed m) {
            throw new UnauthorizedException(m.reason());
        }
        throw new UnauthorizedException("sign in first: send a token (Authorization: Bearer ...), "
                + "a user name and password (HTTP Basic), or the console's session cookie");
    }

    /** Signs a console user in: a new session. Throttled and audited like every password check. */
    public NewSession signIn(String name, String password, String client) {
        User user = checkPassword(name, password, client, true);
        String cookie = Secrets.random(43);
        Instant now = clock.instant();
        store.deleteExpiredSessions(now.minus(limits.idle()), now.minus(limits.absolute()));
        store.insertSession(new AccessStore.Session(Secrets.sha256(cookie), user.name(), now, now));
        audit.record(user.account(), user.name(), AuditAction.SIGN_IN, null, client, null);
        return new NewSession(cookie, csrfToken(cookie), user);
    }

    public void signOut(String cookie, Principal principal, String client) {
        store.deleteSession(Secrets.sha256(cookie));
        audit.record(principal.account(), principal.actor(), AuditAction.SIGN_OUT, null, client, null);
    }

    /** The token a session's state-changing requests carry in {@code X-CSRF-Token}: derived from the cookie, never stored. */
    public static String csrfToken(String cookie) {
        return Secrets.sha256("csrf:" + cookie);
    }

    /** How long a new session's cookie may live. */
    public Duration sessionMaxAge() {
        return limits.absolute();
    }

    private User checkPassword(String name, String password, String client, boolean signIn) {
        throttle.check(name, client);
        Optional<AccessStore.StoredUser> found = name == null || name.isEmpty() || name.length() > 64 ? Optional.empty() : store.user(name);
        String hash = found.map(AccessStore.StoredUser::passwordHash).orElse(dummyHash);
        String key = Secrets.sha256(name + "\u0000" + password);
        boolean ok;
        synchronized (verified) {
            Verified v = verified.get(key);
            ok = found.isPresent() && v != null && v.passwordHash().equals(hash) && clock.instant().isBefore(v.until());
        }
        if (!ok) {
            ok = password != null && hashing(() -> passwords.verify(password, hash)) && found.isPresent();
            if (ok) {
                synchronized (verified) {
                    verified.put(key, new Verified(hash, clock.instant().plus(VERIFIED_FOR)));
                }
            }
        }
        if (!ok) {
            throttle.failed(name, client);
            audit.record(found.map(u -> u.user().account()).orElse(null), shortened(name), AuditAction.SIGN_IN_FAILED, null, client,
                    signIn ? "console sign-in" : "HTTP Basic");
            throw new UnauthorizedException(WRONG);
        }
        throttle.succeeded(name);
        return found.get().user();
    }

    private boolean hashing(java.util.function.BooleanSupplier check) {
        try {
            if (!hashing.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new UnavailableException("too many password checks at once; try again in a few seconds", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting to check a password", e);
        }
        try {
            return check.getAsBoolean();
        } finally {
            hashing.release();
        }
    }

    private Principal token(String secret) {
        if (!secret.startsWith(Credentials.TOKEN_PREFIX) || secret.length() > 128) {
            throw new UnauthorizedException("unknown, revoked or expired token");
        }
        ApiToken token = store.tokenBySecretHash(Secrets.sha256(secret))
                .orElseThrow(() -> new UnauthorizedException("unknown, revoked or expired token"));
        Instant now = clock.instant();
        if (token.expired(now)) {
            throw new UnauthorizedException("unknown, revoked or expired token");
        }
        Role role = token.role();
        boolean system = false;
        if (token.owner() != null) {
            User owner = store.user(token.owner()).map(AccessStore.StoredUser::user)
                    .orElseThrow(() -> new UnauthorizedException("unknown, revoked or expired token"));
            role = role.cappedBy(owner.role());
            if (role == null) {
                throw new UnauthorizedException("the token's owner may no longer use it");
            }
            system = owner.system() && role == Role.ADMIN;
        }
        if (token.lastUsedAt() == null || token.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
            store.touchToken(token.id(), now);
        }
        return new Principal(Principal.Kind.TOKEN, token.account(), token.name(), token.owner(), role, system, token.subjects(), token.id());
    }

    private Principal session(String cookie) {
        String idHash = Secrets.sha256(cookie);
        AccessStore.Session session = store.session(idHash)
                .orElseThrow(() -> new UnauthorizedException("the session has ended; sign in again"));
        Instant now = clock.instant();
        if (!now.isBefore(session.lastSeenAt().plus(limits.idle())) || !now.isBefore(session.createdAt().plus(limits.absolute()))) {
            store.deleteSession(idHash);
            throw new UnauthorizedException("the session has ended; sign in again");
        }
        User user = store.user(session.user()).map(AccessStore.StoredUser::user)
                .orElseThrow(() -> new UnauthorizedException("the session has ended; sign in again"));
        if (session.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
            store.touchSession(idHash, now);
        }
        return user(user);
    }

    private static Principal user(User u) {
        return new Principal(Principal.Kind.USER, u.account(), u.name(), u.name(), u.role(), u.system(), List.of(), null);
    }

    private static String shortened(String name) {
        if (name == null) {
            return "";
        }
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }
}
