package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A named stream of log records inside a log set, kept for {@code retentionHours}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogSubject(String logset, String name, String description, int retentionHours,
                         Instant createdAt, boolean hasCollection) {}
