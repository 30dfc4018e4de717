package io.logdump.format.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The column types of a Parquet dump file and their physical types: {@code string} is UTF-8
 * BINARY (logical type STRING), {@code long} INT64, {@code double} DOUBLE, {@code boolean}
 * BOOLEAN, {@code timestamp} INT64 milliseconds since the epoch, adjusted to UTC (logical type
 * TIMESTAMP(MILLIS, true)). Each also has its uncompressed size per value, which the roll policy
 * measures: 8 bytes for the 64-bit types, 1 for a boolean, the UTF-8 length for a string.
 */
enum ColumnType {
    STRING("string"),
    LONG("long"),
    DOUBLE("double"),
    BOOLEAN("boolean"),
    TIMESTAMP("timestamp");

    private final String word;

    ColumnType(String word) {
        this.word = word;
    }

    /** The type named by a task's format ({@code string}, {@code long}, ...). */
    static ColumnType of(String word) {
        for (ColumnType t : values()) {
            if (t.word.equals(word)) {
                return t;
            }
        }
        throw new IllegalArgumentException("parquet column type '" + word + "' is not one of string, long, double, boolean, timestamp");
    }

    String word() {
        return word;
    }

    /** The schema field of a column of this type. */
    PrimitiveType field(String name, Repetition repetition) {
        return switch (this) {
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
            case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
        };
    }
}
