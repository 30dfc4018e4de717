package io.logdump.history.jdbc;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.history.BatchStatus;
import io.logdump.history.DumpFile;
import io.logdump.history.HistoryAudit;
import io.logdump.history.StaleStateException;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcDumpHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path dir;

    /** Seals a batch of one file created at {@code at}; returns the file's id. */
    private static String seal(JdbcDumpHistory history, String task, Instant at) {
        long batch = history.openBatch(task, 0, 0, at);
        String id = task + "-" + batch + "-0";
        history.sealBatch(task, batch, 1, List.of(new DumpFile(id, task, batch, 0, ACCOUNT, "ls", "sub", "bk", "k/" + id,
                FileStatus.UPLOADING, 1, 0, 1, 1, "00".repeat(32), at, at, at, null, 0, null, null, 0L, 1L, "/spool/" + id, null, null)));
        history.commitBatch(task, batch, 0, 1, List.of(id), at);
        return id;
    }

    @Test
    void pagesNeitherSkipNorRepeatAFileWhileNewFilesAreAdded() {
        JdbcDumpHistory history = new JdbcDumpHistory(MetadataDatabase.openEmbedded(dir));
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            existing.add(0, seal(history, "dt-aaaaaaaa", T0.plusSeconds(i / 2))); // pairs share a creation time
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int added = 0;
        do {
            List<DumpFile> page = history.files(DumpHistory.Filter.ofTask(ACCOUNT, "dt-aaaaaaaa", null), 3, cursor);
            page.forEach(f -> seen.add(f.id()));
            cursor = page.size() < 3 ? null : page.get(2).createdAt().toEpochMilli() + ":" + page.get(2).id();
            seal(history, "dt-aaaaaaaa", T0.plusSeconds(60 + added++)); // a new file arrives between two pages
        } while (cursor != null);
        assertThat(seen).as("newest first, each existing file once").containsExactlyElementsOf(existing);
        assertThat(history.files(DumpHistory.Filter.ofTask(ACCOUNT, "dt-aaaaaaaa", null), 100, null)).hasSize(7 + added);
    }

    @Test
    void filtersByTimeRangeWithFromInclusiveAndToExclusive() {
        JdbcDumpHistory history = new JdbcDumpHistory(MetadataDatabase.openEmbedded(dir));
        String a = seal(history, "dt-bbbbbbbb", T0);
        String b = seal(history, "dt-bbbbbbbb", T0.plusSeconds(10));
        seal(history, "dt-bbbbbbbb", T0.plusSeconds(20));
        assertThat(history.files(new DumpHistory.Filter(ACCOUNT, "ls", "sub", null, FileStatus.SUCCEEDED, T0, T0.plusSeconds(20)), 10, null))
                .extracting(DumpFile::id).containsExactly(b, a);
        assertThat(history.files(new DumpHistory.Filter(ACCOUNT, null, "other", null, null, null, null), 10, null)).isEmpty();
    }

    @Test
    void everyStateChangeNamesTheStateItExpectsAndFailsLoudlyChangingNothingWhenTheRowIsNotInIt() {
        JdbcDumpHistory history = new JdbcDumpHistory(MetadataDatabase.openEmbedded(dir));
        JdbcHistoryAudit audit = new JdbcHistoryAudit(MetadataDatabase.openEmbedded(dir));
        long batch = history.openBatch("dt-cccccccc", 0, 0, T0);
        history.discardBatch("dt-cccccccc", batch);
        DumpFile file = new DumpFile("dt-cccccccc-1-0", "dt-cccccccc", batch, 0, ACCOUNT, "ls", "sub", "bk", "k/x",
                FileStatus.UPLOADING, 1, 0, 1, 1, "00".repeat(32), T0, T0, T0, null, 0, null, null, 0L, 1L, "/spool/x", null, null);
        assertThatThrownBy(() -> history.sealBatch("dt-cccccccc", batch, 1, List.of(file)))
                .as("a stopped worker cannot seal the batch it lost").isInstanceOf(StaleStateException.class)
                .hasMessageContaining("is not WRITING (now DISCARDED)");
        assertThat(history.file(file.id())).as("the transaction rolled back: no file was recorded").isNull();
        assertThatThrownBy(() -> history.discardBatch("dt-cccccccc", batch)).isInstanceOf(StaleStateException.class);

        String done = seal(history, "dt-cccccccc", T0);
        long doneBatch = history.file(done).batch();
        assertThatThrownBy(() -> history.commitBatch("dt-cccccccc", doneBatch, 0, 99, List.of(done), T0))
                .as("a batch commits once").isInstanceOf(StaleStateException.class);
        assertThat(history.checkpoint("dt-cccccccc", 0).getAsLong()).as("the checkpoint did not move").isEqualTo(1);
        assertThatThrownBy(() -> history.fileFailed(done, "late", T0, T0.plusSeconds(3600)))
                .as("a SUCCEEDED file never fails afterwards").isInstanceOf(StaleStateException.class);
        assertThatThrownBy(() -> history.attemptFailed(done, "late")).isInstanceOf(StaleStateException.class);
        assertThatThrownBy(() -> history.retrySucceeded(done, T0)).isInstanceOf(StaleStateException.class);
        assertThat(history.file(done).status()).isEqualTo(FileStatus.SUCCEEDED);
        assertThat(history.file(done).error()).isNull();
        assertThat(history.expire(done)).as("only a FAILED file expires").isFalse();
        assertThat(audit.batches("dt-cccccccc")).extracting(HistoryAudit.Batch::status)
                .containsExactly(BatchStatus.DISCARDED, BatchStatus.COMMITTED);
    }

    @Test
    void theTransitionTablesAllowOnlyTheDumpProtocolsMoves() {
        assertThat(BatchStatus.WRITING.canMoveTo(BatchStatus.UPLOADING)).isTrue();
        assertThat(BatchStatus.WRITING.canMoveTo(BatchStatus.COMMITTED)).as("a batch is sealed before it commits").isFalse();
        assertThat(BatchStatus.DISCARDED.canMoveTo(BatchStatus.WRITING)).isFalse();
        assertThat(BatchStatus.COMMITTED.canMoveTo(BatchStatus.UPLOADING)).isFalse();
        assertThat(FileStatus.FAILED.canMoveTo(FileStatus.UPLOADING)).as("a manual retry").isTrue();
        assertThat(FileStatus.EXPIRED.canMoveTo(FileStatus.UPLOADING)).isFalse();
        assertThat(FileStatus.SUCCEEDED.canMoveTo(FileStatus.FAILED)).isFalse();
    }
}
