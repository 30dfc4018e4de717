package io.logdump.format.parquet;

import io.logdump.core.LogRecord;
import io.logdump.format.FormatSettings;
import io.logdump.format.RecordEncoder;
import io.logdump.format.internal.ColumnMembers;
import io.logdump.format.internal.JsonObjectScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one {@link ParquetFormat} file. Each record's fields are scanned once to find the
 * members that are columns. {@link #uncompressedBytes()} is the size of the values written, by
 * {@link ColumnType}'s measure. Not thread-safe.
 */
final class ParquetEncoder implements RecordEncoder {
    private static final int TIME = -1;
    private static final int RECEIVE_TIME = -2;
    private static final int SOURCE = -3;
    private static final int RAW = -4;
    static final int STATISTICS_BYTES = 64;
    static final int MIN_ROWS_PER_SIZE_CHECK = 10;
    static final int MAX_ROWS_PER_SIZE_CHECK = 1000;

    private final ParquetWriter<Group> writer;
    private final MessageType schema;
    /** Per column: one of the special kinds, or the index of a parsed field in {@code names}. */
    private final int[] kinds;
    /** Per parsed-field column: its UTF-8 name, schema index and type. */
    private final byte[][] names;
    private final int[] fieldIndexes;
    private final ColumnType[] types;
    /** Per parsed-field column: the member holding its value in the current record. */
    private final ColumnMembers members;
    private final JsonObjectScanner scanner;
    private final FieldConverter converter = new FieldConverter();
    private long bytes;
    private long conversionNulls;
    private boolean finished;

    ParquetEncoder(Path file, MessageType schema, List<FormatSettings.Column> columns, CompressionCodecName codec) throws IOException {
        this.schema = schema;
        this.kinds = new int[columns.size()];
        int fields = 0;
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = switch (columns.get(i).name()) {
                case "__time__" -> TIME;
                case "__receive_time__" -> RECEIVE_TIME;
                case "__source__" -> SOURCE;
                case "__raw__" -> RAW;
                default -> fields++;
            };
        }
        this.names = new byte[fields][];
        this.fieldIndexes = new int[fields];
        this.types = new ColumnType[fields];
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] >= 0) {
                names[kinds[i]] = columns.get(i).name().getBytes(StandardCharsets.UTF_8);
                fieldIndexes[kinds[i]] = i;
                types[kinds[i]] = ColumnType.of(columns.get(i).type());
            }
        }
        this.members = new ColumnMembers(names);
        this.scanner = members.scanner();
        this.writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCodecFactory(PageCodecs.INSTANCE)
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(ParquetFormat.ROW_GROUP_BYTES)
                .withMinRowCountForPageSizeCheck(MIN_ROWS_PER_SIZE_CHECK)
                .withMaxRowCountForPageSizeCheck(MAX_ROWS_PER_SIZE_CHECK)
                .withDictionaryEncoding(true)
                .withStatisticsEnabled(true)
                .withStatisticsTruncateLength(STATISTICS_BYTES)
                .build();
    }

    @Override
    public void write(LogRecord record) throws IOException {
        if (finished) {
            throw new IllegalStateException("the encoder is finished");
        }
        byte[] fields = record.fields();
        members.find(fields);
        Group group = new SimpleGroup(schema);
        for (int i = 0; i < kinds.length; i++) {
            switch (kinds[i]) {
                case TIME -> {
                    group.add(i, record.logTime());
                    bytes += 8;
                }
                case RECEIVE_TIME -> {
                    group.add(i, record.receiveTime());
                    bytes += 8;
                }
                case SOURCE -> {
                    group.add(i, Binary.fromReusedByteArray(record.source()));
                    bytes += record.source().length;
                }
                case RAW -> {
                    group.add(i, Binary.fromReusedByteArray(record.raw()));
                    bytes += record.raw().length;
                }
                default -> value(group, kinds[i], fields);
            }
        }
        writer.write(group);
    }

    @Override
    public long uncompressedBytes() {
        return bytes;
    }

    @Override
    public long conversionNulls() {
        return conversionNulls;
    }

    /** Writes the last row group and the footer, then closes the file. */
    @Override
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            writer.close();
        }
    }

    private void value(Group group, int column, byte[] fields) {
        int m = members.member(column);
        if (m < 0) {
            return;
        }
        int start = scanner.valueStart(m);
        if (fields[start] == 'n') {
            return;
        }
        long added = converter.add(group, fieldIndexes[column], types[column], fields, start, scanner.valueEnd(m),
                scanner.valueEscaped(m), !scanner.hasWhitespace());
        if (added < 0) {
            conversionNulls++;
        } else {
            bytes += added;
        }
    }

}
