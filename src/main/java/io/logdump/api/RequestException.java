package io.logdump.api;

import io.logdump.core.FieldError;
import java.util.List;

/**
 * A request the HTTP layer refuses before any service sees it: unreadable JSON or a malformed
 * query parameter (400), a body too large (413), an unsupported content type (415).
 */
final class RequestException extends RuntimeException {
    private final int status;
    private final List<FieldError> errors;

    RequestException(int status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = errors;
    }

    /** A 400. */
    RequestException(String detail, List<FieldError> errors) {
        this(400, detail, errors);
    }

    int status() {
        return status;
    }

    List<FieldError> errors() {
        return errors;
    }
}
