package io.logdump.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes audit-log lines with the time and an id that sorts with the time, and within one
 * millisecond in the order this process wrote them (then 8 random characters keep it unique
 * between processes). Thread-safe.
 */
public final class AuditLog {
    private final AccessStore store;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public AuditLog(AccessStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void record(String account, String actor, AuditAction action, String target, String client, String detail) {
        Instant now = clock.instant();
        String id = String.format("%012x%08x%s", now.toEpochMilli(), sequence.incrementAndGet() & 0xffff_ffffL, Secrets.random(8));
        store.audit(new AuditEntry(id, account, now, actor, action, target, client, detail));
    }
}
