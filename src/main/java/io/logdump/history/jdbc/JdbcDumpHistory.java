package io.logdump.history.jdbc;

import io.logdump.core.SubjectId;
import io.logdump.history.DumpFile;
import io.logdump.history.DumpHistory;
import io.logdump.history.FileStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import io.logdump.history.BatchStatus;
import io.logdump.history.StaleStateException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The dump history in the metadata database (SQLite or PostgreSQL). Every state change of a batch
 * or a file is one guarded UPDATE that names the state it expects ({@code ... AND status = ?}) and
 * the transition is checked against {@link BatchStatus#canMoveTo} / {@link FileStatus#canMoveTo};
 * when no row changes, a {@link StaleStateException} is thrown and the transaction rolls back.
 * Thread-safe.
 */
public final class JdbcDumpHistory implements DumpHistory {
    private final Jdbi jdbi;

    public JdbcDumpHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public OptionalLong checkpoint(String taskId, int partition) {
        return jdbi.withHandle(h -> h.createQuery("SELECT next_offset FROM dump_checkpoints WHERE task_id = ? AND partition_no = ?")
                .bind(0, taskId).bind(1, partition).mapTo(Long.class).findOne())
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public OptionalLong firstRetryableOffset(String taskId, int partition) {
        Long first = jdbi.withHandle(h -> h.createQuery("SELECT MIN(from_offset) FROM dump_files WHERE task_id = ? AND partition_no = ? "
                        + "AND (status = ? OR (status = ? AND failed_at IS NOT NULL))")
                .bind(0, taskId).bind(1, partition).bind(2, FileStatus.FAILED.name()).bind(3, FileStatus.UPLOADING.name())
                .mapTo(Long.class).findOne().orElse(null));
        return first == null ? OptionalLong.empty() : OptionalLong.of(first);
    }

    @Override
    public Optional<OpenBatch> unfinishedBatch(String taskId, int partition) {
        return jdbi.withHandle(h -> {
            Optional<long[]> row = h.createQuery("SELECT batch, start_offset, end_offset FROM dump_batches "
                            + "WHERE task_id = ? AND partition_no = ? AND status IN (?, ?) ORDER BY batch")
                    .bind(0, taskId).bind(1, partition).bind(2, BatchStatus.WRITING.name()).bind(3, BatchStatus.UPLOADING.name())
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getObject(3) == null ? -1 : rs.getLong(3)})
                    .findFirst();
            if (row.isEmpty()) {
                return Optional.empty();
            }
            long[] r = row.get();
            List<DumpFile> files = h.createQuery("SELECT * FROM dump_files WHERE task_id = ? AND batch = ? ORDER BY id")
                    .bind(0, taskId).bind(1, r[0]).map((rs, ctx) -> file(rs)).list();
            return Optional.of(new OpenBatch(r[0], r[1], r[2] < 0 ? null : r[2], files));
        });
    }

    @Override
    public long openBatch(String taskId, int partition, long startOffset, Instant now) {
        return jdbi.inTransaction(h -> {
            long batch = h.createQuery("SELECT COALESCE(MAX(batch), 0) + 1 FROM dump_batches WHERE task_id = ?")
                    .bind(0, taskId).mapTo(Long.class).one();
            h.execute("INSERT INTO dump_batches (task_id, batch, partition_no, start_offset, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    taskId, batch, partition, startOffset, BatchStatus.WRITING.name(), now.toEpochMilli());
            return batch;
        });
    }

    @Override
    public void discardBatch(String taskId, long batch) {
        jdbi.useTransaction(h -> moveBatch(h, taskId, batch, BatchStatus.WRITING, BatchStatus.DISCARDED, ""));
    }

    @Override
    public void sealBatch(String taskId, long batch, long endOffset, List<DumpFile> files) {
        jdbi.useTransaction(h -> {
            moveBatch(h, taskId, batch, BatchStatus.WRITING, BatchStatus.UPLOADING, ", end_offset = ?", endOffset);
            for (DumpFile f : files) {
                h.execute("INSERT INTO dump_files (id, task_id, batch, partition_no, account, logset, subject, bucket, object_key, status, "
                                + "records, conversion_nulls, raw_bytes, stored_bytes, sha256, min_log_time, max_log_time, created_at, "
                                + "attempts, spool_path, content_type, content_encoding, from_offset, to_offset) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        f.id(), f.taskId(), f.batch(), f.partition(), f.account(), f.logset(), f.subject(), f.bucket(), f.objectKey(),
                        FileStatus.UPLOADING.name(), f.records(), f.conversionNulls(), f.rawBytes(), f.storedBytes(), f.sha256(),
                        millis(f.minLogTime()), millis(f.maxLogTime()), f.createdAt().toEpochMilli(), 0, f.spoolPath(), f.contentType(),
                        f.contentEncoding(), f.fromOffset(), f.toOffset());
            }
        });
    }

    @Override
    public void attemptFailed(String fileId, String error) {
        jdbi.useHandle(h -> {
            if (h.execute("UPDATE dump_files SET attempts = attempts + 1, error = ? WHERE id = ? AND status = ?",
                    error, fileId, FileStatus.UPLOADING.name()) != 1) {
                throw new StaleStateException("file " + fileId + " is not UPLOADING, so an upload attempt cannot be counted");
            }
        });
    }

    @Override
    public void fileFailed(String fileId, String error, Instant now, Instant retryableUntil) {
        jdbi.useHandle(h -> moveFile(h, fileId, FileStatus.UPLOADING, FileStatus.FAILED,
                ", attempts = attempts + 1, error = ?, failed_at = ?, retryable_until = ?, finished_at = ?",
                error, now.toEpochMilli(), retryableUntil.toEpochMilli(), now.toEpochMilli()));
    }

    @Override
    public void commitBatch(String taskId, long batch, int partition, long endOffset, List<String> uploadedFileIds, Instant now) {
        jdbi.useTransaction(h -> {
            for (String id : uploadedFileIds) {
                moveFile(h, id, FileStatus.UPLOADING, FileStatus.SUCCEEDED,
                        ", attempts = attempts + 1, error = NULL, finished_at = ?, spool_path = NULL", now.toEpochMilli());
            }
            moveBatch(h, taskId, batch, BatchStatus.UPLOADING, BatchStatus.COMMITTED, "");
            int updated = h.execute("UPDATE dump_checkpoints SET next_offset = ? WHERE task_id = ? AND partition_no = ?",
                    endOffset, taskId, partition);
            if (updated == 0) {
                h.execute("INSERT INTO dump_checkpoints (task_id, partition_no, next_offset) VALUES (?, ?, ?)", taskId, partition, endOffset);
            }
        });
    }

    @Override
    public List<DumpFile> files(Filter f, int limit, String after) {
        StringBuilder sql = new StringBuilder("SELECT * FROM dump_files WHERE account = ?");
        List<Object> args = new ArrayList<>(List.of(f.account()));
        filter(sql, args, "logset = ?", f.logset());
        filter(sql, args, "subject = ?", f.subject());
        filter(sql, args, "task_id = ?", f.taskId());
        filter(sql, args, "status = ?", f.status() == null ? null : f.status().name());
        filter(sql, args, "created_at >= ?", millis(f.from()));
        filter(sql, args, "created_at < ?", millis(f.to()));
        if (after != null) {
            String[] parts = after.split(":", 2);
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            long at = Long.parseLong(parts[0]);
            args.add(at);
            args.add(at);
            args.add(parts[1]);
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(limit);
        return jdbi.withHandle(h -> bind(h.createQuery(sql.toString()), args).map((rs, ctx) -> file(rs)).list());
    }

    @Override
    public boolean claimRetry(String fileId, Instant now) {
        return jdbi.withHandle(h -> h.execute("UPDATE dump_files SET status = ? WHERE id = ? AND status = ? AND retryable_until > ?",
                FileStatus.UPLOADING.name(), fileId, FileStatus.FAILED.name(), now.toEpochMilli())) == 1;
    }

    @Override
    public void retrySucceeded(String fileId, Instant now) {
        jdbi.useHandle(h -> moveFile(h, fileId, FileStatus.UPLOADING, FileStatus.SUCCEEDED,
                ", attempts = attempts + 1, error = NULL, finished_at = ?, spool_path = NULL", now.toEpochMilli()));
    }

    @Override
    public void retryFailed(String fileId, String error) {
        jdbi.useHandle(h -> moveFile(h, fileId, FileStatus.UPLOADING, FileStatus.FAILED, ", attempts = attempts + 1, error = ?", error));
    }

    @Override
    public int releaseInterruptedRetries() {
        // Only a manual retry makes a file that has failed (failed_at set) UPLOADING again.
        return jdbi.withHandle(h -> h.execute("UPDATE dump_files SET status = ?, error = ? WHERE status = ? AND failed_at IS NOT NULL",
                FileStatus.FAILED.name(), "a manual retry was interrupted when the server stopped; the file may be retried again",
                FileStatus.UPLOADING.name()));
    }

    @Override
    public List<DumpFile> overdue(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dump_files WHERE status = ? AND retryable_until <= ? ORDER BY id")
                .bind(0, FileStatus.FAILED.name()).bind(1, now.toEpochMilli()).map((rs, ctx) -> file(rs)).list());
    }

    @Override
    public boolean expire(String fileId) {
        return jdbi.withHandle(h -> h.execute("UPDATE dump_files SET status = ?, spool_path = NULL WHERE id = ? AND status = ?",
                FileStatus.EXPIRED.name(), fileId, FileStatus.FAILED.name())) == 1;
    }

    @Override
    public int prune(Instant before) {
        long t = before.toEpochMilli();
        return jdbi.inTransaction(h -> {
            int files = h.execute("DELETE FROM dump_files WHERE created_at < ? AND status IN (?, ?)", t,
                    FileStatus.SUCCEEDED.name(), FileStatus.EXPIRED.name());
            h.execute("DELETE FROM dump_batches WHERE created_at < ? AND status IN (?, ?) "
                    + "AND batch < (SELECT MAX(b.batch) FROM dump_batches b WHERE b.task_id = dump_batches.task_id) "
                    + "AND NOT EXISTS (SELECT 1 FROM dump_files f WHERE f.task_id = dump_batches.task_id AND f.batch = dump_batches.batch)",
                    t, BatchStatus.COMMITTED.name(), BatchStatus.DISCARDED.name());
            return files;
        });
    }

    @Override
    public void recordLost(String taskId, SubjectId subject, String bucket, int partition, long from, long to, Instant time,
                           String reason) {
        String id = taskId + "-lost-" + partition + "-" + from;
        String error = "records " + from + " to " + (to - 1) + " of partition " + partition + " were deleted before this task "
                + "dumped them: " + reason;
        jdbi.useTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM dump_files WHERE id = ?").bind(0, id).mapTo(Long.class).one() > 0) {
                return;
            }
            h.execute("INSERT INTO dump_files (id, task_id, batch, partition_no, account, logset, subject, bucket, object_key, status, "
                            + "records, raw_bytes, stored_bytes, sha256, created_at, finished_at, attempts, error, from_offset, to_offset) "
                            + "VALUES (?, ?, 0, ?, ?, ?, ?, ?, '', ?, ?, 0, 0, '', ?, ?, 0, ?, ?, ?)",
                    id, taskId, partition, subject.account(), subject.logset(), subject.subject(), bucket, FileStatus.EXPIRED.name(),
                    to - from, time.toEpochMilli(), time.toEpochMilli(), error, from, to);
        });
    }

    @Override
    public DumpFile file(String fileId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dump_files WHERE id = ?").bind(0, fileId)
                .map((rs, ctx) -> file(rs)).findOne().orElse(null));
    }

    @Override
    public long[] totals(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT "
                        + "COALESCE(SUM(CASE WHEN status = :ok THEN 1 ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN status = :ok THEN records ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN status = :ok THEN stored_bytes ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN status IN (:failed, :expired) THEN 1 ELSE 0 END), 0) "
                        + "FROM dump_files WHERE task_id = :task").bind("task", taskId).bind("ok", FileStatus.SUCCEEDED.name())
                .bind("failed", FileStatus.FAILED.name()).bind("expired", FileStatus.EXPIRED.name())
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}).one());
    }

    /**
     * Moves one batch from {@code from} to {@code to}, also setting {@code set} (", column = ?" parts
     * with their {@code args}). @throws StaleStateException when the batch was not {@code from}
     */
    private static void moveBatch(Handle h, String taskId, long batch, BatchStatus from, BatchStatus to, String set, Object... args) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a batch cannot move from " + from + " to " + to);
        }
        List<Object> all = new ArrayList<>(List.of(to.name()));
        all.addAll(List.of(args));
        all.addAll(List.of(taskId, batch, from.name()));
        if (h.execute("UPDATE dump_batches SET status = ?" + set + " WHERE task_id = ? AND batch = ? AND status = ?", all.toArray()) != 1) {
            throw new StaleStateException("batch " + batch + " of task " + taskId + " is not " + from + " (now "
                    + h.createQuery("SELECT status FROM dump_batches WHERE task_id = ? AND batch = ?").bind(0, taskId).bind(1, batch)
                    .mapTo(String.class).findOne().orElse("missing") + "), so it cannot become " + to);
        }
    }

    /** Moves one file from {@code from} to {@code to}, like {@link #moveBatch}. @throws StaleStateException when it was not {@code from} */
    private static void moveFile(Handle h, String fileId, FileStatus from, FileStatus to, String set, Object... args) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a file cannot move from " + from + " to " + to);
        }
        List<Object> all = new ArrayList<>(List.of(to.name()));
        all.addAll(List.of(args));
        all.addAll(List.of(fileId, from.name()));
        if (h.execute("UPDATE dump_files SET status = ?" + set + " WHERE id = ? AND status = ?", all.toArray()) != 1) {
            throw new StaleStateException("file " + fileId + " is not " + from + " (now "
                    + h.createQuery("SELECT status FROM dump_files WHERE id = ?").bind(0, fileId).mapTo(String.class).findOne()
                    .orElse("missing") + "), so it cannot become " + to);
        }
    }

    private static void filter(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private static Query bind(Query q, List<Object> args) {
        for (int i = 0; i < args.size(); i++) {
            q.bind(i, args.get(i));
        }
        return q;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    /** A file of the table; a lost range is stored with an empty key and SHA-256, shown as none. */
    static DumpFile file(ResultSet rs) throws SQLException {
        return new DumpFile(rs.getString("id"), rs.getString("task_id"), rs.getLong("batch"), rs.getInt("partition_no"),
                rs.getString("account"), rs.getString("logset"), rs.getString("subject"), rs.getString("bucket"),
                emptyAsNull(rs.getString("object_key")), FileStatus.valueOf(rs.getString("status")), rs.getLong("records"),
                rs.getLong("conversion_nulls"), rs.getLong("raw_bytes"), rs.getLong("stored_bytes"), emptyAsNull(rs.getString("sha256")),
                instant(rs, "min_log_time"), instant(rs, "max_log_time"), instant(rs, "created_at"),
                instant(rs, "finished_at"), rs.getInt("attempts"), rs.getString("error"), instant(rs, "retryable_until"),
                nullableLong(rs, "from_offset"), nullableLong(rs, "to_offset"),
                rs.getString("spool_path"), rs.getString("content_type"), rs.getString("content_encoding"));
    }

    private static String emptyAsNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
