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
}
