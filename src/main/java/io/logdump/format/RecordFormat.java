package io.logdump.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A dump file format: its extension, whether it compresses inside (Parquet: whole-file
 * compression is then skipped, the compression word picks the page codec), and encoders.
 * Implementations are immutable and thread-safe.
 */
public interface RecordFormat {

    /** The file extension with its dot: {@code .json}, {@code .log}, {@code .csv}, {@code .parquet}. */
    String extension();

    /** True when the format compresses its content itself (Parquet). */
    boolean compressesInternally();

    /** The MIME type of a file, for object metadata. */
    String contentType();

    /**
     * Opens an encoder of one file. {@code out} is the (possibly compressed) stream of a format
     * that does not compress internally; {@code file} is the spool file itself, for a format that
     * does ({@code out} is then null), with {@code compression} naming its inner codec.
     */
    RecordEncoder open(OutputStream out, Path file, String compression) throws IOException;

    /**
     * Opens an encoder of one chunk of a file, for formats that do not compress internally: a file
     * is then the concatenation of its chunks' encodings in order, so chunks may be encoded on
     * several threads at once. {@code first} says the chunk begins the file (a CSV header is written
     * there only). The default opens an encoder as {@link #open} does.
     */
    default RecordEncoder openChunk(OutputStream out, boolean first) throws IOException {
        if (compressesInternally()) {
            throw new UnsupportedOperationException(this + " writes whole files, not chunks");
        }
        return open(out, null, null);
    }
}
