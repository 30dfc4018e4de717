package io.logdump.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file format of a dump task: {@code json} lines, {@code raw} lines, {@code csv} with chosen
 * columns, or {@code parquet} with typed columns. For csv a column has no type; for parquet
 * Logdump's own columns have fixed types ({@code __time__} and {@code __receive_time__}
 * timestamp, {@code __source__} and {@code __raw__} string) and no name holds a control character.
 */
public record FormatSpec(String type, List<Column> columns, String delimiter, Boolean header) {

    public static final List<String> TYPES = List.of("json", "raw", "csv", "parquet");
    public static final List<String> PARQUET_TYPES = List.of("string", "long", "double", "boolean", "timestamp");
    public static final FormatSpec JSON = new FormatSpec("json", null, null, null);

    /** A column: a parsed field or one of {@code __time__}, {@code __receive_time__}, {@code __source__}, {@code __raw__}. */
    public record Column(String name, String type) {}

    public FormatSpec {
        columns = columns == null ? null : List.copyOf(columns);
    }

    /** The JSON shape of the API: csv columns are names, parquet columns are {name, type} objects. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        if (type.equals("csv")) {
            out.put("columns", columns.stream().map(Column::name).toList());
            out.put("delimiter", delimiter);
            out.put("header", header);
        } else if (type.equals("parquet")) {
            out.put("columns", columns.stream().map(c -> {
                Map<String, String> column = new LinkedHashMap<>();
                column.put("name", c.name());
                column.put("type", c.type());
                return column;
            }).toList());
        }
        return out;
    }

    /** Reads and checks a format; problems go to {@code errors} and the result is then null. */
    public static FormatSpec read(JsonFields f, List<FieldError> errors) {
        int before = errors.size();
        String type = f.string("type");
        JsonNode columnsNode = f.node("columns");
        String delimiter = f.string("delimiter");
        Boolean header = f.bool("header");
        f.rejectUnknown();
        if (type == null || !TYPES.contains(type)) {
            errors.add(new FieldError(f.path("type"), "must be one of " + TYPES));
            return null;
        }
        List<Column> columns = null;
        switch (type) {
            case "csv" -> {
                columns = readCsvColumns(columnsNode, f.path("columns"), errors);
                if (delimiter == null) {
                    delimiter = ",";
                } else if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n") || delimiter.equals("\r")) {
                    errors.add(new FieldError(f.path("delimiter"), "must be one character other than a quote or a line end"));
                }
                header = header == null || header;
            }
            case "parquet" -> {
                columns = readParquetColumns(columnsNode, f.path("columns"), errors);
                noneFor(f, "delimiter", delimiter, type, errors);
                noneFor(f, "header", header, type, errors);
            }
            default -> {
                noneFor(f, "columns", columnsNode, type, errors);
                noneFor(f, "delimiter", delimiter, type, errors);
                noneFor(f, "header", header, type, errors);
            }
        }
        return errors.size() == before ? new FormatSpec(type, columns, delimiter, header) : null;
    }

    /** The most columns a file may have: every record's work and a row group's memory grow with them. */
    public static final int MAX_COLUMNS = 1000;

    private static boolean tooMany(JsonNode columns, String path, List<FieldError> errors) {
        if (columns.size() > MAX_COLUMNS) {
            errors.add(new FieldError(path, "has " + columns.size() + " columns; at most " + MAX_COLUMNS + " are allowed"));
            return true;
        }
        return false;
    }

    private static List<Column> readCsvColumns(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new FieldError(path, "must list the columns to write, e.g. [\"__time__\", \"level\", \"msg\"]"));
            return null;
        }
        if (tooMany(node, path, errors)) {
            return null;
        }
        List<Column> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            if (!c.isTextual() || c.textValue().isBlank()) {
                errors.add(new FieldError(path + "[" + i + "]", "must be a field name"));
            } else if (JsonFields.notUtf8(c.textValue()) != null) {
                errors.add(new FieldError(path + "[" + i + "]", JsonFields.notUtf8(c.textValue())));
            } else if (!seen.add(c.textValue())) {
                errors.add(new FieldError(path + "[" + i + "]", "repeats the column " + c.textValue()));
            } else {
                out.add(new Column(c.textValue(), null));
            }
        }
        return out;
    }

    private static List<Column> readParquetColumns(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new FieldError(path, "must list the columns, e.g. [{\"name\": \"level\", \"type\": \"string\"}]"));
            return null;
        }
        if (tooMany(node, path, errors)) {
            return null;
        }
        List<Column> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode c = node.get(i);
            JsonNode name = c.get("name");
            JsonNode type = c.get("type");
            if (!c.isObject() || name == null || !name.isTextual() || name.textValue().isBlank()) {
                errors.add(new FieldError(at + ".name", "is required"));
            } else if (name.textValue().chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError(at + ".name", "must not contain a control character"));
            } else if (JsonFields.notUtf8(name.textValue()) != null) {
                errors.add(new FieldError(at + ".name", JsonFields.notUtf8(name.textValue())));
            } else if (type == null || !type.isTextual() || !PARQUET_TYPES.contains(type.textValue())) {
                errors.add(new FieldError(at + ".type", "must be one of " + PARQUET_TYPES));
            } else if (ownParquetType(name.textValue()) != null && !ownParquetType(name.textValue()).equals(type.textValue())) {
                errors.add(new FieldError(at + ".type", "must be " + ownParquetType(name.textValue()) + " for " + name.textValue()));
            } else if (!seen.add(name.textValue())) {
                errors.add(new FieldError(at + ".name", "repeats the column " + name.textValue()));
            } else {
                out.add(new Column(name.textValue(), type.textValue()));
            }
        }
        return out;
    }

    /** The type of one of Logdump's own columns in a parquet file, or null for a parsed field. */
    private static String ownParquetType(String name) {
        return switch (name) {
            case "__time__", "__receive_time__" -> "timestamp";
            case "__source__", "__raw__" -> "string";
            default -> null;
        };
    }

    private static void noneFor(JsonFields f, String name, Object value, String type, List<FieldError> errors) {
        if (value != null) {
            errors.add(new FieldError(f.path(name), "does not apply to the " + type + " format"));
        }
    }
}
