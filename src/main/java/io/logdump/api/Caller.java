package io.logdump.api;

import io.javalin.http.Context;

/** Who a request acts for. */
final class Caller {
    /** The account every request acts for until sign-in exists. */
    static final String DEFAULT_ACCOUNT = "default";

    private Caller() {}

    /** The account whose resources the request may see and change. */
    static String account(Context ctx) {
        return DEFAULT_ACCOUNT;
    }
}
