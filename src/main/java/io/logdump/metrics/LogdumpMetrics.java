package io.logdump.metrics;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.TaskCounters;
import io.logdump.catalog.TaskCountersSource;
import io.logdump.core.SubjectId;
import io.logdump.history.FileStatus;
import io.logdump.history.HistoryAudit;
import io.logdump.ingest.IngestListener;
import io.logdump.objectstore.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logdump's metrics in the Prometheus text format, through Micrometer (the only package that
 * uses it). Counters are counted as things happen: ingest through {@link IngestListener}, uploads
 * through the buckets {@link #measure} wraps. Gauges read the state at each {@link #scrape()}:
 * files by status from the dump history, lag from the dump engine's counters, bytes from the log
 * store and the spool folder; a task or subject that is gone disappears from them. Every series
 * of a task or a subject carries its account, and {@link #scrape(String)} gives one account's.
 *
 * <pre>
 * logdump_ingest_records_total{account,logset,subject}          records stored
 * logdump_ingest_bytes_total{account,logset,subject}            bytes of their lines
 * logdump_ingest_rejected_records_total{account,logset,subject} lines rejected
 * logdump_ingest_rejected_bytes_total{account,logset,subject}   bytes of those lines
 * logdump_dump_files{account,task,status}                       files in the history (UPLOADING, SUCCEEDED, FAILED, EXPIRED)
 * logdump_dump_uploaded_bytes_total{account,task}               bytes of successful uploads
 * logdump_dump_upload_seconds{account,task}                     upload durations (summary: _count, _sum, _max)
 * logdump_dump_upload_retries_total{account,task}               uploads of a key whose previous upload failed
 * logdump_dump_lag_records{account,task}                        records stored but not dumped yet
 * logdump_dump_lag_seconds{account,task}                        age of the oldest of them
 * logdump_spool_bytes                                           bytes in the spool folder
 * logdump_store_bytes{account,logset,subject}                   bytes of the log store
 * </pre>
 * plus the JVM's memory and thread metrics. Thread-safe.
 */
public final class LogdumpMetrics implements IngestListener {
    private static final Logger LOG = LoggerFactory.getLogger(LogdumpMetrics.class);

    /**
     * Where the gauges read from.
     *
     * @param tasks the dump tasks that exist, of every account
     * @param subjects the log subjects that exist, of every account
     * @param storeBytes bytes the log store holds for a subject
     * @param spoolBytes bytes of the spool folder
     */
    public record Sources(Supplier<List<DumpTask>> tasks, TaskCountersSource counters, HistoryAudit history,
                          Supplier<List<SubjectId>> subjects, StoreBytes storeBytes, LongSupplier spoolBytes) {}

    /** Bytes the log store holds for a subject. */
    @FunctionalInterface
    public interface StoreBytes {
        long of(SubjectId subject) throws IOException;
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Sources sources;
    private final MultiGauge files;
    private final MultiGauge lagRecords;
    private final MultiGauge lagSeconds;
    private final MultiGauge storeBytes;
    private final AtomicLong spoolBytes = new AtomicLong();
    /** Per task, the keys whose last upload failed: the next upload of one is a retry, whichever path makes it. */
    private final Map<String, Set<String>> failedKeys = new ConcurrentHashMap<>();

    public LogdumpMetrics(Sources sources) {
        this.sources = sources;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        files = MultiGauge.builder("logdump.dump.files").description("Files of a dump task in the dump history, by status")
                .register(registry);
        lagRecords = MultiGauge.builder("logdump.dump.lag.records").description("Records stored but not dumped yet")
                .register(registry);
        lagSeconds = MultiGauge.builder("logdump.dump.lag").baseUnit("seconds")
                .description("Age of the oldest record not dumped yet").register(registry);
        storeBytes = MultiGauge.builder("logdump.store").baseUnit(BaseUnits.BYTES)
                .description("Bytes the log store holds for a subject").register(registry);
        Gauge.builder("logdump.spool", spoolBytes, AtomicLong::get).baseUnit(BaseUnits.BYTES)
                .description("Bytes of the spool folder: dump files being written or waiting to be uploaded").register(registry);
    }

    @Override
    public void ingested(SubjectId subject, long records, long bytes, long rejectedRecords, long rejectedBytes) {
        Tags tags = subjectTags(subject);
        registry.counter("logdump.ingest.records", tags).increment(records);
        Counter.builder("logdump.ingest").baseUnit(BaseUnits.BYTES).tags(tags).register(registry).increment(bytes);
        registry.counter("logdump.ingest.rejected.records", tags).increment(rejectedRecords);
        Counter.builder("logdump.ingest.rejected").baseUnit(BaseUnits.BYTES).tags(tags).register(registry).increment(rejectedBytes);
    }

    /** Wraps a task's bucket so that its uploads are timed and counted. */
    public ObjectStore measure(DumpTask task, ObjectStore bucket) {
        Tags tags = taskTags(task);
        return new MeasuredBucket(bucket,
                Timer.builder("logdump.dump.upload").description("Upload of a dump file").tags(tags).register(registry),
                Counter.builder("logdump.dump.uploaded").baseUnit(BaseUnits.BYTES).tags(tags).register(registry),
                Counter.builder("logdump.dump.upload.retries").tags(tags).register(registry),
                failedKeys.computeIfAbsent(task.id(), id -> ConcurrentHashMap.newKeySet()));
    }

    /** Reads the gauges' state, then gives every metric in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /**
     * As {@link #scrape()}, but with only the series of {@code account} (those of its tasks and
     * subjects) when it is not null; null gives every series of the server.
     */
    public String scrape(String account) {
        String all = scrape();
        return account == null ? all : AccountSeries.of(all, account);
    }

    private static Tags subjectTags(SubjectId subject) {
        return Tags.of("account", subject.account(), "logset", subject.logset(), "subject", subject.subject());
    }

    private static Tags taskTags(DumpTask task) {
        return Tags.of("account", task.account(), "task", task.id());
    }

    private void refresh() {
        try {
            List<DumpTask> tasks = sources.tasks().get();
            Map<String, Map<FileStatus, Long>> tallies = new HashMap<>();
            for (HistoryAudit.FileTally t : sources.history().tallies()) {
                tallies.computeIfAbsent(t.taskId(), id -> new EnumMap<>(FileStatus.class)).put(t.status(), t.files());
            }
            List<MultiGauge.Row<?>> fileRows = new ArrayList<>();
            List<MultiGauge.Row<?>> lagRecordRows = new ArrayList<>();
            List<MultiGauge.Row<?>> lagSecondRows = new ArrayList<>();
            for (DumpTask task : tasks) {
                Map<FileStatus, Long> byStatus = tallies.getOrDefault(task.id(), Map.of());
                for (FileStatus status : FileStatus.values()) {
                    if (status != FileStatus.WRITING) {
                        fileRows.add(MultiGauge.Row.of(taskTags(task).and("status", status.name()),
                                byStatus.getOrDefault(status, 0L)));
                    }
                }
                TaskCounters c = sources.counters().counters(task);
                lagRecordRows.add(MultiGauge.Row.of(taskTags(task), c.lagRecords()));
                lagSecondRows.add(MultiGauge.Row.of(taskTags(task), c.lagSeconds()));
            }
            files.register(fileRows, true);
            lagRecords.register(lagRecordRows, true);
            lagSeconds.register(lagSecondRows, true);
        } catch (RuntimeException e) {
            LOG.warn("metrics: cannot read the dump tasks' state: {}", e.toString());
        }
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (SubjectId s : sources.subjects().get()) {
                rows.add(MultiGauge.Row.of(subjectTags(s), sources.storeBytes().of(s)));
            }
            storeBytes.register(rows, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("metrics: cannot read the log store's size: {}", e.toString());
        }
        spoolBytes.set(sources.spoolBytes().getAsLong());
    }
}
