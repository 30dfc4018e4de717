package io.logdump.shippers;

import io.logdump.core.SubjectId;
import io.logdump.ingest.BodyFormat;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.IngestResult;
import java.io.IOException;

/**
 * Stores the records of one destination, given as NDJSON (one object per line, one line per
 * record), exactly as {@code POST .../logs} stores an NDJSON body: parsed by the subject's
 * collection configuration, all or nothing, durable when it returns. Thread-safe.
 */
@FunctionalInterface
public interface RecordSink {
    /**
     * @param source who sent the records (stored with each)
     * @throws io.logdump.core.NotFoundException for a subject that does not exist
     * @throws io.logdump.core.ConflictException for a subject without a collection configuration
     * @throws io.logdump.core.UnavailableException when the store cannot take them now (nothing was stored)
     */
    IngestResult store(Destination to, byte[] ndjson, String source) throws IOException;

    /** The sink of the ingest service; the one place where a destination becomes a subject of the store. */
    static RecordSink of(Ingest ingest) {
        return (to, ndjson, source) -> ingest.ingest(new SubjectId(to.account(), to.logset(), to.subject()), BodyFormat.NDJSON, ndjson, source,
                Integer.MAX_VALUE);
    }
}
