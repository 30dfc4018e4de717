package io.logdump.core;

import java.util.List;

/**
 * A failure the user can act on. The HTTP layer turns each subclass into a problem document
 * with the matching status; the message is the one-sentence detail.
 */
public abstract class LogdumpException extends RuntimeException {
    private final List<FieldError> errors;

    protected LogdumpException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    /** The fields that broke a rule, possibly empty. */
    public List<FieldError> errors() {
        return errors;
    }
}
