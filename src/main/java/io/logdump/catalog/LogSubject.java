package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.logdump.core.SubjectId;
import java.time.Instant;

/**
 * A named stream of log records inside a log set, kept for {@code retentionHours}; it belongs to
 * its log set's account (not shown in the API: it is the caller's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogSubject(@JsonIgnore String account, String logset, String name, String description, int retentionHours,
                         Instant createdAt, boolean hasCollection) {

    @JsonIgnore
    public SubjectId id() {
        return new SubjectId(account, logset, name);
    }
}
