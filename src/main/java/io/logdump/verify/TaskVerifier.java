package io.logdump.verify;

import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.FormatSpec;
import io.logdump.codec.Compression;
import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.format.FormatSettings;
import io.logdump.format.Formats;
import io.logdump.format.RecordCounter;
import io.logdump.format.RecordEncoder;
import io.logdump.history.DumpFile;
import io.logdump.history.FileStatus;
import io.logdump.history.HistoryAudit;
import io.logdump.history.LostRange;
import io.logdump.objectstore.ObjectStore;
import io.logdump.store.LogStore;
import io.logdump.verify.VerifyReport.Discrepancy;
import io.logdump.verify.VerifyReport.Kind;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a dump task's bucket against its dump history and its subject's log store, and reports
 * every discrepancy ({@link VerifyReport.Kind}):
 * <ol>
 *   <li>every SUCCEEDED file's object is read back whole: its size and SHA-256 must be the ones
 *       sealed in the history, and once decompressed and decoded ({@link RecordCounter}) it must
 *       hold the history's number of records;</li>
 *   <li>the committed batches of each partition must cover the offsets from the task's first
 *       offset on without a gap or an overlap, and the files of each batch must hold exactly as
 *       many records as the batch has offsets (less the ranges the log store recorded as lost);</li>
 *   <li>for json and raw files, whose records are lines, the lines of a batch's files must be, as
 *       a multiset ({@link LineFingerprint}), the log store's records of the batch's offsets
 *       encoded again in that format, while the log store still holds them;</li>
 *   <li>every object of the task in the bucket (a file name {@code ..._<taskId>_<batch>.<ext>}
 *       under the task's prefixes) must be a SUCCEEDED file of the history.</li>
 * </ol>
 * Objects of other tasks and of other names under the same prefix are not looked at. A window
 * ({@code from}, {@code to}: log time) limits the check to the batches that have a file whose
 * log-time range meets it, and the range check to the offsets between the first and the last of
 * them; the bucket is still listed whole for extra objects, whose log time cannot be known.
 *
 * <p>This runs in the server, which alone may open the history and the log store while it runs;
 * objects are streamed (memory stays bounded whatever their size). Parquet files are checked by
 * size and SHA-256 only, csv files also by their record count. Thread-safe; one check reads its
 * objects one after the other.
 */
public final class TaskVerifier {
    /** The formats whose records are lines that {@link #compareWithStore} can compare. */
    private static final Set<String> LINE_FORMATS = Set.of("json", "raw");

    private final DumpTasks tasks;
    private final LogStore store;
    private final HistoryAudit history;
    private final Function<DumpTask, ObjectStore> buckets;

    /**
     * The records the log store deleted before a task dumped them are the lost-range entries of
     * the task's own history; records it had dumped before retention deleted them are checked by
     * counts and checksums only, and are never a discrepancy.
     *
     * @param buckets the bucket a task writes to
     */
    public TaskVerifier(DumpTasks tasks, LogStore store, HistoryAudit history, Function<DumpTask, ObjectStore> buckets) {
        this.tasks = tasks;
        this.store = store;
        this.history = history;
        this.buckets = buckets;
    }

    /**
     * Checks the files of the account's task, or those meeting the window {@code [from, to)} of
     * log time (either may be null).
     *
     * @throws io.logdump.core.NotFoundException when the account has no such task
     * @throws IOException when the bucket or the log store cannot be read
     */
    public VerifyReport verify(String account, String taskId, Instant from, Instant to) throws IOException {
        return new Check(tasks.get(account, taskId), from, to).run();
    }

    /** One run of the check: what it has found so far. */
    private final class Check {
        final DumpTask task;
        final Instant from;
        final Instant to;
        final boolean whole;
        final SubjectId subject;
        final ObjectStore bucket;
        final List<Discrepancy> found = new ArrayList<>();
        final Set<String> notes = new LinkedHashSet<>();
        final List<VerifyReport.Range> ranges = new ArrayList<>();
        long files;
        long bytes;
        long expectedRecords;
        long decodedRecords;
        long batches;
        long compared;
        long pending;

        Check(DumpTask task, Instant from, Instant to) {
            this.task = task;
            this.from = from;
            this.to = to;
            this.whole = from == null && to == null;
            this.subject = task.subjectId();
            this.bucket = buckets.apply(task);
        }

        VerifyReport run() throws IOException {
            List<DumpFile> entries = history.files(task.id());
            List<DumpFile> all = entries.stream().filter(f -> !f.isLostRange()).toList();
            Map<Long, List<DumpFile>> filesByBatch = new HashMap<>();
            all.forEach(f -> filesByBatch.computeIfAbsent(f.batch(), b -> new ArrayList<>()).add(f));
            Map<Integer, List<HistoryAudit.Batch>> committed = new TreeMap<>();
            for (HistoryAudit.Batch b : history.batches(task.id())) {
                if (b.committed() && b.endOffset() != null) {
                    committed.computeIfAbsent(b.partition(), p -> new ArrayList<>()).add(b);
                }
            }
            List<LostRange> lost = entries.stream().filter(DumpFile::isLostRange).map(f -> new LostRange(subject, f.partition(),
                    f.fromOffset(), f.toOffset(), f.createdAt(), f.error())).toList();
            int partitions = store.partitions(subject);
            for (int p = 0; p < partitions; p++) {
                List<HistoryAudit.Batch> list = new ArrayList<>(committed.getOrDefault(p, List.of()));
                list.sort(Comparator.comparingLong(HistoryAudit.Batch::startOffset).thenComparingLong(HistoryAudit.Batch::batch));
                List<HistoryAudit.Batch> checked = inWindow(list, filesByBatch);
                checkRanges(p, checked, lostIn(lost, p));
                for (HistoryAudit.Batch b : checked) {
                    checkBatch(b, filesByBatch.getOrDefault(b.batch(), List.of()), lostIn(lost, p));
                }
                batches += checked.size();
            }
            checkExtraObjects(all);
            long count = found.size();
            VerifyReport.Counts counts = new VerifyReport.Counts(files, bytes, expectedRecords, decodedRecords, batches, compared,
                    count(Kind.MISSING), count(Kind.CHANGED), count(Kind.EXTRA), count(Kind.GAP), count(Kind.DUPLICATE),
                    count(Kind.CONTENT),
                    count(Kind.FAILED), pending);
            return new VerifyReport(task.id(), task.bucket(), from, to, count == 0, counts, ranges, found, List.copyOf(notes));
        }

        private long count(Kind kind) {
            return found.stream().filter(d -> d.kind() == kind).count();
        }

        /** The batches to check: all, or those from the first to the last one with a file meeting the window. */
        private List<HistoryAudit.Batch> inWindow(List<HistoryAudit.Batch> list, Map<Long, List<DumpFile>> filesByBatch) {
            if (whole) {
                return list;
            }
            int first = -1;
            int last = -1;
            for (int i = 0; i < list.size(); i++) {
                if (filesByBatch.getOrDefault(list.get(i).batch(), List.of()).stream().anyMatch(this::meetsWindow)) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            return first < 0 ? List.of() : list.subList(first, last + 1);
        }

        private boolean meetsWindow(DumpFile f) {
            return (from == null || f.maxLogTime() == null || !f.maxLogTime().isBefore(from))
                    && (to == null || f.minLogTime() == null || f.minLogTime().isBefore(to));
        }

        /** Gaps and overlaps between the batches of a partition, sorted by start offset. */
        private void checkRanges(int partition, List<HistoryAudit.Batch> list, List<LostRange> lost) throws IOException {
            long first = whole ? firstOffset(partition) : 0;
            Long expected = whole && first > store.startOffset(subject, partition) ? first : null;
            if (list.isEmpty()) {
                if (whole) {
                    pending += Math.max(0, store.endOffset(subject, partition) - first);
                }
                return;
            }
            long rangeStart = list.get(0).startOffset();
            if (expected != null && expected < rangeStart) {
                gap(partition, expected, rangeStart, lost);
            }
            long end = list.get(0).startOffset();
            for (HistoryAudit.Batch b : list) {
                if (b.startOffset() > end) {
                    ranges.add(new VerifyReport.Range(partition, rangeStart, end));
                    gap(partition, end, b.startOffset(), lost);
                    rangeStart = b.startOffset();
                } else if (b.startOffset() < end) {
                    long overlapEnd = Math.min(end, b.endOffset());
                    found.add(new Discrepancy(Kind.DUPLICATE, null, null, partition, b.startOffset(), overlapEnd,
                            "offsets " + b.startOffset() + "–" + overlapEnd + " of partition " + partition + " are in batch "
                                    + b.batch() + " and in an earlier batch, so " + (overlapEnd - b.startOffset())
                                    + " records are in the bucket twice"));
                }
                end = Math.max(end, b.endOffset());
            }
            ranges.add(new VerifyReport.Range(partition, rangeStart, end));
            if (whole) {
                pending += Math.max(0, store.endOffset(subject, partition) - end);
            }
        }

        private void gap(int partition, long start, long end, List<LostRange> lost) {
            long lostCount = overlap(lost, start, end);
            String why = lostCount == end - start ? "; the log store deleted them before they were dumped ("
                    + lost.stream().filter(r -> r.fromOffset() < end && r.toOffset() > start).map(LostRange::reason).distinct()
                    .reduce((a, b) -> a + "; " + b).orElse("") + ")" : "";
            found.add(new Discrepancy(Kind.GAP, null, null, partition, start, end, "offsets " + start + "–" + end
                    + " of partition " + partition + " (" + (end - start) + " records) are in no batch" + why));
        }

        /**
         * Where the task's first batch starts, as its worker computes it from {@code startFrom}; at
         * least the log store's start (records before it are gone, the store cannot tell more).
         */
        private long firstOffset(int partition) throws IOException {
            long start = store.startOffset(subject, partition);
            return switch (task.startFrom()) {
                case "earliest" -> start;
                case "now" -> Math.max(start, store.offsetForTime(subject, partition, task.createdAt()));
                default -> Math.max(start, store.offsetForTime(subject, partition, OffsetDateTime.parse(task.startFrom()).toInstant()));
            };
        }

        private void checkBatch(HistoryAudit.Batch b, List<DumpFile> batchFiles, List<LostRange> lost) throws IOException {
            long inFiles = 0;
            LineFingerprint dumped = new LineFingerprint();
            String lineFormat = null;
            boolean comparable = !batchFiles.isEmpty();
            for (DumpFile f : batchFiles) {
                inFiles += f.records();
                if (f.status() == FileStatus.SUCCEEDED) {
                    String type = formatType(f.objectKey());
                    LineFingerprint lines = LINE_FORMATS.contains(type) ? new LineFingerprint() : null;
                    boolean clean = checkObject(f, type, lines);
                    comparable &= clean && lines != null && (lineFormat == null || lineFormat.equals(type));
                    lineFormat = type;
                    if (lines != null) {
                        dumped.add(lines);
                    }
                } else {
                    comparable = false;
                    if (f.status() == FileStatus.FAILED || f.status() == FileStatus.EXPIRED) {
                        found.add(new Discrepancy(Kind.FAILED, f.objectKey(), f.id(), b.partition(), b.startOffset(), b.endOffset(),
                                "file " + f.id() + " is " + f.status() + ", so its " + f.records() + " records are not in the bucket"
                                        + (f.error() == null ? "" : ": " + f.error())));
                    }
                }
            }
            long expected = b.endOffset() - b.startOffset() - overlap(lost, b.startOffset(), b.endOffset());
            if (inFiles != expected) {
                found.add(new Discrepancy(Kind.RECORDS, null, null, b.partition(), b.startOffset(), b.endOffset(),
                        "batch " + b.batch() + " covers offsets " + b.startOffset() + "–" + b.endOffset() + " (" + expected
                                + " records) but its files hold " + inFiles));
            } else if (comparable) {
                compareWithStore(b, lineFormat, dumped);
            }
        }

        /**
         * Encodes the log store's records of the batch's offsets as the files' format did and
         * compares them, as a multiset of lines, with the lines read from the files.
         */
        private void compareWithStore(HistoryAudit.Batch b, String type, LineFingerprint dumped) throws IOException {
            if (store.startOffset(subject, b.partition()) > b.startOffset()) {
                notes.add("batches whose records the log store no longer holds are compared by counts only");
                return;
            }
            LineFingerprint stored = new LineFingerprint();
            RecordEncoder encoder = Formats.of(new FormatSettings(type, List.of(), ',', false)).open(stored.sink(), null, null);
            long offset = b.startOffset();
            while (offset < b.endOffset()) {
                List<LogRecord> records = store.read(subject, b.partition(), offset, 4 << 20);
                if (records.isEmpty()) {
                    break;
                }
                for (LogRecord r : records) {
                    if (r.offset() >= b.endOffset()) {
                        break;
                    }
                    encoder.write(r);
                }
                offset = records.get(records.size() - 1).offset() + 1;
            }
            encoder.finish();
            compared++;
            if (!stored.sameLines(dumped)) {
                found.add(new Discrepancy(Kind.CONTENT, null, null, b.partition(), b.startOffset(), b.endOffset(),
                        "the records in the files of batch " + b.batch() + " are not the log store's records at offsets "
                                + b.startOffset() + "–" + b.endOffset() + " (" + dumped.lines() + " lines against "
                                + stored.lines() + ")"));
            }
        }

        /**
         * Reads one SUCCEEDED file's object back: SHA-256, size, and its records once decoded (their
         * lines into {@code lines} when not null). True when nothing is wrong with it.
         */
        private boolean checkObject(DumpFile f, String type, LineFingerprint lines) throws IOException {
            files++;
            expectedRecords += f.records();
            boolean countable = type != null && RecordCounter.canCount(type);
            if (!countable) {
                notes.add(type == null ? "files of an unknown format (" + f.objectKey() + ") are checked by size and SHA-256 only"
                        : type + " files are checked by size and SHA-256 only");
            }
            MessageDigest sha = sha256();
            long size;
            long decoded = -1;
            String decodeError = null;
            try (Counting in = new Counting(new DigestInputStream(new BufferedInputStream(bucket.get(f.objectKey()), 256 << 10), sha))) {
                if (countable) {
                    try {
                        InputStream plain = Compression.ofFileName(f.objectKey()).unwrap(in.shield());
                        decoded = RecordCounter.count(settings(type), lines == null ? plain : lines.tee(plain));
                    } catch (IOException | RuntimeException e) {
                        decodeError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    }
                }
                in.transferTo(OutputStream.nullOutputStream());
                size = in.count;
            } catch (NoSuchFileException e) {
                found.add(new Discrepancy(Kind.MISSING, f.objectKey(), f.id(), f.partition(), null, null,
                        "object " + f.objectKey() + " of file " + f.id() + " (" + f.records() + " records) is not in bucket " + f.bucket()));
                return false;
            }
            bytes += size;
            if (decoded >= 0) {
                decodedRecords += decoded;
            }
            String hex = java.util.HexFormat.of().formatHex(sha.digest());
            String decoding = decodeError != null ? "it does not decode: " + decodeError
                    : decoded >= 0 ? "it decodes to " + decoded + " records, the history says " + f.records() : null;
            if (!hex.equals(f.sha256()) || size != f.storedBytes()) {
                found.add(new Discrepancy(Kind.CHANGED, f.objectKey(), f.id(), f.partition(), null, null,
                        "object " + f.objectKey() + " has SHA-256 " + hex + " and " + size + " bytes, the history sealed "
                                + f.sha256() + " and " + f.storedBytes() + " bytes" + (decoding == null ? "" : "; " + decoding)));
            } else if (decodeError != null) {
                found.add(new Discrepancy(Kind.UNREADABLE, f.objectKey(), f.id(), f.partition(), null, null,
                        "object " + f.objectKey() + " is as sealed but " + decoding));
            } else if (decoded >= 0 && decoded != f.records()) {
                found.add(new Discrepancy(Kind.RECORDS, f.objectKey(), f.id(), f.partition(), null, null,
                        "object " + f.objectKey() + ": " + decoding));
            } else {
                return true;
            }
            return false;
        }

        /** Objects named as files of this task under its prefixes that no SUCCEEDED file accounts for. */
        private void checkExtraObjects(List<DumpFile> all) throws IOException {
            Set<String> succeeded = new HashSet<>();
            Map<String, DumpFile> others = new HashMap<>();
            for (DumpFile f : all) {
                if (f.status() == FileStatus.SUCCEEDED) {
                    succeeded.add(f.objectKey());
                } else {
                    others.put(f.objectKey(), f);
                }
            }
            Pattern ours = Pattern.compile("(?:.*_)?" + Pattern.quote(task.id()) + "_\\d+(?:\\.[^/]*)?");
            for (String prefix : listPrefixes(all)) {
                for (String key : bucket.list(prefix)) {
                    String name = key.substring(key.lastIndexOf('/') + 1);
                    if (succeeded.contains(key) || !ours.matcher(name).matches()) {
                        continue;
                    }
                    DumpFile other = others.get(key);
                    found.add(new Discrepancy(Kind.EXTRA, key, other == null ? null : other.id(), null, null, null,
                            "object " + key + " is named as a file of task " + task.id() + " but "
                                    + (other == null ? "no file of its history has that key" : "its file " + other.id() + " is " + other.status())));
                }
            }
        }

        /** The task's current prefix and the folders of its files, without one inside another. */
        private List<String> listPrefixes(List<DumpFile> all) {
            TreeSet<String> candidates = new TreeSet<>();
            String prefix = task.settings().prefix();
            candidates.add(prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
            all.forEach(f -> candidates.add(f.objectKey().substring(0, f.objectKey().lastIndexOf('/') + 1)));
            List<String> kept = new ArrayList<>();
            for (String c : candidates) {
                if (kept.isEmpty() || !c.startsWith(kept.get(kept.size() - 1))) {
                    kept.add(c);
                }
            }
            return kept;
        }

        /** The format of a file from its key's extension: json, raw, csv, parquet, or null. */
        private String formatType(String key) {
            String name = key.substring(0, key.length() - Compression.ofFileName(key).extension().length());
            if (name.endsWith(".json")) {
                return "json";
            } else if (name.endsWith(".log")) {
                return "raw";
            } else if (name.endsWith(".csv")) {
                return "csv";
            } else if (name.endsWith(".parquet")) {
                return "parquet";
            }
            return null;
        }

        /** Settings to count a file of {@code type}: for csv, whether it has a header, from the task's current format. */
        private FormatSettings settings(String type) {
            FormatSpec spec = task.settings().format();
            boolean header = !"csv".equals(spec.type()) || spec.header() == null || spec.header();
            if ("csv".equals(type) && !"csv".equals(spec.type())) {
                notes.add("csv files are counted as having a header line, as the task's format is no longer csv");
            }
            return new FormatSettings(type, List.of(), ',', header);
        }
    }

    private static List<LostRange> lostIn(List<LostRange> lost, int partition) {
        return lost.stream().filter(r -> r.partition() == partition).toList();
    }

    /** How many offsets of {@code [start, end)} the lost ranges hold. */
    private static long overlap(List<LostRange> lost, long start, long end) {
        long n = 0;
        for (LostRange r : lost) {
            n += Math.max(0, Math.min(end, r.toOffset()) - Math.max(start, r.fromOffset()));
        }
        return n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes read; {@link #shield()} gives a view whose close leaves this stream open. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        /** Reads what it skips, so that the digest sees every byte. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            int read = buf.length == 0 ? 0 : read(buf, 0, buf.length);
            return Math.max(read, 0);
        }

        InputStream shield() {
            return new FilterInputStream(this) {
                @Override
                public void close() {
                    // the digest still needs the rest
                }
            };
        }
    }
}
