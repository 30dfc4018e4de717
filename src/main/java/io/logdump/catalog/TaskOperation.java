package io.logdump.catalog;

import java.time.Instant;

/** One entry of a dump task's operations log. */
public record TaskOperation(Instant time, Kind operation, String detail) {
    public enum Kind { CREATED, MODIFIED, STOPPED, STARTED, RETRIED, DELETED }
}
