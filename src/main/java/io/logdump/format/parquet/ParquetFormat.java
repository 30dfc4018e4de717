package io.logdump.format.parquet;

import io.logdump.format.FormatSettings;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Parquet files with typed columns, written without Hadoop, for query engines to read directly
 * (DuckDB reads them in the tests; Spark, Trino and Athena read the same standard). The columns are written in their configured order; a column is either one of
 * Logdump's (always present, so REQUIRED)
 * <ul>
 *   <li>{@code __time__}, {@code __receive_time__}: {@code timestamp}, milliseconds, UTC;</li>
 *   <li>{@code __source__}, {@code __raw__}: {@code string};</li>
 * </ul>
 * or a parsed field (OPTIONAL) of type {@code string}, {@code long}, {@code double},
 * {@code boolean} or {@code timestamp}, converted as {@link FieldConverter} says. A missing field
 * or a JSON null is null; a value that cannot be converted to its column's type is null too, and
 * counted ({@link RecordEncoder#conversionNulls()}). Of repeated fields the last one counts.
 *
 * <p>The file is one Parquet file (the task's compression picks the page codec: {@code zstd},
 * {@code snappy}, {@code gzip}, {@code lz4} as LZ4_RAW, or {@code none}); it is never wrapped in
 * whole-file compression, and its extension is {@code .parquet} alone. Dictionary encoding and
 * column statistics (min, max, null count; strings truncated to 64 bytes) are on; data pages are
 * version 1, which every reader supports.
 *
 * <p><b>Memory.</b> An encoder holds its open row group, compressed pages included, and writes it
 * out when it reaches {@value #ROW_GROUP_BYTES} bytes; Parquet checks the size every 10 to 1,000
 * records, at the point it estimates from the records' mean size. Besides the row group, each
 * column has its page (1 MiB) and dictionary (1 MiB) being built. One open file therefore holds
 * about 16 MiB + 2 MiB per column + the records of one size check, whatever its length (a file
 * larger than the heap is written with a 48 MiB heap: {@code ParquetMemoryTest}); a batch holds
 * that once per partition it writes. Immutable and thread-safe; its encoders are not.
 */
public final class ParquetFormat implements RecordFormat {
    /** The row group size, most of the memory one open file holds. */
    public static final long ROW_GROUP_BYTES = 16L << 20;

    private final List<FormatSettings.Column> columns;
    private final MessageType schema;

    /**
     * @throws IllegalArgumentException when there are no columns, a name is empty, repeated or
     *     holds a control character, a type is unknown, or one of Logdump's columns has another
     *     type than its own
     */
    public ParquetFormat(List<FormatSettings.Column> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("parquet needs at least one column");
        }
        List<Type> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            FormatSettings.Column c = columns.get(i);
            String problem = problem(c.name(), c.type());
            if (problem != null) {
                throw new IllegalArgumentException("parquet column " + i + " " + problem);
            }
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("parquet column " + i + " repeats the column " + c.name());
            }
            Repetition repetition = ownType(c.name()) == null ? Repetition.OPTIONAL : Repetition.REQUIRED;
            fields.add(ColumnType.of(c.type()).field(c.name(), repetition));
        }
        this.columns = List.copyOf(columns);
        this.schema = new MessageType("log_record", fields);
    }

    /** The parquet format of {@code settings}: its typed columns. */
    public static ParquetFormat of(FormatSettings settings) {
        return new ParquetFormat(settings.columns());
    }

    /**
     * What is wrong with a column, as the end of a sentence ("has no name"), or null when it can
     * be written. The catalog's {@code FormatSpec} checks a task's columns by the same rules.
     */
    private static String problem(String name, String type) {
        if (name == null || name.isEmpty()) {
            return "has no name";
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return "has a control character in its name";
            }
        }
        String own = ownType(name);
        if (own != null && !own.equals(type)) {
            return name + " must have the type " + own;
        }
        try {
            ColumnType.of(type);
        } catch (IllegalArgumentException e) {
            return "has the type '" + type + "', not one of string, long, double, boolean, timestamp";
        }
        return null;
    }

    /** The type of one of Logdump's columns, or null for a parsed field. */
    static String ownType(String name) {
        return switch (name) {
            case "__time__", "__receive_time__" -> "timestamp";
            case "__source__", "__raw__" -> "string";
            default -> null;
        };
    }

    @Override
    public String extension() {
        return ".parquet";
    }

    @Override
    public boolean compressesInternally() {
        return true;
    }

    @Override
    public String contentType() {
        return "application/vnd.apache.parquet";
    }

    /**
     * Creates (or overwrites) {@code file} and returns its encoder; the footer is written by
     * {@code finish()}. {@code out} is not used: Parquet writes the file itself.
     *
     * @param compression the page codec: {@code none}, {@code gzip}, {@code zstd}, {@code snappy}, {@code lz4}
     */
    @Override
    public RecordEncoder open(OutputStream out, Path file, String compression) throws IOException {
        return new ParquetEncoder(Objects.requireNonNull(file, "file"), schema, columns, PageCodecs.codec(compression));
    }

    @Override
    public String toString() {
        return "parquet" + columns;
    }
}
