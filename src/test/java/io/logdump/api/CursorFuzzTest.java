package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.FileTrees;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.ingest.LogReader;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.FuzzInput;
import io.logdump.testutil.TestCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The query parameters of the paged reads from the fuzzer, {@code cursor} above all: the dump
 * history ({@code GET /api/v1/dump-files}, {@code .../dump-tasks/{id}/files}) and the log read
 * ({@code GET .../subjects/{subject}/logs}). A parameter is refused as the controller refuses it
 * (an IllegalArgumentException, answered 400) or gives a page that keeps the paging rules; the
 * store behind it never throws (a 500).
 *
 * <p>Each input is the query parameters {@code cursor}, {@code from}, {@code to} and {@code limit},
 * one a line, an empty line for one left out.
 */
class CursorFuzzTest {
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    private static final SubjectId SUBJECT = new SubjectId(TestCatalog.ACCOUNT, "shop", "app");

    private static Path dir;
    private static JdbcDumpHistory history;
    private static LocalLogStore store;
    private static LogReader reader;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("logdump-cursor-fuzz");
        var jdbi = MetadataDatabase.openEmbedded(dir);
        history = new JdbcDumpHistory(jdbi);
        for (int i = 0; i < 12; i++) { // pairs share a creation time, so the cursor's id decides
            seal("dt-" + (i % 3 == 0 ? "aaaaaaaa" : "bbbbbbbb"), T0.plusSeconds(i / 2));
        }
        LogSets logSets = TestCatalog.open(jdbi, new FakeClock(T0)).rawSubject(SUBJECT.logset(), SUBJECT.subject()).logSets();
        store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(4 << 10, false));
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // log times that do not grow with offsets, over several segments
            long time = T0.toEpochMilli() + (i * 7919L % 200) * 1000;
            records.add(new LogRecord(-1, time, time, "s".getBytes(StandardCharsets.UTF_8),
                    ("line " + i).getBytes(StandardCharsets.UTF_8), LogRecord.NONE));
        }
        store.append(SUBJECT, 0, records);
        reader = new LogReader(logSets, store);
    }

    @AfterAll
    static void close() throws IOException {
        store.close();
        FileTrees.deleteRecursively(dir);
    }

    private static void seal(String task, Instant at) {
        long batch = history.openBatch(task, 0, 0, at);
        String id = task + "-" + batch + "-0";
        history.sealBatch(task, batch, 1, List.of(new DumpFile(id, task, batch, 0, TestCatalog.ACCOUNT, "shop", "app", "logs", "k/" + id,
                FileStatus.UPLOADING, 1, 0, 1, 1, "00".repeat(32), at, at, at, null, 0, null, null, 0L, 1L, "/spool/" + id, null, null)));
        history.commitBatch(task, batch, 0, 1, List.of(id), at);
    }

    /** A parameter as {@link Requests#query} reads it: absent when empty, null when refused (a 400). */
    private record Param<T>(T value, boolean refused) {
        static <T> Param<T> of(String text, Function<String, T> parse) {
            if (text.isEmpty()) {
                return new Param<>(null, false);
            }
            try {
                return new Param<>(parse.apply(text), false);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as("the rule in the 400's detail").isNotBlank();
                return new Param<>(null, true);
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void historyPage(byte[] data) {
        long start = System.nanoTime();
        FuzzInput in = new FuzzInput(data);
        Param<String> cursor = Param.of(in.line(), HistoryController::cursor);
        Param<Instant> from = Param.of(in.line(), HistoryController::instant);
        Param<Instant> to = Param.of(in.line(), HistoryController::instant);
        Param<Integer> limit = Param.of(in.line(), v -> Requests.intValue(v, 1, HistoryController.MAX_LIMIT));
        if (cursor.refused() || from.refused() || to.refused() || limit.refused()) {
            return;
        }
        int n = limit.value() == null ? HistoryController.DEFAULT_LIMIT : limit.value();
        String taskId = n % 2 == 0 ? null : "dt-bbbbbbbb";
        List<DumpFile> files = history.files(new DumpHistory.Filter(TestCatalog.ACCOUNT, null, null, taskId, null, from.value(), to.value()), n + 1,
                cursor.value());
        assertThat(files.size()).isLessThanOrEqualTo(n + 1);
        for (int i = 1; i < files.size(); i++) {
            DumpFile a = files.get(i - 1);
            DumpFile b = files.get(i);
            assertThat(a.createdAt().isAfter(b.createdAt()) || a.createdAt().equals(b.createdAt()) && a.id().compareTo(b.id()) > 0)
                    .as("newest first: %s then %s", a.id(), b.id()).isTrue();
        }
        FuzzInput.assertQuick(start, "the history page");
    }

    @FuzzTest(maxDuration = "3m")
    void logPage(byte[] data) throws IOException {
        long start = System.nanoTime();
        FuzzInput in = new FuzzInput(data);
        Param<Long> cursor = Param.of(in.line(), IngestController::cursor);
        Param<Instant> from = Param.of(in.line(), IngestController::instant);
        Param<Instant> to = Param.of(in.line(), IngestController::instant);
        Param<Integer> limit = Param.of(in.line(), v -> Requests.intValue(v, 1, LogReader.MAX_LIMIT));
        if (cursor.refused() || from.refused() || to.refused() || limit.refused()) {
            return;
        }
        int n = limit.value() == null ? LogReader.DEFAULT_LIMIT : limit.value();
        LogReader.Page page = reader.read(SUBJECT, from.value(), to.value(), n, cursor.value());
        assertThat(page.items().size()).isLessThanOrEqualTo(n);
        for (LogReader.Item item : page.items()) {
            if (cursor.value() != null) {
                assertThat(item.offset()).isGreaterThanOrEqualTo(cursor.value());
            }
            if (from.value() != null) {
                assertThat(item.time()).isAfterOrEqualTo(from.value());
            }
            if (to.value() != null) {
                assertThat(item.time()).isBefore(to.value());
            }
        }
        if (page.next() != null) {
            long next = IngestController.cursor(page.next());
            assertThat(page.items()).allSatisfy(item -> assertThat(item.offset()).isLessThan(next));
        }
        FuzzInput.assertQuick(start, "the log page");
    }
}
