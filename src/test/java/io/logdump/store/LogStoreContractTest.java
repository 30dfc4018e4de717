package io.logdump.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LogStore} promises, run against each implementation: the local segment log
 * and Kafka. A subclass gives the store under test ({@link #createObjectUnderTest}); each test
 * uses subjects of its own, so a store may be shared by the tests of a class.
 */
public abstract class LogStoreContractTest {
    private static final AtomicInteger SUBJECTS = new AtomicInteger();
    protected static final long T0 = 1_700_000_000_000L;

    /** The store under test; the subclass closes it. */
    protected abstract LogStore createObjectUnderTest() throws Exception;

    /** A subject no other test uses. */
    protected static SubjectId freshSubject() {
        return new SubjectId("acct", "shop", "s" + SUBJECTS.incrementAndGet());
    }

    /** Record {@code n}: its number is in its line, its log time is {@code T0 + n} seconds. */
    protected static LogRecord record(long n) {
        return new LogRecord(-1, T0 + n * 1000, 2_000_000 + n, "10.0.0.1".getBytes(StandardCharsets.UTF_8),
                ("line " + n + " " + "x".repeat((int) (n % 40))).getBytes(StandardCharsets.UTF_8),
                n % 3 == 0 ? ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8) : LogRecord.NONE);
    }

    protected static List<LogRecord> records(long first, int count) {
        List<LogRecord> out = new ArrayList<>();
        for (long n = first; n < first + count; n++) {
            out.add(record(n));
        }
        return out;
    }

    protected static long numberOf(LogRecord r) {
        String raw = r.rawText();
        return Long.parseLong(raw.substring(5, raw.indexOf(' ', 5)));
    }

    /** Every readable record of a partition, from its start to its end offset, in offset order. */
    protected static List<LogRecord> readAll(LogStore store, SubjectId subject, int partition) throws Exception {
        List<LogRecord> out = new ArrayList<>();
        long offset = store.startOffset(subject, partition);
        long end = store.endOffset(subject, partition);
        while (offset < end) {
            List<LogRecord> chunk = store.read(subject, partition, offset, 4_000);
            assertThat(chunk).as("a read below the end offset %d from %d finds records", end, offset).isNotEmpty();
            out.addAll(chunk);
            offset = chunk.get(chunk.size() - 1).offset() + 1;
        }
        return out;
    }

    private static List<Long> numbers(List<LogRecord> records) {
        return records.stream().map(LogStoreContractTest::numberOf).toList();
    }

    @Test
    void appendedRecordsAreReadBackInOrderWithTheirContent() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        List<Long> firstOffsets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firstOffsets.add(store.append(subject, 0, records(i * 100L, 100)));
        }
        List<LogRecord> read = readAll(store, subject, 0);
        assertThat(numbers(read)).as("every record once, in append order").isEqualTo(numbers(records(0, 300)));
        for (int i = 0; i < read.size(); i++) {
            LogRecord want = record(i);
            LogRecord got = read.get(i);
            assertThat(got.logTime()).isEqualTo(want.logTime());
            assertThat(got.receiveTime()).isEqualTo(want.receiveTime());
            assertThat(got.source()).isEqualTo(want.source());
            assertThat(got.raw()).isEqualTo(want.raw());
            assertThat(got.fields()).isEqualTo(want.fields());
            if (i > 0) {
                assertThat(got.offset()).as("offsets increase").isGreaterThan(read.get(i - 1).offset());
            }
        }
        assertThat(firstOffsets).as("an append returns the offset of its first record")
                .containsExactly(read.get(0).offset(), read.get(100).offset(), read.get(200).offset());
    }

    @Test
    void fieldsThatAreTheRawLineAreReadBackAsTheLine() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        byte[] json = "{\"level\":\"info\"}".getBytes(StandardCharsets.UTF_8);
        store.append(subject, 0, List.of(new LogRecord(-1, T0, T0, LogRecord.NONE, json, json)));
        LogRecord got = readAll(store, subject, 0).get(0);
        assertThat(got.raw()).isEqualTo(json);
        assertThat(got.fields()).isEqualTo(json);
        assertThat(got.source()).isEmpty();
    }

    @Test
    void anAppendIsReadOnlyOnceCommittedAndThenAllAtOnce() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        store.append(subject, 0, records(0, 5));
        long end = store.endOffset(subject, 0);
        try (LogStore.Append append = store.begin(subject, 0)) {
            append.add(records(5, 10));
            append.add(records(15, 10));
            assertThat(store.endOffset(subject, 0)).as("no part is readable before the commit").isEqualTo(end);
            assertThat(store.read(subject, 0, end, 1 << 20)).isEmpty();
            append.commit();
        }
        assertThat(numbers(readAll(store, subject, 0))).isEqualTo(numbers(records(0, 25)));
    }

    @Test
    void anAppendClosedWithoutACommitLeavesNothing() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        store.append(subject, 0, records(0, 5));
        try (LogStore.Append append = store.begin(subject, 0)) {
            append.add(records(1000, 50));
        }
        store.append(subject, 0, records(5, 5));
        assertThat(numbers(readAll(store, subject, 0))).as("the records of the closed append are never read")
                .isEqualTo(numbers(records(0, 10)));
    }

    @Test
    void theEndOffsetIsOnePastTheLastReadableRecord() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        assertThat(store.endOffset(subject, 0)).as("an empty partition ends where it starts").isEqualTo(store.startOffset(subject, 0));
        for (int i = 0; i < 20; i++) {
            store.append(subject, 0, records(i * 3L, 3));
            long end = store.endOffset(subject, 0);
            List<LogRecord> last = store.read(subject, 0, end - 1, 1);
            assertThat(last).as("after append %d", i).isNotEmpty();
            assertThat(numberOf(last.get(0))).isEqualTo(i * 3L + 2);
            assertThat(last.get(0).offset()).isEqualTo(end - 1);
            assertThat(store.read(subject, 0, end, 1 << 20)).as("nothing at the end offset").isEmpty();
        }
    }

    @Test
    void aReadStartsAtItsOffsetAndReturnsAtLeastOneRecord() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        store.append(subject, 0, records(0, 200));
        List<LogRecord> all = readAll(store, subject, 0);
        LogRecord middle = all.get(120);
        List<LogRecord> fromMiddle = store.read(subject, 0, middle.offset(), 1);
        assertThat(fromMiddle).isNotEmpty();
        assertThat(fromMiddle.get(0).offset()).isEqualTo(middle.offset());
        assertThat(numberOf(fromMiddle.get(0))).isEqualTo(120);
    }

    @Test
    void offsetForTimeIsTheFirstRecordAtOrAfterTheTime() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        store.append(subject, 0, records(0, 50));
        store.append(subject, 0, records(50, 50));
        List<LogRecord> all = readAll(store, subject, 0);
        assertThat(store.offsetForTime(subject, 0, Instant.ofEpochMilli(T0 + 60_500)))
                .as("record 61 is the first logged at or after T0 + 60.5 s").isEqualTo(all.get(61).offset());
        assertThat(store.offsetForTime(subject, 0, Instant.ofEpochMilli(T0 + 60_000))).isEqualTo(all.get(60).offset());
        assertThat(store.offsetForTime(subject, 0, Instant.ofEpochMilli(T0 - 1))).isEqualTo(all.get(0).offset());
        assertThat(store.offsetForTime(subject, 0, Instant.ofEpochMilli(T0 + 1_000_000)))
                .as("after every record: the end offset").isEqualTo(store.endOffset(subject, 0));
    }

    @Test
    void subjectsOfTheSameNamesInTwoAccountsAreSeparate() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId mine = freshSubject();
        SubjectId theirs = new SubjectId("other", mine.logset(), mine.subject());
        store.append(mine, 0, records(0, 10));
        store.append(theirs, 0, records(500, 3));
        assertThat(numbers(readAll(store, mine, 0))).isEqualTo(numbers(records(0, 10)));
        assertThat(numbers(readAll(store, theirs, 0))).isEqualTo(numbers(records(500, 3)));
    }

    @Test
    void deleteRemovesTheSubjectsRecords() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        SubjectId kept = freshSubject();
        store.append(subject, 0, records(0, 10));
        store.append(kept, 0, records(0, 10));
        store.delete(subject);
        assertThat(readAll(store, subject, 0)).isEmpty();
        assertThat(readAll(store, kept, 0)).hasSize(10);
    }

    @Test
    void statsCountTheRecordsAndTheirLogTimes() throws Exception {
        LogStore store = createObjectUnderTest();
        SubjectId subject = freshSubject();
        assertThat(store.stats(subject).records()).isZero();
        store.append(subject, 0, records(0, 60));
        store.append(subject, 0, records(60, 40));
        StoreStats stats = store.stats(subject);
        assertThat(stats.records()).as("the records, and at most one more offset per append (a Kafka transaction marker)")
                .isBetween(100L, 102L);
        assertThat(stats.bytes()).isPositive();
        assertThat(stats.firstLogTime()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(stats.lastLogTime()).isEqualTo(Instant.ofEpochMilli(T0 + 99_000));
    }
}
