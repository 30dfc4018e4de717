package io.logdump.store;

import io.logdump.core.SubjectId;

/** Told when records are deleted before every dump task that needed them had them (disk limit). */
@FunctionalInterface
public interface DataLossListener {
    void lost(SubjectId subject, int partition, long fromOffset, long toOffset, String reason);
}
