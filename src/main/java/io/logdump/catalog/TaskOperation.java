package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One entry of a dump task's operations log. {@code actor} is the user or API token that did it;
 * null (left out of the API's answer) for what the server did itself or what was done before
 * sign-in existed.
 */
public record TaskOperation(Instant time, Kind operation, String detail,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String actor) {
    public enum Kind { CREATED, MODIFIED, STOPPED, STARTED, RETRIED, DELETED }
}
