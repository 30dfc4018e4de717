package io.logdump.store;

import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where a subject's records are kept, in partitions of records numbered by offset from 0. The
 * local segment log ({@code store.local}) has one partition per subject; a Kafka topic may have
 * several. Implementations are thread-safe.
 */
public interface LogStore extends Closeable {

    /** The number of partitions of the subject (at least 1). */
    int partitions(SubjectId subject) throws IOException;

    /**
     * Appends records to a partition; when this returns they are durable as the store's fsync
     * policy says, and readable. The records' offsets are ignored.
     *
     * @return the offset given to the first record
     */
    long append(SubjectId subject, int partition, List<LogRecord> records) throws IOException;

    /**
     * Starts an append of several parts to a partition that is all or nothing: readers see none
     * of its records until {@link Append#commit}; closing it without a commit, or a part that fails,
     * leaves nothing of it. Other appends to the partition may wait until it ends, so keep the time
     * between its parts short.
     */
    Append begin(SubjectId subject, int partition) throws IOException;

    /** An append in progress (see {@link #begin}); used by one thread. */
    interface Append extends Closeable {
        /** Writes a part (not readable yet). On failure nothing of the whole append is left. */
        void add(List<LogRecord> records) throws IOException;

        /**
         * Writes a part given as slices of byte arrays (not readable yet), as {@link #add(List)}. A
         * store that can encodes them without a copy per record; this default makes the records first.
         */
        default void add(RecordSlices records) throws IOException {
            add(records.toRecords());
        }

        /** Makes every part readable, durable as the store's fsync policy says. @return the offset of the first record */
        long commit() throws IOException;

        /** Discards the parts unless committed. */
        @Override
        void close();
    }

    /**
     * Records from {@code offset} on, in offset order, about {@code maxBytes} of them (at least
     * one when there is any); empty at the end of the partition. An offset below the start (the
     * records retention deleted) reads from the start.
     */
    List<LogRecord> read(SubjectId subject, int partition, long offset, int maxBytes) throws IOException;

    /** The first offset still stored (retention deletes from the start). */
    long startOffset(SubjectId subject, int partition) throws IOException;

    /** The offset the next record will get: one past the last readable record. */
    long endOffset(SubjectId subject, int partition) throws IOException;

    /** The first offset whose record's log time is at or after {@code time}; the end offset when none is. */
    long offsetForTime(SubjectId subject, int partition, Instant time) throws IOException;

    /** What the store holds for the subject, over all partitions. */
    StoreStats stats(SubjectId subject) throws IOException;

    /** Deletes everything stored for the subject. */
    void delete(SubjectId subject) throws IOException;
}
