package io.logdump.format.raw;

import io.logdump.core.LogRecord;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import io.logdump.format.internal.ByteSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The original lines, each ended by {@code \n}, byte for byte as they were received (a stored line
 * never holds CR or LF). Immutable and thread-safe; its encoders are not.
 */
public final class RawFormat implements RecordFormat {
    public static final RawFormat INSTANCE = new RawFormat();

    private RawFormat() {}

    @Override
    public String extension() {
        return ".log";
    }

    @Override
    public boolean compressesInternally() {
        return false;
    }

    @Override
    public String contentType() {
        return "text/plain; charset=utf-8";
    }

    /** {@code file} and {@code compression} are not used: the format writes to {@code out}. */
    @Override
    public RecordEncoder open(OutputStream out, Path file, String compression) {
        return new Encoder(new ByteSink(Objects.requireNonNull(out, "out")));
    }

    @Override
    public String toString() {
        return "raw";
    }

    private record Encoder(ByteSink sink) implements RecordEncoder {
        @Override
        public void write(LogRecord record) throws IOException {
            if (sink.isClosed()) {
                throw new IllegalStateException("the encoder is finished");
            }
            sink.write(record.raw());
            sink.write('\n');
        }

        @Override
        public long uncompressedBytes() {
            return sink.count();
        }

        @Override
        public void finish() throws IOException {
            sink.close();
        }
    }
}
