package io.logdump.history.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.history.DumpFile;
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
        history.sealBatch(task, batch, 1, List.of(new DumpFile(id, task, batch, 0, "ls", "sub", "bk", "k/" + id, FileStatus.UPLOADING,
                1, 0, 1, 1, "00".repeat(32), at, at, at, null, 0, null, null, 0L, 1L, "/spool/" + id, null, null)));
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
            List<DumpFile> page = history.files(DumpHistory.Filter.ofTask("dt-aaaaaaaa", null), 3, cursor);
            page.forEach(f -> seen.add(f.id()));
            cursor = page.size() < 3 ? null : page.get(2).createdAt().toEpochMilli() + ":" + page.get(2).id();
            seal(history, "dt-aaaaaaaa", T0.plusSeconds(60 + added++)); // a new file arrives between two pages
        } while (cursor != null);
        assertThat(seen).as("newest first, each existing file once").containsExactlyElementsOf(existing);
        assertThat(history.files(DumpHistory.Filter.ofTask("dt-aaaaaaaa", null), 100, null)).hasSize(7 + added);
    }

    @Test
    void filtersByTimeRangeWithFromInclusiveAndToExclusive() {
        JdbcDumpHistory history = new JdbcDumpHistory(MetadataDatabase.openEmbedded(dir));
        String a = seal(history, "dt-bbbbbbbb", T0);
        String b = seal(history, "dt-bbbbbbbb", T0.plusSeconds(10));
        seal(history, "dt-bbbbbbbb", T0.plusSeconds(20));
        assertThat(history.files(new DumpHistory.Filter("ls", "sub", null, FileStatus.SUCCEEDED, T0, T0.plusSeconds(20)), 10, null))
                .extracting(DumpFile::id).containsExactly(b, a);
        assertThat(history.files(new DumpHistory.Filter(null, "other", null, null, null, null), 10, null)).isEmpty();
    }
}
