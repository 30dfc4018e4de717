package io.logdump.api;

import io.logdump.core.FieldError;
import java.util.List;

/** A malformed request: unreadable JSON or a query parameter of the wrong kind (HTTP 400). */
final class BadRequestException extends RuntimeException {
    private final List<FieldError> errors;

    BadRequestException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = errors;
    }

    List<FieldError> errors() {
        return errors;
    }
}
