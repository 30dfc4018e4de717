package io.logdump.format;

import io.logdump.format.csv.CsvFormat;
import io.logdump.format.json.JsonFormat;
import io.logdump.format.raw.RawFormat;
import java.util.Objects;

/** The record formats by type. */
public final class Formats {
    private Formats() {}

    /**
     * The format for the settings: {@code json}, {@code raw} or {@code csv}; {@code parquet} throws
     * {@link UnsupportedOperationException} until it is built.
     *
     * @throws IllegalArgumentException for another type, or csv settings that cannot be used
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
            case "parquet" -> throw new UnsupportedOperationException("parquet is not built yet");
            default -> throw new IllegalArgumentException("unknown format type '" + type + "'; expected json, raw, csv or parquet");
        };
    }
}
