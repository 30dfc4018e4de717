package io.logdump.catalog;

/** What the log store holds for a subject; provided by the log store. Thread-safe. */
@FunctionalInterface
public interface SubjectStatsSource {
    SubjectStats stats(String logset, String subject);
}
