package io.logdump.store.local;

import io.logdump.core.FileTrees;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.store.DataLossListener;
import io.logdump.store.LogStore;
import io.logdump.store.StoreStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded log store: one {@link PartitionLog} (one partition) per subject under
 * {@code <root>/<account>/<logset>/<subject>/0/}. A store of the layout from before accounts is
 * moved under the default account when it opens ({@link StoreLayout}). A subject's log is opened,
 * and its active segment recovered, the first time it is used after a start. Thread-safe.
 */
public final class LocalLogStore implements LogStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLogStore.class);

    /** Segment size and fsync policy. */
    public record Settings(long segmentBytes, boolean fsync) {
        public static final Settings DEFAULT = new Settings(64L << 20, true);
    }

    private final Path root;
    private final Settings settings;
    private final Map<SubjectId, PartitionLog> logs = new ConcurrentHashMap<>();

    /** Opens the store in {@code root}, creating the folder, or moving it to the current layout. */
    public LocalLogStore(Path root, Settings settings) throws IOException {
        this.root = root;
        this.settings = settings;
        Files.createDirectories(root);
        StoreLayout.upgrade(root);
    }

    /** The folder of a subject's partitions. */
    private Path folder(SubjectId subject) {
        return root.resolve(subject.account()).resolve(subject.logset()).resolve(subject.subject());
    }

    private PartitionLog log(SubjectId subject, int partition) throws IOException {
        if (partition != 0) {
            throw new IllegalArgumentException("the local store has one partition per subject, not " + partition);
        }
        try {
            return logs.computeIfAbsent(subject, s -> {
                try {
                    return PartitionLog.open(folder(s).resolve("0"),
                            settings.segmentBytes(), settings.fsync());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public int partitions(SubjectId subject) {
        return 1;
    }

    @Override
    public long append(SubjectId subject, int partition, List<LogRecord> records) throws IOException {
        return log(subject, partition).append(records);
    }

    @Override
    public Append begin(SubjectId subject, int partition) throws IOException {
        return log(subject, partition).begin();
    }

    @Override
    public List<LogRecord> read(SubjectId subject, int partition, long offset, int maxBytes) throws IOException {
        PartitionLog log = log(subject, partition);
        return log.read(Math.max(offset, log.startOffset()), maxBytes);
    }

    @Override
    public long startOffset(SubjectId subject, int partition) throws IOException {
        return log(subject, partition).startOffset();
    }

    @Override
    public long endOffset(SubjectId subject, int partition) throws IOException {
        return log(subject, partition).endOffset();
    }

    @Override
    public long offsetForTime(SubjectId subject, int partition, Instant time) throws IOException {
        return log(subject, partition).offsetForTime(time.toEpochMilli());
    }

    @Override
    public StoreStats stats(SubjectId subject) throws IOException {
        PartitionLog log = log(subject, 0);
        long[] s = log.stats();
        long records = log.endOffset() - log.startOffset();
        return new StoreStats(records, s[0], records == 0 || s[1] == Long.MAX_VALUE ? null : Instant.ofEpochMilli(s[1]),
                records == 0 || s[2] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(s[2]));
    }

    @Override
    public void delete(SubjectId subject) throws IOException {
        PartitionLog log = logs.remove(subject);
        if (log != null) {
            log.close();
        }
        FileTrees.deleteRecursively(folder(subject));
    }

    /**
     * Deletes the subject's sealed segments whose last write is older than {@code retention},
     * but never records at or after {@code protectedFrom} (the first offset a dump task still needs).
     *
     * @return the number of segments deleted
     */
    public int enforceRetention(SubjectId subject, Duration retention, long protectedFrom, Instant now) throws IOException {
        PartitionLog log = log(subject, 0);
        int deleted = 0;
        for (Segment s : log.sealedSegments()) {
            if (s.lastModifiedMillis() >= now.minus(retention).toEpochMilli() || s.nextOffset() > protectedFrom) {
                break;
            }
            log.deleteSegment(s);
            deleted++;
            LOG.info("retention deleted offsets {}..{} of {}", s.baseOffset(), s.nextOffset() - 1, subject.qualified());
        }
        return deleted;
    }

    /**
     * Keeps the store under {@code maxBytes} by deleting the oldest sealed segments of any subject,
     * even records a dump task still needs; each such loss is told to {@code listener}.
     *
     * @param protectedFrom the first offset dump tasks still need, per subject
     */
    public void enforceDiskLimit(long maxBytes, ToLongFunction<SubjectId> protectedFrom, DataLossListener listener) throws IOException {
        record Candidate(SubjectId subject, PartitionLog log, Segment segment, long lastModified) {}
        for (SubjectId subject : subjectsOnDisk()) {
            log(subject, 0);
        }
        long total = 0;
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<SubjectId, PartitionLog> e : logs.entrySet()) {
            total += e.getValue().stats()[0];
            for (Segment s : e.getValue().sealedSegments()) {
                candidates.add(new Candidate(e.getKey(), e.getValue(), s, s.lastModifiedMillis()));
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::lastModified));
        for (Candidate c : candidates) {
            if (total <= maxBytes) {
                return;
            }
            total -= c.segment().size();
            long needed = protectedFrom.applyAsLong(c.subject());
            c.log().deleteSegment(c.segment());
            if (needed < c.segment().nextOffset()) {
                long from = Math.max(needed, c.segment().baseOffset());
                LOG.warn("disk limit: deleted offsets {}..{} of {} before every dump task had them", from, c.segment().nextOffset() - 1,
                        c.subject().qualified());
                listener.lost(c.subject(), 0, from, c.segment().nextOffset(), "the store's disk limit of " + maxBytes + " bytes was reached");
            }
        }
    }

    /** The subjects of every account that have a log folder, whether opened yet or not. */
    public List<SubjectId> subjectsOnDisk() throws IOException {
        List<SubjectId> out = new ArrayList<>();
        for (Path account : StoreLayout.topFolders(root)) {
            for (Path set : folders(account)) {
                for (Path subject : folders(set)) {
                    out.add(new SubjectId(account.getFileName().toString(), set.getFileName().toString(), subject.getFileName().toString()));
                }
            }
        }
        return out;
    }

    private static List<Path> folders(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }

    @Override
    public void close() throws IOException {
        for (PartitionLog log : logs.values()) {
            log.close();
        }
        logs.clear();
    }
}
