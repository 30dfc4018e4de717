package io.logdump.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an audit-log line records. */
public enum AuditAction {
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    PASSWORD_CHANGED,
    USER_CREATED,
    USER_CHANGED,
    USER_DELETED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    ACCOUNT_CREATED;

    /** The name in the API and the database: {@code sign-in}, {@code token-created}, ... */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AuditAction fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
