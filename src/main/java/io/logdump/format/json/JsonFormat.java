package io.logdump.format.json;

import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Newline-delimited JSON: one object per record, each line ended by {@code \n}. An object holds
 * <ol>
 *   <li>the record's parsed fields, in their order, copied from its fields JSON;</li>
 *   <li>{@code __time__} and {@code __receive_time__}: the log time and the receive time as
 *       ISO-8601 UTC with milliseconds, e.g. {@code 2017-07-16T12:34:56.789Z};</li>
 *   <li>{@code __source__}: who sent the record;</li>
 *   <li>{@code __raw__}: the original line, only when the record has no fields (the raw parser, or
 *       a line kept raw after a parse error).</li>
 * </ol>
 * A parsed field named {@code __time__}, {@code __receive_time__} or {@code __source__} is left
 * out: the value Logdump writes wins. A field named {@code __raw__} is kept, as {@code __raw__} is
 * then not written. Other fields are copied as they are, duplicates included; only whitespace that
 * would break the line is removed.
 *
 * <p>Every line is valid JSON whatever the record holds: source and raw line are escaped (bytes
 * that are not UTF-8 become U+FFFD), and fields are copied only once checked to be one JSON
 * object. Fields that are not (which ingest never stores) are written as if there were none, the
 * raw line being kept in {@code __raw__}. Immutable and thread-safe; its encoders are not.
 */
public final class JsonFormat implements RecordFormat {
    public static final JsonFormat INSTANCE = new JsonFormat();

    private JsonFormat() {}

    @Override
    public String extension() {
        return ".json";
    }

    @Override
    public boolean compressesInternally() {
        return false;
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    /** {@code file} and {@code compression} are not used: the format writes to {@code out}. */
    @Override
    public RecordEncoder open(OutputStream out, Path file, String compression) {
        return new JsonEncoder(Objects.requireNonNull(out, "out"));
    }

    @Override
    public String toString() {
        return "json";
    }
}
