package io.logdump.auth;

import io.logdump.core.LogdumpException;
import java.util.List;

/** The principal is known but its role does not allow the request (HTTP 403). */
public final class ForbiddenException extends LogdumpException {
    public ForbiddenException(String detail) {
        super(detail, List.of());
    }
}
