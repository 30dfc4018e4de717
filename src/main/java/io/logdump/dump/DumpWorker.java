package io.logdump.dump;

import io.logdump.catalog.DumpSettings;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.FormatSpec;
import io.logdump.codec.Compression;
import io.logdump.core.FileTrees;
import io.logdump.core.LogRecord;
import io.logdump.core.Strftime;
import io.logdump.core.SubjectId;
import io.logdump.dump.naming.ObjectKeys;
import io.logdump.dump.roll.OpenFileStats;
import io.logdump.dump.roll.RollPolicy;
import io.logdump.dump.roll.SizeOrIntervalPolicy;
import io.logdump.format.FormatSettings;
import io.logdump.format.Formats;
import io.logdump.format.RecordEncoder;
import io.logdump.format.RecordFormat;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.ObjectStoreException;
import io.logdump.store.LogStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dumps one partition of one task's subject, following the dump protocol of DESIGN.md:
 * <ol>
 *   <li><b>open</b> batch N at the first record after the checkpoint (recorded WRITING);</li>
 *   <li><b>write</b> records into one spool file per partition value (strftime of the log time
 *       in the task's zone), encoded and compressed as they come;</li>
 *   <li><b>seal</b> at the roll policy (size or interval): finish and fsync the spool files, and
 *       record end offset, keys, counts, sizes, time range and SHA-256 (UPLOADING);</li>
 *   <li><b>upload</b> each file under its deterministic key (atomic in both stores);</li>
 *   <li><b>commit</b>: files SUCCEEDED and the checkpoint moved to the end offset, together.</li>
 * </ol>
 * After a crash a WRITING batch is written again from its start offset with its number, and an
 * UPLOADING batch is uploaded again from its spool files (same keys, same bytes: an overwrite).
 * A file whose uploads keep failing (see {@link UploadPolicy}) becomes FAILED with its spool file
 * kept; the task goes on with the next batch. A failed step (e.g. the spool disk full) drops what
 * is only in memory and starts the next step with that same recovery.
 *
 * <p>The worker advances in {@link #step()}s of bounded work, so that many workers share a
 * small thread pool. A worker is driven by one thread at a time; {@link #requestStop()} may be
 * called from any thread.
 */
public final class DumpWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DumpWorker.class);
    static final int READ_BYTES = 4 << 20;
    static final long IDLE_POLL_MS = 200;

    /**
     * What a worker needs besides its task. {@code settings} gives a task's current settings,
     * asked at each batch opening, so a modification applies from the next file.
     */
    public record Deps(LogStore store, DumpHistory history, ObjectStore bucket, Path spoolRoot, Clock clock,
                       UploadPolicy uploads, Function<String, DumpSettings> settings) {}

    private final DumpTask task;
    private final SubjectId subject;
    private final int partition;
    private final Deps deps;
    private volatile boolean stopRequested;
    private volatile boolean exited;
    private boolean recovered;
    private long nextOffset;
    private Batch open;
    private Upload pending;
    private volatile Instant nextDumpTime;

    public DumpWorker(DumpTask task, int partition, Deps deps) {
        this.task = task;
        this.subject = task.subjectId();
        this.partition = partition;
        this.deps = deps;
    }

    /**
     * Asks the worker to stop at its next step: a batch being written is discarded (its records are
     * dumped again later); a sealed batch whose upload is pending stays UPLOADING and is uploaded
     * when the task starts again.
     */
    public void requestStop() {
        stopRequested = true;
    }

    public String taskId() {
        return task.id();
    }

    public int partition() {
        return partition;
    }

    /** Whether a stop was requested and the worker has finished its last step (its batch discarded or left for later). */
    public boolean hasExited() {
        return exited;
    }

    /** When the open batch will be sealed at the latest, or null when none is open. */
    public Instant nextDumpTime() {
        return nextDumpTime;
    }

    /**
     * Does a bounded amount of work.
     *
     * @return milliseconds until the next step is due, or -1 once the worker has stopped
     */
    public long step() throws IOException {
        if (stopRequested) {
            abortOpenBatch();
            exited = true;
            return -1;
        }
        try {
            return advance();
        } catch (IOException | RuntimeException e) {
            forgetUnfinishedWork();
            throw e;
        }
    }

    private long advance() throws IOException {
        if (!recovered) {
            recover();
            recovered = true;
        }
        if (pending != null) {
            long wait = pending.advance();
            if (pending != null) {
                return Math.min(IDLE_POLL_MS, wait);
            }
        }
        boolean moreToRead = false;
        long end = deps.store().endOffset(subject, partition);
        if (nextOffset < end) {
            List<LogRecord> records = deps.store().read(subject, partition, nextOffset, READ_BYTES);
            for (LogRecord r : records) {
                if (open == null) {
                    open = openBatch(deps.history().openBatch(task.id(), partition, nextOffset, deps.clock().instant()), nextOffset);
                }
                open.write(r);
                nextOffset = r.offset() + 1;
                if (open.policy.shouldRollOnWrite(open.stats())) {
                    finishOpenBatch();
                    break;
                }
            }
            moreToRead = nextOffset < end;
        }
        long now = deps.clock().millis();
        if (open != null && open.policy.shouldRollOnTime(open.stats(), now)) {
            finishOpenBatch();
        }
        nextDumpTime = open == null ? null : Instant.ofEpochMilli(open.policy.deadline(open.stats()));
        if (pending != null) {
            return Math.min(IDLE_POLL_MS, Math.max(1, pending.nextAttemptMs - deps.clock().millis()));
        }
        if (moreToRead) {
            return 0;
        }
        return open == null ? IDLE_POLL_MS : Math.max(0, Math.min(IDLE_POLL_MS, open.policy.deadline(open.stats()) - now));
    }

    /**
     * After a failed step (the spool disk full, the metadata database unreachable, ...): drops what
     * is only in memory, so that the next step starts with recovery from the recorded state, as
     * after a restart. An unsealed batch is written again from its start; a sealed one uploaded.
     */
    private void forgetUnfinishedWork() {
        if (open != null) {
            open.close();
            open = null;
        }
        pending = null;
        nextDumpTime = null;
        recovered = false;
    }

    /** Finishes what a previous run left: uploads a sealed batch again, or rewrites an unsealed one from its start. */
    private void recover() throws IOException {
        var unfinished = deps.history().unfinishedBatch(task.id(), partition);
        if (unfinished.isPresent() && unfinished.get().endOffset() != null) {
            DumpHistory.OpenBatch b = unfinished.get();
            LOG.info("task {} batch {}: uploading again after a restart", task.id(), b.batch());
            pending = new Upload(b.batch(), b.endOffset(), b.files());
            nextOffset = b.endOffset();
            return;
        }
        if (unfinished.isPresent()) {
            DumpHistory.OpenBatch b = unfinished.get();
            LOG.info("task {} batch {}: writing again from offset {} after a restart", task.id(), b.batch(), b.startOffset());
            FileTrees.deleteRecursively(batchDir(b.batch()));
            nextOffset = b.startOffset();
            open = openBatch(b.batch(), b.startOffset());
            return;
        }
        nextOffset = deps.history().checkpoint(task.id(), partition).orElse(firstOffset(deps.store(), task, partition));
    }

    /**
     * Where a task that never dumped starts reading a partition: {@code startFrom} now (the first
     * record logged at or after its creation), earliest, or an instant. Thread-safe.
     */
    public static long firstOffset(LogStore store, DumpTask task, int partition) throws IOException {
        SubjectId subject = task.subjectId();
        return switch (task.startFrom()) {
            case "earliest" -> store.startOffset(subject, partition);
            case "now" -> store.offsetForTime(subject, partition, task.createdAt());
            default -> store.offsetForTime(subject, partition, java.time.OffsetDateTime.parse(task.startFrom()).toInstant());
        };
    }

    /**
     * The first offset of a partition the task still needs: its checkpoint, or where it starts
     * when it never dumped, or the start of a FAILED file it may still retry, whichever is lowest.
     * Retention keeps everything from here on; the task's lag counts from here. Thread-safe.
     */
    public static long neededFrom(LogStore store, DumpHistory history, DumpTask task, int partition) throws IOException {
        var checkpoint = history.checkpoint(task.id(), partition);
        long needed = checkpoint.isPresent() ? checkpoint.getAsLong() : firstOffset(store, task, partition);
        var retryable = history.firstRetryableOffset(task.id(), partition);
        return retryable.isPresent() ? Math.min(needed, retryable.getAsLong()) : needed;
    }

    private Batch openBatch(long number, long startOffset) throws IOException {
        return new Batch(number, startOffset, deps.settings().apply(task.id()), deps.clock().millis());
    }

    private void abortOpenBatch() throws IOException {
        if (open != null) {
            open.abort();
            deps.history().discardBatch(task.id(), open.number);
            open = null;
        }
        nextDumpTime = null;
    }

    private void finishOpenBatch() throws IOException {
        List<DumpFile> files = open.seal(nextOffset);
        deps.history().sealBatch(task.id(), open.number, nextOffset, files);
        long number = open.number;
        open = null;
        pending = new Upload(number, nextOffset, files);
        pending.advance();
    }

    /**
     * Steps 4 and 5 of a sealed batch: uploads its files one after the other, each tried as the
     * {@link UploadPolicy} says, without blocking the thread between attempts (the pause is
     * measured on the clock), then commits the batch: the uploaded files SUCCEEDED, the others
     * FAILED with their spool files kept, and the checkpoint moved past the batch.
     */
    private final class Upload {
        final long batch;
        final long endOffset;
        final List<DumpFile> files;
        final List<String> uploaded = new ArrayList<>();
        int index;
        int failures;
        long nextAttemptMs = Long.MIN_VALUE;

        Upload(long batch, long endOffset, List<DumpFile> files) {
            this.batch = batch;
            this.endOffset = endOffset;
            this.files = files;
        }

        /** Tries what is due. @return milliseconds until the next attempt is due (the upload is then still pending) */
        long advance() throws IOException {
            UploadPolicy policy = deps.uploads();
            while (index < files.size()) {
                DumpFile f = files.get(index);
                if (f.status() != FileStatus.UPLOADING) {
                    index++;
                    continue;
                }
                long now = deps.clock().millis();
                if (now < nextAttemptMs) {
                    return nextAttemptMs - now;
                }
                try {
                    deps.bucket().put(f.objectKey(), Path.of(f.spoolPath()), f.contentType(), f.contentEncoding());
                    uploaded.add(f.id());
                    next();
                } catch (IOException e) { // anything else is a bug: the step fails, is logged, and the batch is uploaded again
                    failures++;
                    boolean permanent = ObjectStoreException.kindOf(e) == ObjectStoreException.Kind.PERMANENT;
                    String where = "upload of " + f.bucket() + "/" + f.objectKey();
                    if (permanent || failures >= policy.attempts()) {
                        String verdict = permanent ? " failed with a permanent error, so it was not retried: "
                                : " gave up after " + failures + " attempts: ";
                        Instant at = deps.clock().instant();
                        deps.history().fileFailed(f.id(), where + verdict + e.getMessage(), at, at.plus(policy.retryWindow()));
                        LOG.warn("task {}: file {} FAILED: {}", task.id(), f.id(), where + verdict + e.getMessage());
                        next();
                    } else {
                        Duration pause = policy.delayAfter(failures, ThreadLocalRandom.current());
                        deps.history().attemptFailed(f.id(), where + " failed (attempt " + failures + " of " + policy.attempts()
                                + ", next in " + pause.toMillis() + " ms): " + e.getMessage());
                        nextAttemptMs = now + pause.toMillis();
                    }
                }
            }
            deps.history().commitBatch(task.id(), batch, partition, endOffset, uploaded, deps.clock().instant());
            for (DumpFile f : files) {
                if (uploaded.contains(f.id())) {
                    Files.deleteIfExists(Path.of(f.spoolPath()));
                }
            }
            deleteIfEmpty(batchDir(batch));
            pending = null;
            return 0;
        }

        private void next() {
            index++;
            failures = 0;
            nextAttemptMs = Long.MIN_VALUE;
        }
    }

    private Path batchDir(long batch) {
        return deps.spoolRoot().resolve(task.id()).resolve(Long.toString(batch));
    }

    /** One open batch: a spool file per partition value. */
    private final class Batch {
        final long number;
        final long startOffset;
        final DumpSettings settings;
        final RollPolicy policy;
        final RecordFormat format;
        final Compression compression;
        final Strftime partitionFormat;
        final ZoneId zone;
        final long openedAtMs;
        final Map<String, Spool> spools = new TreeMap<>();
        /** The chunks of a text format's files on the shared encoding pool; null for Parquet, which writes its file itself. */
        final EncodedChunks chunks;
        long records;
        long lastWriteMs;
        long cachedSecond = Long.MIN_VALUE;
        String cachedPartition;

        Batch(long number, long startOffset, DumpSettings settings, long now) throws IOException {
            this.number = number;
            this.startOffset = startOffset;
            this.settings = settings;
            this.policy = new SizeOrIntervalPolicy((long) settings.maxFileSizeMB() << 20, settings.intervalSeconds() * 1000L);
            this.format = Formats.of(formatSettings(settings.format()));
            this.compression = format.compressesInternally() ? Compression.NONE : Compression.of(settings.compression());
            this.partitionFormat = Strftime.compile(settings.partitionFormat());
            this.zone = ZoneId.of(settings.timeZone());
            this.openedAtMs = now;
            this.chunks = format.compressesInternally() ? null : new EncodedChunks();
            Files.createDirectories(batchDir(number));
        }

        void write(LogRecord r) throws IOException {
            long second = Math.floorDiv(r.logTime(), 1000);
            if (second != cachedSecond) {
                cachedPartition = partitionFormat.format(Instant.ofEpochSecond(second), zone);
                cachedSecond = second;
            }
            Spool spool = spools.get(cachedPartition);
            if (spool == null) {
                spool = new Spool(batchDir(number).resolve(spools.size() + format.extension() + compression.extension()));
                spools.put(cachedPartition, spool);
            }
            spool.write(r);
            records++;
            lastWriteMs = deps.clock().millis();
        }

        OpenFileStats stats() {
            long bytes = 0;
            for (Spool s : spools.values()) {
                bytes += s.encoder.uncompressedBytes();
            }
            return new OpenFileStats(bytes, records, openedAtMs, lastWriteMs);
        }

        /** Step 3: finishes, forces and describes every spool file. */
        List<DumpFile> seal(long endOffset) throws IOException {
            List<DumpFile> files = new ArrayList<>();
            Instant now = deps.clock().instant();
            int index = 0;
            for (Map.Entry<String, Spool> e : spools.entrySet()) {
                Spool s = e.getValue();
                s.encoder.finish();
                try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                String key = ObjectKeys.key(settings.prefix(), settings.partitionFormat(), e.getKey(), task.id(), number,
                        format.extension() + compression.extension());
                files.add(new DumpFile(task.id() + "-" + number + "-" + index++, task.id(), number, partition, task.account(),
                        task.logset(), task.subject(), task.bucket(), key, FileStatus.UPLOADING, s.records, s.encoder.conversionNulls(),
                        s.encoder.uncompressedBytes(), Files.size(s.path), s.sha256(), Instant.ofEpochMilli(s.minLogTime),
                        Instant.ofEpochMilli(s.maxLogTime), now, null, 0, null, null, startOffset, endOffset, s.path.toString(),
                        format.contentType(), compression.contentEncoding()));
            }
            forceDirectory(batchDir(number));
            return files;
        }

        void abort() throws IOException {
            close();
            FileTrees.deleteRecursively(batchDir(number));
        }

        /** Closes the spool files, whatever their state (the batch is thrown away or written again). */
        void close() {
            if (chunks != null) {
                chunks.abandon();
            }
            for (Spool s : spools.values()) {
                try {
                    s.encoder.finish();
                } catch (IOException | RuntimeException ignored) {
                    // the batch is thrown away
                }
            }
        }

        /** One file being written. */
        final class Spool {
            final Path path;
            final RecordEncoder encoder;
            long records;
            long minLogTime = Long.MAX_VALUE;
            long maxLogTime = Long.MIN_VALUE;

            /** The digest of the bytes written to the file, as they are written; null when the format writes the file itself. */
            final MessageDigest digest;

            Spool(Path path) throws IOException {
                this.path = path;
                if (format.compressesInternally()) {
                    this.digest = null;
                    this.encoder = format.open(null, path, settings.compression());
                } else {
                    this.digest = newSha256();
                    OutputStream file = new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(path), digest), 256 << 10);
                    this.encoder = chunks.open(file, format, compression);
                }
            }

            /** The SHA-256 of the finished file: from the bytes as they were written, or read back when the format wrote it. */
            String sha256() throws IOException {
                return digest != null ? HexFormat.of().formatHex(digest.digest()) : DumpWorker.sha256(path);
            }

            void write(LogRecord r) throws IOException {
                encoder.write(r);
                records++;
                minLogTime = Math.min(minLogTime, r.logTime());
                maxLogTime = Math.max(maxLogTime, r.logTime());
            }
        }
    }

    /**
     * The object key a worker with {@code settings} gives the file of batch {@code batch} of task
     * {@code taskId} that holds a record logged at {@code logTime}: the same computation as a real
     * batch's, so an example shown before a task exists is the key it will write.
     */
    public static String exampleKey(DumpSettings settings, String taskId, long batch, Instant logTime) {
        RecordFormat format = Formats.of(formatSettings(settings.format()));
        Compression compression = format.compressesInternally() ? Compression.NONE : Compression.of(settings.compression());
        String partition = Strftime.compile(settings.partitionFormat()).format(logTime, ZoneId.of(settings.timeZone()));
        return ObjectKeys.key(settings.prefix(), settings.partitionFormat(), partition, taskId, batch,
                format.extension() + compression.extension());
    }

    static FormatSettings formatSettings(FormatSpec spec) {
        List<FormatSettings.Column> columns = spec.columns() == null ? List.of()
                : spec.columns().stream().map(c -> new FormatSettings.Column(c.name(), c.type())).toList();
        return new FormatSettings(spec.type(), columns, spec.delimiter() == null ? ',' : spec.delimiter().charAt(0),
                spec.header() == null || spec.header());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buf = new byte[256 << 10];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every platform can force a directory
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a failed file's spool is still in it
        }
    }
}
