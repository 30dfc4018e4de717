package io.logdump.auth;

import io.logdump.core.LogdumpException;
import java.util.List;

/** The request has no valid credentials (HTTP 401 with {@code WWW-Authenticate}). */
public final class UnauthorizedException extends LogdumpException {
    public UnauthorizedException(String detail) {
        super(detail, List.of());
    }
}
