package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A named group of log subjects in one region. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogSet(String name, String region, String description, Instant createdAt) {}
