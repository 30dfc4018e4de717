package io.logdump.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.core.LogRecord;
import io.logdump.store.RecordSlices;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records given as slices of a body are stored exactly as the same records given one object each. */
class RecordSlicesEncodingTest {
    @TempDir
    Path dir;

    private static final byte[] SOURCE = "10.0.0.7".getBytes(StandardCharsets.UTF_8);

    /** Lines laid out in one body with separators, and some fields of each kind: none, the line itself, their own. */
    private static RecordSlices slices(int count) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {'#', '#'});
        List<int[]> at = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = i % 3 == 1 ? "{\"n\":" + i + ",\"x\":\"" + "y".repeat(i % 40) + "\"}" : "line " + i + " é" + "z".repeat(i % 70);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            at.add(new int[] {body.size(), bytes.length});
            body.writeBytes(bytes);
            body.writeBytes(new byte[] {'\r', '\n'});
        }
        byte[] bytes = body.toByteArray();
        RecordSlices slices = new RecordSlices(1_700_000_000_000L, SOURCE);
        for (int i = 0; i < count; i++) {
            byte[] fields = switch (i % 3) {
                case 0 -> LogRecord.NONE;
                case 1 -> null;
                default -> ("{\"f\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            };
            slices.add(bytes, at.get(i)[0], at.get(i)[1], 1_600_000_000_000L + (i * 7919L) % 5000, fields);
        }
        return slices;
    }

    @Test
    void aBatchEncodedFromSlicesIsByteForByteTheBatchOfTheSameRecords() {
        RecordSlices slices = slices(500);
        int size = RecordBatch.HEADER;
        for (int i = 100; i < 400; i++) {
            size += RecordBatch.recordSize(slices, i);
        }
        ByteBuffer fromSlices = RecordBatch.encode(42, slices, 100, 400, size, null);
        ByteBuffer fromRecords = RecordBatch.encode(42, slices.toRecords().subList(100, 400), null);
        assertThat(fromSlices.remaining()).isEqualTo(size);
        assertThat(fromSlices).isEqualTo(fromRecords);
    }

    @Test
    void slicesAppendedAcrossSeveralBatchesAndSegmentsReadBackAsTheirRecords() throws Exception {
        RecordSlices slices = slices(40_000); // about 3.5 MB: several 1 MiB batches, and 2 MB segments roll
        List<LogRecord> expected = slices.toRecords();
        PartitionLog log = PartitionLog.open(dir, 2_000_000, true);
        log.append(List.of(Records.record(0, 5)));
        try (PartitionLog.Append append = log.begin()) {
            append.add(slices);
            assertThat(append.commit()).isEqualTo(1);
        }
        List<LogRecord> read = new ArrayList<>();
        long offset = 1;
        while (offset < log.endOffset()) {
            List<LogRecord> chunk = log.read(offset, 1 << 20);
            read.addAll(chunk);
            offset = chunk.get(chunk.size() - 1).offset() + 1;
        }
        assertThat(read).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            LogRecord want = expected.get(i);
            LogRecord got = read.get(i);
            assertThat(got.offset()).isEqualTo(i + 1);
            assertThat(got.raw()).isEqualTo(want.raw());
            assertThat(got.fieldsAreRaw()).isEqualTo(want.fieldsAreRaw());
            assertThat(got.fields()).isEqualTo(want.fields());
            assertThat(got.logTime()).isEqualTo(want.logTime());
            assertThat(got.receiveTime()).isEqualTo(want.receiveTime());
            assertThat(got.source()).isEqualTo(SOURCE);
        }
        log.close();
    }
}
