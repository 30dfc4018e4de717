package io.logdump.history.jdbc;

import io.logdump.core.SubjectId;
import io.logdump.history.LostRange;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The lost ranges in the metadata database, each of one account's subject. Thread-safe. */
public final class JdbcLostRanges {
    private final Jdbi jdbi;

    public JdbcLostRanges(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(LostRange r) {
        jdbi.useHandle(h -> h.execute("INSERT INTO lost_ranges (account, logset, subject, partition_no, from_offset, to_offset, time, "
                        + "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", r.subject().account(), r.subject().logset(), r.subject().subject(),
                r.partition(),
                r.fromOffset(), r.toOffset(), r.time().toEpochMilli(), r.reason()));
    }

    public List<LostRange> of(SubjectId subject) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM lost_ranges WHERE account = ? AND logset = ? AND subject = ? "
                        + "ORDER BY time, from_offset")
                .bind(0, subject.account()).bind(1, subject.logset()).bind(2, subject.subject())
                .map((rs, ctx) -> new LostRange(subject, rs.getInt("partition_no"), rs.getLong("from_offset"),
                        rs.getLong("to_offset"), Instant.ofEpochMilli(rs.getLong("time")), rs.getString("reason")))
                .list());
    }
}
