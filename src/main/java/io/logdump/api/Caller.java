package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.auth.Principal;
import io.logdump.core.Actor;

/** Who a request acts for: the principal its credentials proved (see {@link ApiRoutes}). */
final class Caller {
    private static final String ATTRIBUTE = "logdump.principal";

    private Caller() {}

    static void set(Context ctx, Principal principal) {
        ctx.attribute(ATTRIBUTE, principal);
    }

    /** The principal; only routes open to everyone have none, and they never ask. */
    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        if (p == null) {
            throw new IllegalStateException("no principal for " + ctx.method() + " " + ctx.path() + ": a public route asked for one");
        }
        return p;
    }

    /** The principal, or null on a route open to everyone. */
    static Principal principalOrNull(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /** The account whose resources the request may see and change. */
    static String account(Context ctx) {
        return principal(ctx).account();
    }

    /** The account and the user or {@code token:<name>} acting, for a dump task's operations log. */
    static Actor actor(Context ctx) {
        Principal p = principal(ctx);
        return new Actor(p.account(), p.actor());
    }

    /** The client's address, for the audit log and the sign-in throttle. */
    static String client(Context ctx) {
        return ctx.ip();
    }
}
