package io.logdump.catalog;

import io.logdump.core.SubjectId;

/** What the log store holds for a subject; provided by the log store. Thread-safe. */
@FunctionalInterface
public interface SubjectStatsSource {
    SubjectStats stats(SubjectId subject);
}
