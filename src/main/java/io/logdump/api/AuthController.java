package io.logdump.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.logdump.auth.Access;
import io.logdump.auth.AccessManagement;
import io.logdump.auth.Authenticator;
import io.logdump.auth.Credentials;
import io.logdump.auth.ForbiddenException;
import io.logdump.auth.Principal;
import io.logdump.auth.Role;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.ValidationException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Sign-in and the principal of every request, and the accounts, users, tokens and audit endpoints.
 * {@link #authenticate} runs before every matched route: it finds the principal, checks the
 * route's {@link Access}, an ingest token's subjects, and the CSRF token of a session's
 * state-changing request.
 */
final class AuthController {
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> STATE_CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    /** What {@code GET /api/v1/me} answers. */
    record Me(String kind, String name, String account, Role role, boolean system, List<String> subjects, String csrfToken) {}

    private final Authenticator authenticator;
    private final AccessManagement management;
    private final Requests requests;
    private final boolean secureCookie;

    AuthController(Authenticator authenticator, AccessManagement management, Requests requests, boolean secureCookie) {
        this.authenticator = authenticator;
        this.management = management;
        this.requests = requests;
        this.secureCookie = secureCookie;
    }

    /** Before every matched route: the principal, its right to the route, and CSRF for sessions. */
    void authenticate(Context ctx) {
        Access access = access(ctx);
        if (access == Access.PUBLIC) { // GET /metrics too when the operator made it public (ApiRoutes)
            return;
        }
        String cookie = ctx.cookie(Authenticator.SESSION_COOKIE);
        Credentials credentials = Credentials.of(ctx.header("Authorization"), cookie);
        Principal principal = authenticator.authenticate(credentials, Caller.client(ctx));
        if (credentials instanceof Credentials.SessionCookie session && STATE_CHANGING.contains(ctx.method())) {
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    Authenticator.csrfToken(session.id()).getBytes(StandardCharsets.UTF_8))) {
                throw new ForbiddenException("a change made with the console's session needs its " + CSRF_HEADER + " header");
            }
        }
        Caller.set(ctx, principal);
        if (!principal.may(access)) {
            throw new ForbiddenException(refusal(principal, access));
        }
        if (access == Access.INGEST) {
            String logset = ctx.pathParamMap().get("logset");
            String subject = ctx.pathParamMap().get("subject");
            if (logset != null && subject != null && !principal.maySendTo(logset, subject)) {
                throw new ForbiddenException("this token may not send logs to " + logset + "/" + subject);
            }
        }
    }

    private static Access access(Context ctx) {
        for (var role : ctx.routeRoles()) {
            if (role instanceof ApiRoutes.Needs needs) {
                return needs.access();
            }
        }
        // The console's files are for everyone; an API route without a role (AccessMatrixTest
        // fails on one) is for nobody.
        boolean api = ctx.path().startsWith("/api/") || ctx.path().equals("/metrics");
        return api ? Access.SYSTEM : Access.PUBLIC;
    }

    private static String refusal(Principal p, Access access) {
        String who = (p.kind() == Principal.Kind.TOKEN ? "a token of role " : "role ") + p.role().apiName();
        return switch (access) {
            case READ -> who + " cannot read the account's resources";
            case INGEST -> who + " cannot send logs";
            case OPERATE -> who + " cannot change log sets, subjects, buckets or dump tasks; an operator or admin can";
            case ADMIN -> who + " cannot manage users, account tokens or read the audit log; an admin can";
            case SYSTEM -> "only a system admin manages accounts";
            default -> who + " cannot do this";
        };
    }

    void signIn(Context ctx) {
        JsonFields body = requests.body(ctx);
        String name = body.string("name");
        String password = body.string("password");
        body.rejectUnknown();
        List<FieldError> errors = body.errors();
        if (name == null) {
            errors.add(new FieldError("name", "is required"));
        }
        if (password == null) {
            errors.add(new FieldError("password", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Authenticator.NewSession session = authenticator.signIn(name, password, Caller.client(ctx));
        ctx.header("Set-Cookie", Authenticator.SESSION_COOKIE + "=" + session.cookie() + "; Path=/; Max-Age="
                + authenticator.sessionMaxAge().toSeconds() + "; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : ""));
        ctx.header(CSRF_HEADER, session.csrfToken());
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }

    void signOut(Context ctx) {
        String cookie = ctx.cookie(Authenticator.SESSION_COOKIE);
        if (cookie != null) {
            authenticator.signOut(cookie, Caller.principal(ctx), Caller.client(ctx));
        }
        ctx.header("Set-Cookie", Authenticator.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
        ctx.status(204);
    }

    void me(Context ctx) {
        Principal p = Caller.principal(ctx);
        String cookie = ctx.header("Authorization") == null ? ctx.cookie(Authenticator.SESSION_COOKIE) : null;
        ctx.header("Cache-Control", "no-store");
        ctx.json(new Me(p.kind() == Principal.Kind.USER ? "user" : "token", p.name(), p.account(), p.role(), p.system(), p.subjects(),
                cookie == null ? null : Authenticator.csrfToken(cookie)));
    }

    void listAccounts(Context ctx) {
        ctx.json(management.accounts());
    }

    void createAccount(Context ctx) {
        ctx.status(201).json(management.createAccount(Caller.principal(ctx), requests.body(ctx), Caller.client(ctx)));
    }

    void listUsers(Context ctx) {
        ctx.json(management.users(Caller.principal(ctx)));
    }

    void createUser(Context ctx) {
        ctx.status(201).json(management.createUser(Caller.principal(ctx), requests.body(ctx), Caller.client(ctx)));
    }

    void modifyUser(Context ctx) {
        ctx.json(management.modifyUser(Caller.principal(ctx), ctx.pathParam("name"), requests.body(ctx), Caller.client(ctx)));
    }

    void deleteUser(Context ctx) {
        management.deleteUser(Caller.principal(ctx), ctx.pathParam("name"), Caller.client(ctx));
        ctx.status(204);
    }

    void listTokens(Context ctx) {
        ctx.json(management.tokens(Caller.principal(ctx)));
    }

    void createToken(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).json(management.createToken(Caller.principal(ctx), requests.body(ctx), Caller.client(ctx)));
    }

    void revokeToken(Context ctx) {
        management.revokeToken(Caller.principal(ctx), ctx.pathParam("id"), Caller.client(ctx));
        ctx.status(204);
    }

    void audit(Context ctx) {
        Integer limit = Requests.intQuery(ctx, "limit", 1, 1000);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && cursor.length() > 64) {
            throw new RequestException("query parameter cursor is not one this server gave", List.of(new FieldError("cursor", "is unknown")));
        }
        ctx.json(management.audit(Caller.principal(ctx), limit == null ? 100 : limit, cursor));
    }
}
