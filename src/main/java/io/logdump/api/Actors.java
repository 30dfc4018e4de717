package io.logdump.api;

import io.javalin.http.Context;
import io.logdump.core.Actor;

/** Who a request that changes a dump task acts as, for the task's operations log. */
final class Actors {
    private Actors() {}

    /** The caller's account ({@link Caller}), and no user or token name while there is no sign-in. */
    static Actor of(Context ctx) {
        return Actor.of(Caller.account(ctx));
    }
}
