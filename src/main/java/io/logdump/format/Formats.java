package io.logdump.format;

import io.logdump.format.csv.CsvFormat;
import io.logdump.format.json.JsonFormat;
import io.logdump.format.parquet.ParquetFormat;
import io.logdump.format.raw.RawFormat;
import java.util.Objects;

/** The record formats by type. */
public final class Formats {
    private Formats() {}

    /**
     * The format for the settings: {@code json}, {@code raw}, {@code csv} or {@code parquet}.
     *
     * @throws IllegalArgumentException for another type, or csv or parquet settings that cannot be used
     */
    public static RecordFormat of(FormatSettings settings) {
        Objects.requireNonNull(settings, "settings");
        String type = settings.type();
        if (type == null) {
            throw new IllegalArgumentException("the format has no type; expected json, raw, csv or parquet");
        }
        return switch (type) {
            case "json" -> JsonFormat.INSTANCE;
            case "raw" -> RawFormat.INSTANCE;
            case "csv" -> CsvFormat.of(settings);
            case "parquet" -> ParquetFormat.of(settings);
            default -> throw new IllegalArgumentException("unknown format type '" + type + "'; expected json, raw, csv or parquet");
        };
    }
}
