package io.logdump.core;

import java.util.List;

/** The request is valid but the current state forbids it (HTTP 409). */
public final class ConflictException extends LogdumpException {
    public ConflictException(String detail) {
        super(detail, List.of());
    }

    public ConflictException(String detail, String field) {
        super(detail, List.of(new FieldError(field, detail)));
    }
}
