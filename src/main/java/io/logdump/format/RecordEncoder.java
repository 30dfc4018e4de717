package io.logdump.format;

import io.logdump.core.LogRecord;
import java.io.IOException;

/**
 * Writes the records of one dump file. Created by {@link RecordFormat#open}; not thread-safe.
 */
public interface RecordEncoder {

    /** Writes one record. */
    void write(LogRecord record) throws IOException;

    /** Bytes written so far before any compression (what the roll policy measures). */
    long uncompressedBytes();

    /**
     * Values written as null because they could not be converted to their column's type (a typed
     * format: Parquet); always 0 for the text formats.
     */
    default long conversionNulls() {
        return 0;
    }

    /** Writes whatever the format needs at the end, then closes the output. */
    void finish() throws IOException;
}
