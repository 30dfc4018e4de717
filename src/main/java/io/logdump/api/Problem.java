package io.logdump.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.logdump.core.FieldError;
import java.util.List;

/** An RFC 9457 problem document, the body of every error answer. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    public static final String CONTENT_TYPE = "application/problem+json";
}
