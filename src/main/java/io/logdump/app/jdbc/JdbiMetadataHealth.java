package io.logdump.app.jdbc;

import io.logdump.api.MetadataHealth;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;

/**
 * The health of the metadata database through its Jdbi: {@code SELECT 1} answers within a few
 * seconds, and a failure is the database's when a {@link SQLException} is among its causes (Jdbi
 * wraps them). Thread-safe.
 */
public final class JdbiMetadataHealth implements MetadataHealth {
    private static final int TIMEOUT_SECONDS = 5;

    private final Jdbi jdbi;

    public JdbiMetadataHealth(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String check() {
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT 1").setQueryTimeout(TIMEOUT_SECONDS).mapTo(Integer.class).one());
            return null;
        } catch (RuntimeException e) {
            String reason = reason(e);
            return reason != null ? reason : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Override
    public String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String message = sql.getMessage() == null ? sql.getClass().getSimpleName() : sql.getMessage().strip();
                int line = message.indexOf('\n');
                return line > 0 ? message.substring(0, line) : message;
            }
        }
        return null;
    }
}
