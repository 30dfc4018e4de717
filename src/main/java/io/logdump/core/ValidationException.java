package io.logdump.core;

import java.util.List;

/** A field breaks a rule (HTTP 422). */
public final class ValidationException extends LogdumpException {
    public ValidationException(List<FieldError> errors) {
        super(summary(errors), errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    private static String summary(List<FieldError> errors) {
        if (errors.size() == 1) {
            FieldError e = errors.get(0);
            return e.field() + ": " + e.message();
        }
        return errors.size() + " fields break a rule: " + String.join(", ",
                errors.stream().map(FieldError::field).distinct().toList()) + ".";
    }
}
