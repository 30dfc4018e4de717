package io.logdump.ingest;

import static io.logdump.testutil.TestCatalog.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.catalog.LogSets;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.core.UnavailableException;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.TestCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request answered with an error stores none of its records, so a client's retry never duplicates one. */
class IngestAtomicityTest {
    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    final SubjectId subject = new SubjectId(ACCOUNT, "shop", "app");
    final AtomicLong freeDisk = new AtomicLong(Long.MAX_VALUE);
    LocalLogStore store;
    Ingest ingest;

    @BeforeEach
    void setUp() throws Exception {
        LogSets logSets = TestCatalog.open(MetadataDatabase.openEmbedded(dir), clock).rawSubject("shop", "app").logSets();
        store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(1_500_000, true));
        IngestSettings settings = new IngestSettings(1 << 20, 64L << 20, 100L << 20, 64L << 20);
        ingest = new Ingest(logSets, store, settings, clock, freeDisk::get, (s, a, ab, r, rb) -> { });
    }

    private static byte[] lines(int from, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            b.append("line ").append(i).append(' ').append("x".repeat(100)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<String> stored() throws Exception {
        List<String> out = new ArrayList<>();
        long offset = store.startOffset(subject, 0);
        while (offset < store.endOffset(subject, 0)) {
            for (LogRecord r : store.read(subject, 0, offset, 1 << 20)) {
                out.add(r.rawText());
                offset = r.offset() + 1;
            }
        }
        return out;
    }

    @Test
    void aRequestWhoseAppendFailsPartWayStoresNothingAndItsRetryStoresEachLineOnce() throws Exception {
        ingest.ingest(subject, BodyFormat.TEXT, lines(0, 100), "10.0.0.1");
        // a 3 MiB request writes a 1 MiB batch into the first segment, then cannot roll out of it (its meta file is blocked)
        Path obstacle = dir.resolve("store/" + ACCOUNT + "/shop/app/0/00000000000000000000.meta.tmp");
        Files.createDirectories(obstacle.resolve("x"));
        byte[] big = lines(100, 30_000);
        assertThatThrownBy(() -> ingest.ingest(subject, BodyFormat.TEXT, big, "10.0.0.1"))
                .isInstanceOf(UnavailableException.class).hasMessageContaining("none of them was stored");
        assertThat(stored()).as("only the first request's lines").hasSize(100);

        Files.delete(obstacle.resolve("x"));
        Files.delete(obstacle);
        assertThat(ingest.ingest(subject, BodyFormat.TEXT, big, "10.0.0.1").accepted()).isEqualTo(30_000);
        List<String> all = stored();
        Set<String> distinct = new HashSet<>(all);
        assertThat(all).hasSize(30_100);
        assertThat(distinct).as("no line twice").hasSize(30_100);
    }

    @Test
    void theFreeSpaceFloorCountsWhatTheRequestWillWrite() throws Exception {
        freeDisk.set((100L << 20) + (1 << 20)); // 1 MiB above the floor
        assertThat(ingest.ingest(subject, BodyFormat.TEXT, lines(0, 1000), "10.0.0.1").accepted())
                .as("about 100 KiB fits").isEqualTo(1000);
        assertThatThrownBy(() -> ingest.ingest(subject, BodyFormat.TEXT, lines(1000, 20_000), "10.0.0.1"))
                .as("about 2 MiB would cross the floor").isInstanceOf(UnavailableException.class)
                .hasMessageContaining("below the floor").hasMessageContaining("nothing was written");
        assertThat(stored()).hasSize(1000);
    }
}
