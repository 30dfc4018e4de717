package io.logdump.format.csv;

import io.logdump.format.FormatSettings;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * CSV as RFC 4180 describes it, except that every line, the header's included, ends with
 * {@code \n} rather than CRLF (as most tools write it; DuckDB, Spark, pandas and Python's csv
 * module read either). A cell that holds the delimiter, a quote, CR or LF is quoted, its quotes
 * doubled; other cells are written bare.
 *
 * <p>The columns are written in their configured order, after an optional header line of their
 * names. A column is either one of Logdump's
 * <ul>
 *   <li>{@code __time__}, {@code __receive_time__}: ISO-8601 UTC with milliseconds,
 *       {@code 2017-07-16T12:34:56.789Z};</li>
 *   <li>{@code __source__}: who sent the record;</li>
 *   <li>{@code __raw__}: the original line, whether the record has fields or not;</li>
 * </ul>
 * (which win over a parsed field of the same name) or a parsed field: a string as its text (an
 * empty string as {@code ""}, so that readers that tell NULL from empty can), a number or boolean
 * as its JSON text, an object or array as compact JSON, and a JSON null or a missing field as an
 * empty cell. Of repeated fields the last one counts, as in most JSON readers. A record whose
 * fields are not a JSON object (which ingest never stores) has only empty field cells.
 *
 * <p>Text is written as the UTF-8 it is stored in. Immutable and thread-safe; its encoders are not.
 */
public final class CsvFormat implements RecordFormat {
    private final List<String> columns;
    private final char delimiter;
    private final boolean header;

    /**
     * @param delimiter any character but a quote, CR, LF or half a surrogate pair
     * @throws IllegalArgumentException when there are no columns, a name is empty or repeated, or
     *     the delimiter cannot be used
     */
    public CsvFormat(List<String> columns, char delimiter, boolean header) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("csv needs at least one column");
        }
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("csv column " + i + " has no name");
            }
            if (columns.indexOf(name) != i) {
                throw new IllegalArgumentException("csv column " + i + " repeats the column " + name);
            }
        }
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || Character.isSurrogate(delimiter)) {
            throw new IllegalArgumentException("the csv delimiter must be one character other than a quote or a line end, not U+"
                    + String.format("%04X", (int) delimiter));
        }
        this.columns = List.copyOf(columns);
        this.delimiter = delimiter;
        this.header = header;
    }

    /** The csv format of {@code settings}: column names, delimiter and header. */
    public static CsvFormat of(FormatSettings settings) {
        return new CsvFormat(settings.columns().stream().map(FormatSettings.Column::name).toList(),
                settings.delimiter(), settings.header());
    }

    @Override
    public String extension() {
        return ".csv";
    }

    @Override
    public boolean compressesInternally() {
        return false;
    }

    @Override
    public String contentType() {
        return "text/csv; charset=utf-8";
    }

    /**
     * Writes the header line, when there is one, at once. {@code file} and {@code compression} are
     * not used: the format writes to {@code out}.
     */
    @Override
    public RecordEncoder open(OutputStream out, Path file, String compression) throws IOException {
        return new CsvEncoder(Objects.requireNonNull(out, "out"), columns, delimiter, header);
    }

    /** A chunk after the first has no header line. */
    @Override
    public RecordEncoder openChunk(OutputStream out, boolean first) throws IOException {
        return new CsvEncoder(Objects.requireNonNull(out, "out"), columns, delimiter, header && first);
    }

    @Override
    public String toString() {
        return "csv" + columns;
    }
}
