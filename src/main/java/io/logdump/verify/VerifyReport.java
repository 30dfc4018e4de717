package io.logdump.verify;

import java.time.Instant;
import java.util.List;

/**
 * What {@link TaskVerifier} found for one dump task: counts, the offset ranges its files cover,
 * and every discrepancy. {@code ok} is true exactly when there is no discrepancy; records stored
 * but not dumped yet ({@code pendingRecords}) are not one.
 *
 * @param from the window's start (log time, inclusive), or null for the task's whole history
 * @param to the window's end (log time, exclusive), or null
 */
public record VerifyReport(String taskId, String bucket, Instant from, Instant to, boolean ok, Counts counts,
                           List<Range> ranges, List<Discrepancy> discrepancies, List<String> notes) {

    /**
     * @param files SUCCEEDED files checked
     * @param bytes bytes of their objects read back
     * @param expectedRecords records of those files according to the history
     * @param decodedRecords records found by decoding the objects
     * @param batches committed batches whose offset ranges were checked
     * @param comparedBatches batches whose files' records were compared with the log store's
     * @param pendingRecords records after the last committed batch: stored, not dumped yet
     */
    public record Counts(long files, long bytes, long expectedRecords, long decodedRecords, long batches,
                         long comparedBatches, long missing, long changed, long extra, long gaps, long duplicates,
                         long content, long failed, long pendingRecords) {}

    /** Offsets {@code [fromOffset, toOffset)} of a partition that the checked batches cover without a break. */
    public record Range(int partition, long fromOffset, long toOffset) {}

    /**
     * One problem. {@code objectKey} and {@code fileId} name the file when there is one;
     * {@code partition}, {@code fromOffset} and {@code toOffset} the offsets when it is about a range.
     */
    public record Discrepancy(Kind kind, String objectKey, String fileId, Integer partition, Long fromOffset,
                              Long toOffset, String detail) {}

    /** The kinds of discrepancy. */
    public enum Kind {
        /** A SUCCEEDED file's object is not in the bucket. */
        MISSING,
        /** The object's SHA-256 or size differs from what the history recorded. */
        CHANGED,
        /** The object does not decompress or decode. */
        UNREADABLE,
        /** An object, or a batch, holds another number of records than its offsets and the history say. */
        RECORDS,
        /** The records of a batch's files are not the log store's records at the batch's offsets. */
        CONTENT,
        /** An object of the task in the bucket that no SUCCEEDED file of the history accounts for. */
        EXTRA,
        /** Offsets between batches that no batch covers. */
        GAP,
        /** Offsets covered by more than one batch, so their records are in the bucket more than once. */
        DUPLICATE,
        /** A FAILED or EXPIRED file: its records are not in the bucket. */
        FAILED
    }
}
