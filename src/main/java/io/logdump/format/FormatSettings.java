package io.logdump.format;

import java.util.List;

/**
 * What an encoder needs to know of a task's format: its type ({@code json}, {@code raw},
 * {@code csv}, {@code parquet}), its columns (names, and types for parquet), the csv delimiter and
 * whether a csv file starts with a header line.
 */
public record FormatSettings(String type, List<Column> columns, char delimiter, boolean header) {

    /** A column: a parsed field or one of {@code __time__}, {@code __receive_time__}, {@code __source__}, {@code __raw__}; type only for parquet. */
    public record Column(String name, String type) {}

    public FormatSettings {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
