package io.logdump.ingest;

import io.logdump.core.SubjectId;

/**
 * Told what each ingest request did, once its accepted records are durable (also when the request
 * failed part way: then of the records stored before the failure). Bytes are those of the lines
 * (UTF-8, as stored), without line ends. Called on the request's thread: implementations must be quick
 * and thread-safe.
 */
@FunctionalInterface
public interface IngestListener {
    IngestListener NONE = (subject, records, bytes, rejectedRecords, rejectedBytes) -> { };

    void ingested(SubjectId subject, long records, long bytes, long rejectedRecords, long rejectedBytes);
}
