package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A named group of log subjects in one region, owned by an account (not shown in the API: it is the caller's). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogSet(@JsonIgnore String account, String name, String region, String description, Instant createdAt) {}
