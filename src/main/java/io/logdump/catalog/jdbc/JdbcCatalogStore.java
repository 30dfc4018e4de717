package io.logdump.catalog.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.CatalogStore;
import io.logdump.catalog.CollectionConfig;
import io.logdump.catalog.DumpSettings;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.FormatSpec;
import io.logdump.catalog.LogSet;
import io.logdump.catalog.LogSubject;
import io.logdump.catalog.TaskOperation;
import io.logdump.catalog.TaskStatus;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The catalog in the metadata database (SQLite or PostgreSQL). Thread-safe. */
/**
 * The catalog in the metadata database (SQLite or PostgreSQL). Every lookup of a log set, subject,
 * collection configuration, task or operations log names the account, so that no query of one
 * account can reach another's rows. Thread-safe.
 */
public final class JdbcCatalogStore implements CatalogStore {
    private static final String TASK_COLUMNS = "id, account, name, logset, subject, bucket, prefix, partition_format, time_zone, "
            + "max_file_size_mb, interval_seconds, format, compression, start_delay_seconds, start_from, status, "
            + "created_at, updated_at, starts_at";

    private final Jdbi jdbi;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcCatalogStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean insertLogSet(LogSet s) {
        return jdbi.inTransaction(h -> {
            if (count(h, "SELECT COUNT(*) FROM logsets WHERE account = ? AND name = ?", s.account(), s.name()) > 0) {
                return false;
            }
            h.execute("INSERT INTO logsets (account, name, region, description, created_at) VALUES (?, ?, ?, ?, ?)",
                    s.account(), s.name(), s.region(), s.description(), s.createdAt().toEpochMilli());
            return true;
        });
    }

    @Override
    public Optional<LogSet> logSet(String account, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM logsets WHERE account = ? AND name = ?").bind(0, account).bind(1, name)
                .map((rs, ctx) -> logSet(rs)).findOne());
    }

    @Override
    public List<LogSet> logSets(String account) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM logsets WHERE account = ? ORDER BY name").bind(0, account)
                .map((rs, ctx) -> logSet(rs)).list());
    }

    @Override
    public boolean deleteLogSetIfEmpty(String account, String name) {
        return jdbi.inTransaction(h -> {
            if (count(h, "SELECT COUNT(*) FROM subjects WHERE account = ? AND logset = ?", account, name) > 0) {
                return false;
            }
            h.execute("DELETE FROM logsets WHERE account = ? AND name = ?", account, name);
            return true;
        });
    }

    @Override
    public boolean insertSubject(LogSubject s) {
        return jdbi.inTransaction(h -> {
            if (count(h, "SELECT COUNT(*) FROM subjects WHERE account = ? AND logset = ? AND name = ?",
                    s.account(), s.logset(), s.name()) > 0) {
                return false;
            }
            h.execute("INSERT INTO subjects (account, logset, name, description, retention_hours, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    s.account(), s.logset(), s.name(), s.description(), s.retentionHours(), s.createdAt().toEpochMilli());
            return true;
        });
    }

    @Override
    public Optional<LogSubject> subject(String account, String logset, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM subjects WHERE account = ? AND logset = ? AND name = ?")
                .bind(0, account).bind(1, logset).bind(2, name).map((rs, ctx) -> subject(rs)).findOne());
    }

    @Override
    public List<LogSubject> subjects(String account, String logset) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM subjects WHERE account = ? AND logset = ? ORDER BY name")
                .bind(0, account).bind(1, logset).map((rs, ctx) -> subject(rs)).list());
    }

    @Override
    public List<LogSubject> allSubjects() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM subjects ORDER BY account, logset, name")
                .map((rs, ctx) -> subject(rs)).list());
    }

    @Override
    public boolean deleteSubjectIfUnused(String account, String logset, String name) {
        return jdbi.inTransaction(h -> {
            if (count(h, "SELECT COUNT(*) FROM dump_tasks WHERE account = ? AND logset = ? AND subject = ?", account, logset, name) > 0) {
                return false;
            }
            h.execute("DELETE FROM subjects WHERE account = ? AND logset = ? AND name = ?", account, logset, name);
            return true;
        });
    }

    @Override
    public Optional<CollectionConfig> collection(String account, String logset, String subject) {
        return jdbi.withHandle(h -> h.createQuery("SELECT collection FROM subjects WHERE account = ? AND logset = ? AND name = ?")
                        .bind(0, account).bind(1, logset).bind(2, subject).mapTo(String.class).findOne())
                .map(text -> fromJson(text, CollectionConfig.class));
    }

    @Override
    public void putCollection(String account, String logset, String subject, CollectionConfig config) {
        jdbi.useHandle(h -> h.execute("UPDATE subjects SET collection = ? WHERE account = ? AND logset = ? AND name = ?",
                toJson(config), account, logset, subject));
    }

    @Override
    public boolean insertTask(DumpTask t, TaskOperation created) {
        return jdbi.inTransaction(h -> {
            if (count(h, "SELECT COUNT(*) FROM dump_tasks WHERE account = ? AND logset = ? AND subject = ? AND name = ?",
                    t.account(), t.logset(), t.subject(), t.name()) > 0) {
                return false;
            }
            DumpSettings s = t.settings();
            h.execute("INSERT INTO dump_tasks (" + TASK_COLUMNS + ", next_batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    t.id(), t.account(), t.name(), t.logset(), t.subject(), t.bucket(), s.prefix(), s.partitionFormat(), s.timeZone(),
                    s.maxFileSizeMB(), s.intervalSeconds(), toJson(s.format()), s.compression(), t.startDelaySeconds(),
                    t.startFrom(), t.status().name(), t.createdAt().toEpochMilli(), t.updatedAt().toEpochMilli(),
                    t.startsAt().toEpochMilli());
            appendOperation(h, t.account(), t.id(), created);
            return true;
        });
    }

    @Override
    public Optional<DumpTask> task(String account, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + TASK_COLUMNS + " FROM dump_tasks WHERE account = ? AND id = ?")
                .bind(0, account).bind(1, id).map((rs, ctx) -> task(rs)).findOne());
    }

    @Override
    public boolean taskIdUsed(String id) {
        return jdbi.withHandle(h -> count(h, "SELECT COUNT(*) FROM dump_tasks WHERE id = ?", id) > 0
                || count(h, "SELECT COUNT(*) FROM task_operations WHERE task_id = ?", id) > 0);
    }

    @Override
    public List<DumpTask> tasks(String account, String logset, String subject, TaskStatus status) {
        StringBuilder sql = new StringBuilder("SELECT " + TASK_COLUMNS + " FROM dump_tasks WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter(sql, args, "account = ?", account);
        filter(sql, args, "logset = ?", logset);
        filter(sql, args, "subject = ?", subject);
        filter(sql, args, "status = ?", status == null ? null : status.name());
        sql.append(" ORDER BY created_at, id");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                q.bind(i, args.get(i));
            }
            return q.map((rs, ctx) -> task(rs)).list();
        });
    }

    @Override
    public void updateTask(DumpTask t, TaskOperation operation) {
        DumpSettings s = t.settings();
        jdbi.useTransaction(h -> {
            h.execute("UPDATE dump_tasks SET prefix = ?, partition_format = ?, time_zone = ?, max_file_size_mb = ?, "
                            + "interval_seconds = ?, format = ?, compression = ?, status = ?, updated_at = ? WHERE account = ? AND id = ?",
                    s.prefix(), s.partitionFormat(), s.timeZone(), s.maxFileSizeMB(), s.intervalSeconds(),
                    toJson(s.format()), s.compression(), t.status().name(), t.updatedAt().toEpochMilli(), t.account(), t.id());
            appendOperation(h, t.account(), t.id(), operation);
        });
    }

    @Override
    public void deleteTask(DumpTask t, TaskOperation deleted) {
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM dump_tasks WHERE account = ? AND id = ?", t.account(), t.id());
            appendOperation(h, t.account(), t.id(), deleted);
        });
    }

    @Override
    public void addOperation(DumpTask t, TaskOperation operation) {
        jdbi.useTransaction(h -> appendOperation(h, t.account(), t.id(), operation));
    }

    @Override
    public void setStatus(String id, TaskStatus from, TaskStatus to, Instant now) {
        jdbi.useHandle(h -> h.execute("UPDATE dump_tasks SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                to.name(), now.toEpochMilli(), id, from.name()));
    }

    @Override
    public List<TaskOperation> operations(String account, String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT time, operation, detail, actor FROM task_operations "
                        + "WHERE account = ? AND task_id = ? ORDER BY seq")
                .bind(0, account).bind(1, taskId)
                .map((rs, ctx) -> new TaskOperation(Instant.ofEpochMilli(rs.getLong("time")),
                        TaskOperation.Kind.valueOf(rs.getString("operation")), rs.getString("detail"), rs.getString("actor")))
                .list());
    }

    private static void appendOperation(Handle h, String account, String taskId, TaskOperation op) {
        long seq = count(h, "SELECT COALESCE(MAX(seq), 0) FROM task_operations WHERE task_id = ?", taskId) + 1;
        h.execute("INSERT INTO task_operations (task_id, seq, account, time, operation, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                taskId, seq, account, op.time().toEpochMilli(), op.operation().name(), op.actor(), op.detail());
    }

    private static void filter(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private static long count(Handle h, String sql, Object... args) {
        Query q = h.createQuery(sql);
        for (int i = 0; i < args.length; i++) {
            q.bind(i, args[i]);
        }
        return q.mapTo(Long.class).one();
    }

    private static LogSet logSet(ResultSet rs) throws SQLException {
        return new LogSet(rs.getString("account"), rs.getString("name"), rs.getString("region"), rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static LogSubject subject(ResultSet rs) throws SQLException {
        return new LogSubject(rs.getString("account"), rs.getString("logset"), rs.getString("name"), rs.getString("description"),
                rs.getInt("retention_hours"), Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("collection") != null);
    }

    private DumpTask task(ResultSet rs) throws SQLException {
        DumpSettings settings = new DumpSettings(rs.getString("prefix"), rs.getString("partition_format"),
                rs.getString("time_zone"), rs.getInt("max_file_size_mb"), rs.getInt("interval_seconds"),
                format(rs.getString("format")), rs.getString("compression"));
        return new DumpTask(rs.getString("id"), rs.getString("account"), rs.getString("name"), rs.getString("logset"),
                rs.getString("subject"), rs.getString("bucket"), settings, rs.getInt("start_delay_seconds"),
                rs.getString("start_from"), TaskStatus.valueOf(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")), Instant.ofEpochMilli(rs.getLong("starts_at")));
    }

    private FormatSpec format(String text) {
        List<FieldError> errors = new ArrayList<>();
        FormatSpec spec;
        try {
            spec = FormatSpec.read(JsonFields.of(json.readTree(text), "format", errors), errors);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (spec == null) {
            throw new IllegalStateException("stored format " + text + " breaks a rule: " + errors);
        }
        return spec;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T fromJson(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
