package io.logdump.format;

import io.logdump.core.LogRecord;
import java.io.IOException;
import java.util.List;

/**
 * A file of a format that compresses internally, written from parts encoded independently
 * (Parquet: one row group per part), so that several threads encode one file: {@link #encode}
 * runs on any thread, and {@link #append} puts the parts into the file in order on the writing
 * thread. Opened by {@link RecordFormat#openParts}.
 */
public interface PartedFile {

    /** A part ready to be appended, with what its records measured. */
    record Part(Object content, long uncompressedBytes, long conversionNulls) {}

    /** Encodes records into one part. Thread-safe: any thread, several at once. */
    Part encode(List<LogRecord> records) throws IOException;

    /** Appends a part after the ones appended before. Not thread-safe (the writing thread). */
    void append(Part part) throws IOException;

    /** Writes the end of the file (its footer) and closes it. */
    void finish() throws IOException;

    /** Closes the file without finishing it (it is thrown away). */
    void abandon();
}
