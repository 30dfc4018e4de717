package io.logdump.app;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.BucketDirectory;
import io.logdump.catalog.DumpLimits;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.Region;
import io.logdump.catalog.Regions;
import io.logdump.catalog.jdbc.JdbcCatalogStore;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.JsonFields;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.FileStatus;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.history.jdbc.JdbcLostRanges;
import io.logdump.store.local.LocalLogStore;
import io.logdump.testutil.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention keeps what a dump task may need; the disk limit does not, and records the loss. */
class RetentionJobTest {
    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));

    private static JsonFields body(String json) throws Exception {
        return JsonFields.of(new ObjectMapper().readTree(j(json)), "", new ArrayList<>());
    }

    /** Fills a subject with several sealed segments last written 100 hours ago. */
    private void fillOld(LocalLogStore store, SubjectId subject) throws Exception {
        for (int b = 0; b < 20; b++) {
            List<LogRecord> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                records.add(new LogRecord(-1, 1, 1, LogRecord.NONE, ("line " + b + " " + i + " padding padding").getBytes(StandardCharsets.UTF_8),
                        LogRecord.NONE));
            }
            store.append(subject, 0, records);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(clock.instant().minus(Duration.ofHours(100))));
            }
        }
    }

    @Test
    void retentionSparesSubjectsWithDumpTasksAndTheDiskLimitRecordsWhatItDeletes() throws Exception {
        Jdbi jdbi = MetadataDatabase.openEmbedded(dir);
        BucketDirectory buckets = new BucketDirectory() {
            public List<String> list(String region) {
                return List.of("archive");
            }

            public boolean exists(String region, String bucket) {
                return bucket.equals("archive");
            }

            public void create(String region, String bucket) {
            }
        };
        Regions regions = new Regions(List.of(new Region("local", "local")), buckets);
        JdbcCatalogStore catalog = new JdbcCatalogStore(jdbi);
        LogSets logSets = new LogSets(catalog, regions, clock);
        DumpTasks tasks = new DumpTasks(catalog, logSets, regions, DumpLimits.DEFAULT, clock);
        logSets.create(body("{'name':'shop','region':'local'}"));
        logSets.createSubject("shop", body("{'name':'kept'}"));
        logSets.createSubject("shop", body("{'name':'aged'}"));
        logSets.putCollection("shop", "kept", body("{'parser':{'type':'raw'}}"));
        tasks.create(body("{'name':'t','logset':'shop','subject':'kept','bucket':'archive'}"));
        SubjectId kept = new SubjectId("shop", "kept");
        SubjectId aged = new SubjectId("shop", "aged");
        JdbcLostRanges lost = new JdbcLostRanges(jdbi);
        JdbcDumpHistory history = new JdbcDumpHistory(jdbi);
        String taskId = tasks.list("shop", "kept", null).get(0).id();
        try (LocalLogStore store = new LocalLogStore(dir.resolve("store"), new LocalLogStore.Settings(100_000, true))) {
            fillOld(store, kept);
            fillOld(store, aged);

            new RetentionJob(logSets, tasks, store, lost, history, 0, clock).run();
            assertThat(store.startOffset(kept, 0)).as("a dump task may still need them").isZero();
            assertThat(store.startOffset(aged, 0)).as("older than the 72-hour retention").isPositive();
            assertThat(lost.of(kept)).isEmpty();

            long limit = store.stats(kept).bytes() / 2;
            new RetentionJob(logSets, tasks, store, lost, history, limit, clock).run();
            assertThat(store.startOffset(kept, 0)).as("the disk limit wins").isPositive();
            assertThat(lost.of(kept)).isNotEmpty();
            assertThat(lost.of(kept).get(0).fromOffset()).isZero();
            assertThat(lost.of(kept).get(0).reason()).contains("disk limit");

            List<DumpFile> shown = history.files(null, null, taskId, null, 10, null);
            assertThat(shown).as("the task had dumped nothing, so each loss is in its history").hasSize(lost.of(kept).size());
            long next = 0;
            for (int i = shown.size() - 1; i >= 0; i--) { // oldest first
                DumpFile entry = shown.get(i);
                assertThat(entry.status()).isEqualTo(FileStatus.EXPIRED);
                assertThat(entry.objectKey()).as("no object stands for it").isNull();
                assertThat(entry.fromOffset()).as("the entries cover the lost offsets without a gap").isEqualTo(next);
                assertThat(entry.records()).isEqualTo(entry.toOffset() - entry.fromOffset());
                assertThat(entry.error()).contains("deleted before this task dumped them").contains("disk limit");
                next = entry.toOffset();
            }
            assertThat(next).isEqualTo(store.startOffset(kept, 0));
        }
    }
}
