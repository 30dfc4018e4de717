package io.logdump.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.catalog.DumpSettings;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.FormatSpec;
import io.logdump.catalog.TaskCounters;
import io.logdump.catalog.TaskStatus;
import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.FileStatus;
import io.logdump.history.HistoryAudit;
import io.logdump.testutil.FakeObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics of two accounts with the same names: each series names its account, and one account's text holds only its own. */
class LogdumpMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path dir;

    private static DumpTask task(String account, String id) {
        return new DumpTask(id, account, "t", "shop", "app", "archive",
                new DumpSettings("shop/app/", "%Y/%m/%d", "UTC", 5, 60, FormatSpec.JSON, "none"), 0, "earliest",
                TaskStatus.RUNNING, T0, T0, T0);
    }

    @Test
    void oneAccountsScrapeHoldsItsOwnSeriesOnly() throws Exception {
        List<DumpTask> tasks = List.of(task("alpha", "dt-aaaaaaaa"), task("beta", "dt-bbbbbbbb"));
        List<SubjectId> subjects = List.of(new SubjectId("alpha", "shop", "app"), new SubjectId("beta", "shop", "app"));
        HistoryAudit history = new HistoryAudit() {
            public List<Batch> batches(String taskId) {
                return List.of();
            }

            public List<DumpFile> files(String taskId) {
                return List.of();
            }

            public List<FileTally> tallies() {
                return List.of(new FileTally("dt-aaaaaaaa", FileStatus.SUCCEEDED, 3, 30),
                        new FileTally("dt-bbbbbbbb", FileStatus.FAILED, 1, 10));
            }
        };
        LogdumpMetrics metrics = new LogdumpMetrics(new LogdumpMetrics.Sources(() -> tasks,
                t -> new TaskCounters(0, 0, 0, 0, t.account().equals("alpha") ? 7 : 9, 0, null), history, () -> subjects,
                s -> s.account().equals("alpha") ? 100 : 200, () -> 5));
        metrics.ingested(subjects.get(0), 4, 40, 1, 10);
        metrics.ingested(subjects.get(1), 6, 60, 0, 0);
        Path file = Files.writeString(dir.resolve("f"), "x".repeat(11));
        metrics.measure(tasks.get(0), new FakeObjectStore()).put("k", file, null, null);

        String all = metrics.scrape(null);
        assertThat(all).contains("logdump_ingest_records_total{account=\"alpha\",logset=\"shop\",subject=\"app\"} 4.0")
                .contains("logdump_ingest_records_total{account=\"beta\",logset=\"shop\",subject=\"app\"} 6.0")
                .contains("logdump_dump_lag_records{account=\"beta\",task=\"dt-bbbbbbbb\"} 9.0")
                .contains("logdump_spool_bytes 5.0")
                .contains("jvm_memory_used_bytes");
        assertThat(metrics.scrape()).as("the whole server").contains("account=\"alpha\"").contains("account=\"beta\"");

        String alpha = metrics.scrape("alpha");
        assertThat(alpha).contains("logdump_ingest_records_total{account=\"alpha\",logset=\"shop\",subject=\"app\"} 4.0")
                .contains("logdump_store_bytes{account=\"alpha\",logset=\"shop\",subject=\"app\"} 100.0")
                .contains("logdump_dump_files{account=\"alpha\",status=\"SUCCEEDED\",task=\"dt-aaaaaaaa\"} 3.0")
                .contains("logdump_dump_lag_records{account=\"alpha\",task=\"dt-aaaaaaaa\"} 7.0")
                .contains("logdump_dump_uploaded_bytes_total{account=\"alpha\",task=\"dt-aaaaaaaa\"} 11.0")
                .contains("# TYPE logdump_ingest_records_total counter")
                .doesNotContain("beta").doesNotContain("dt-bbbbbbbb")
                .as("the server's own series belong to no account").doesNotContain("logdump_spool_bytes").doesNotContain("jvm_");
        assertThat(alpha.lines().filter(l -> !l.startsWith("#"))).allMatch(l -> l.contains("account=\"alpha\""));
        assertThat(alpha).as("a family none of whose series is the account's is left out whole, its header too")
                .doesNotContain("# TYPE logdump_spool_bytes").doesNotContain("# HELP jvm_");
        assertThat(metrics.scrape("nobody")).isEmpty();
    }

    @Test
    void aLabelIsReadWithItsEscapesWhereverItIsInTheSample() {
        assertThat(AccountSeries.label("m{a=\"x\",account=\"b\\\"c\\\\d\\ne\"} 1.0", "account")).isEqualTo("b\"c\\d\ne");
        assertThat(AccountSeries.label("m{logset=\"account=\\\"alpha\\\"\",account=\"beta\"} 1.0", "account"))
                .as("a value that looks like the label is not the label").isEqualTo("beta");
        assertThat(AccountSeries.label("m 1.0", "account")).isNull();
        assertThat(AccountSeries.label("m{task=\"t\"} 1.0", "account")).isNull();
        assertThat(AccountSeries.of("# HELP m x\n# TYPE m gauge\nm{account=\"a\\\"\"} 1.0\nm{account=\"a\"} 2.0\n", "a"))
                .isEqualTo("# HELP m x\n# TYPE m gauge\nm{account=\"a\"} 2.0\n");
    }
}
