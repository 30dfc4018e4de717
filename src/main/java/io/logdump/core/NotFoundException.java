package io.logdump.core;

import java.util.List;

/** The resource named in the request does not exist (HTTP 404). */
public final class NotFoundException extends LogdumpException {
    public NotFoundException(String detail) {
        super(detail, List.of());
    }

    public NotFoundException(String detail, String field) {
        super(detail, List.of(new FieldError(field, detail)));
    }
}
