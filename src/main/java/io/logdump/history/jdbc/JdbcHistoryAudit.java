package io.logdump.history.jdbc;

import io.logdump.history.BatchStatus;
import io.logdump.history.DumpFile;
import io.logdump.history.FileStatus;
import io.logdump.history.HistoryAudit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@link HistoryAudit} on the metadata database (SQLite or PostgreSQL). Thread-safe. */
public final class JdbcHistoryAudit implements HistoryAudit {
    private final Jdbi jdbi;

    public JdbcHistoryAudit(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Batch> batches(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT batch, partition_no, start_offset, end_offset, status FROM dump_batches "
                        + "WHERE task_id = ? ORDER BY batch").bind(0, taskId)
                .map((rs, ctx) -> new Batch(rs.getLong(1), rs.getInt(2), rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4), BatchStatus.valueOf(rs.getString(5))))
                .list());
    }

    @Override
    public List<DumpFile> files(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dump_files WHERE task_id = ? ORDER BY batch, id").bind(0, taskId)
                .map((rs, ctx) -> JdbcDumpHistory.file(rs)).list());
    }

    @Override
    public List<FileTally> tallies() {
        return jdbi.withHandle(h -> h.createQuery("SELECT task_id, status, COUNT(*), COALESCE(SUM(stored_bytes), 0) FROM dump_files "
                        + "GROUP BY task_id, status ORDER BY task_id, status")
                .map((rs, ctx) -> new FileTally(rs.getString(1), FileStatus.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4)))
                .list());
    }
}
