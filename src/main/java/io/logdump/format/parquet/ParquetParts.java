package io.logdump.format.parquet;

import io.logdump.core.LogRecord;
import io.logdump.format.FormatSettings;
import io.logdump.format.PartedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file written from row groups encoded independently: {@link #encode} writes a chunk of
 * records as a small Parquet file in memory (its own row groups, each column chunk with its own
 * dictionary and statistics, exactly as a whole file's), and {@link #append} copies that file's
 * row groups, bytes as they are, into the real file, whose footer {@link #finish} writes. The
 * result is one ordinary Parquet file (no page indexes), read by DuckDB in the tests.
 */
final class ParquetParts implements PartedFile {
    private final MessageType schema;
    private final List<FormatSettings.Column> columns;
    private final CompressionCodecName codec;
    private final ParquetFileWriter writer;
    private boolean done;

    ParquetParts(Path file, MessageType schema, List<FormatSettings.Column> columns, CompressionCodecName codec) throws IOException {
        this.schema = schema;
        this.columns = columns;
        this.codec = codec;
        this.writer = new ParquetFileWriter(new LocalOutputFile(file), schema, ParquetFileWriter.Mode.OVERWRITE,
                ParquetFormat.ROW_GROUP_BYTES, 0);
        writer.start();
    }

    @Override
    public Part encode(List<LogRecord> records) throws IOException {
        InMemoryFile part = new InMemoryFile();
        ParquetEncoder encoder = new ParquetEncoder(part, schema, columns, codec, ParquetFormat.ROW_GROUP_BYTES);
        for (LogRecord r : records) {
            encoder.write(r);
        }
        encoder.finish();
        return new Part(part.bytes(), encoder.uncompressedBytes(), encoder.conversionNulls());
    }

    @Override
    public void append(Part part) throws IOException {
        byte[] bytes = (byte[]) part.content();
        ParquetMetadata footer = footer(bytes);
        try (Seekable in = new Seekable(bytes)) {
            for (BlockMetaData block : footer.getBlocks()) {
                writer.appendRowGroup(in, block, false);
            }
        }
    }

    @Override
    public void finish() throws IOException {
        if (!done) {
            done = true;
            writer.end(Map.of());
        }
    }

    @Override
    public void abandon() {
        if (!done) {
            done = true;
            try {
                writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is thrown away
            }
        }
    }

    /** The metadata at the end of a Parquet file: {@code footer, footer length (int32 LE), "PAR1"}. */
    private static ParquetMetadata footer(byte[] file) throws IOException {
        int lengthAt = file.length - 8;
        int length = ByteBuffer.wrap(file, lengthAt, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return new ParquetMetadataConverter().readParquetMetadata(new ByteArrayInputStream(file, lengthAt - length, length),
                ParquetMetadataConverter.NO_FILTER);
    }

    /** A Parquet file in memory. */
    private static final class InMemoryFile implements OutputFile {
        private final Buffer buffer = new Buffer();

        byte[] bytes() {
            return Arrays.copyOf(buffer.array(), buffer.size());
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            buffer.reset();
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return buffer.size();
                }

                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    buffer.write(b, off, len);
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    /** A byte array output that shows its array. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1 << 20);
        }

        byte[] array() {
            return buf;
        }
    }

    /** A byte array read with seeks. */
    private static final class Seekable extends DelegatingSeekableInputStream {
        private final Positioned in;

        Seekable(byte[] bytes) {
            this(new Positioned(bytes));
        }

        private Seekable(Positioned in) {
            super(in);
            this.in = in;
        }

        @Override
        public long getPos() {
            return in.position();
        }

        @Override
        public void seek(long position) {
            in.seek((int) position);
        }
    }

    private static final class Positioned extends ByteArrayInputStream {
        Positioned(byte[] bytes) {
            super(bytes);
        }

        int position() {
            return pos;
        }

        void seek(int position) {
            pos = position;
        }
    }
}
