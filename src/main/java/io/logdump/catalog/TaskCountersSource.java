package io.logdump.catalog;

/** The counters of a dump task; provided by the dump history. Thread-safe. */
@FunctionalInterface
public interface TaskCountersSource {
    TaskCounters counters(DumpTask task);
}
