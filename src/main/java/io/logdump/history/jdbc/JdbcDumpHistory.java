package io.logdump.history.jdbc;

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
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The dump history in the metadata database (SQLite or PostgreSQL). Thread-safe. */
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
    public Optional<OpenBatch> unfinishedBatch(String taskId, int partition) {
        return jdbi.withHandle(h -> {
            Optional<long[]> row = h.createQuery("SELECT batch, start_offset, end_offset FROM dump_batches "
                            + "WHERE task_id = ? AND partition_no = ? AND status IN ('WRITING', 'UPLOADING') ORDER BY batch")
                    .bind(0, taskId).bind(1, partition)
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
            h.execute("INSERT INTO dump_batches (task_id, batch, partition_no, start_offset, status, created_at) VALUES (?, ?, ?, ?, 'WRITING', ?)",
                    taskId, batch, partition, startOffset, now.toEpochMilli());
            return batch;
        });
    }

    @Override
    public void discardBatch(String taskId, long batch) {
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM dump_files WHERE task_id = ? AND batch = ?", taskId, batch);
            h.execute("UPDATE dump_batches SET status = 'DISCARDED' WHERE task_id = ? AND batch = ? AND status = 'WRITING'", taskId, batch);
        });
    }

    @Override
    public void sealBatch(String taskId, long batch, long endOffset, List<DumpFile> files) {
        jdbi.useTransaction(h -> {
            h.execute("UPDATE dump_batches SET status = 'UPLOADING', end_offset = ? WHERE task_id = ? AND batch = ?", endOffset, taskId, batch);
            for (DumpFile f : files) {
                h.execute("INSERT INTO dump_files (id, task_id, batch, partition_no, logset, subject, bucket, object_key, status, records, "
                                + "conversion_nulls, raw_bytes, stored_bytes, sha256, min_log_time, max_log_time, created_at, attempts, "
                                + "spool_path, content_type, content_encoding) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        f.id(), f.taskId(), f.batch(), f.partition(), f.logset(), f.subject(), f.bucket(), f.objectKey(),
                        FileStatus.UPLOADING.name(), f.records(), f.conversionNulls(), f.rawBytes(), f.storedBytes(), f.sha256(),
                        millis(f.minLogTime()), millis(f.maxLogTime()), f.createdAt().toEpochMilli(), 0, f.spoolPath(), f.contentType(),
                        f.contentEncoding());
            }
        });
    }

    @Override
    public void attemptFailed(String fileId, String error) {
        jdbi.useHandle(h -> h.execute("UPDATE dump_files SET attempts = attempts + 1, error = ? WHERE id = ?", error, fileId));
    }

    @Override
    public void fileFailed(String fileId, String error, Instant now, Instant retryableUntil) {
        jdbi.useHandle(h -> h.execute("UPDATE dump_files SET status = 'FAILED', attempts = attempts + 1, error = ?, failed_at = ?, "
                + "retryable_until = ?, finished_at = ? WHERE id = ?", error, now.toEpochMilli(), retryableUntil.toEpochMilli(), now.toEpochMilli(), fileId));
    }

    @Override
    public void commitBatch(String taskId, long batch, int partition, long endOffset, List<String> uploadedFileIds, Instant now) {
        jdbi.useTransaction(h -> {
            for (String id : uploadedFileIds) {
                h.execute("UPDATE dump_files SET status = 'SUCCEEDED', attempts = attempts + 1, error = NULL, finished_at = ?, "
                        + "spool_path = NULL WHERE id = ?", now.toEpochMilli(), id);
            }
            h.execute("UPDATE dump_batches SET status = 'COMMITTED' WHERE task_id = ? AND batch = ?", taskId, batch);
            int updated = h.execute("UPDATE dump_checkpoints SET next_offset = ? WHERE task_id = ? AND partition_no = ?",
                    endOffset, taskId, partition);
            if (updated == 0) {
                h.execute("INSERT INTO dump_checkpoints (task_id, partition_no, next_offset) VALUES (?, ?, ?)", taskId, partition, endOffset);
            }
        });
    }

    @Override
    public List<DumpFile> files(String logset, String subject, String taskId, FileStatus status, int limit, String after) {
        StringBuilder sql = new StringBuilder("SELECT * FROM dump_files WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter(sql, args, "logset", logset);
        filter(sql, args, "subject", subject);
        filter(sql, args, "task_id", taskId);
        filter(sql, args, "status", status == null ? null : status.name());
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
    public DumpFile file(String fileId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dump_files WHERE id = ?").bind(0, fileId)
                .map((rs, ctx) -> file(rs)).findOne().orElse(null));
    }

    @Override
    public long[] totals(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT "
                        + "COALESCE(SUM(CASE WHEN status = 'SUCCEEDED' THEN 1 ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN status = 'SUCCEEDED' THEN records ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN status = 'SUCCEEDED' THEN stored_bytes ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN status IN ('FAILED', 'EXPIRED') THEN 1 ELSE 0 END), 0) "
                        + "FROM dump_files WHERE task_id = ?").bind(0, taskId)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}).one());
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
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

    static DumpFile file(ResultSet rs) throws SQLException {
        return new DumpFile(rs.getString("id"), rs.getString("task_id"), rs.getLong("batch"), rs.getInt("partition_no"),
                rs.getString("logset"), rs.getString("subject"), rs.getString("bucket"), rs.getString("object_key"),
                FileStatus.valueOf(rs.getString("status")), rs.getLong("records"), rs.getLong("conversion_nulls"),
                rs.getLong("raw_bytes"), rs.getLong("stored_bytes"), rs.getString("sha256"), instant(rs, "min_log_time"),
                instant(rs, "max_log_time"), instant(rs, "created_at"),
                instant(rs, "finished_at"), rs.getInt("attempts"), rs.getString("error"), instant(rs, "retryable_until"),
                rs.getString("spool_path"), rs.getString("content_type"), rs.getString("content_encoding"));
    }
}
