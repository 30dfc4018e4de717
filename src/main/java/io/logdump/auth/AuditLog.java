package io.logdump.auth;

import java.time.Clock;
import java.time.Instant;

/** Writes audit-log lines with the time and a server-unique id that sorts with the time. Thread-safe. */
public final class AuditLog {
    private final AccessStore store;
    private final Clock clock;

    public AuditLog(AccessStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void record(String account, String actor, AuditAction action, String target, String client, String detail) {
        Instant now = clock.instant();
        store.audit(new AuditEntry(Secrets.random(20), account, now, actor, action, target, client, detail));
    }
}
