package io.logdump.catalog.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the metadata database and brings its schema up to date with the Flyway migrations in
 * {@code db/migration}, which run the same on both databases, and in {@code db/migration-sqlite} or
 * {@code db/migration-postgresql} for a version whose SQL must differ (V6: SQLite rebuilds a table
 * to change its primary key, where PostgreSQL alters it). The embedded default is a SQLite file in write-ahead-log mode with
 * {@code synchronous=FULL}, so a committed change survives a crash of the process or the machine;
 * write transactions start IMMEDIATE so that concurrent writers queue instead of failing.
 * A {@code jdbc:postgresql:} URL selects PostgreSQL; the same migrations run there.
 */
public final class MetadataDatabase {
    private MetadataDatabase() {}

    /** The embedded database file {@code metadata.db} in {@code dataDir}. */
    public static Jdbi openEmbedded(Path dataDir) {
        return open("jdbc:sqlite:" + dataDir.resolve("metadata.db"), null, null);
    }

    /** Opens the database at a JDBC URL ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...}) and migrates it. */
    public static Jdbi open(String url, String user, String password) {
        DataSource dataSource = dataSource(url, user, password);
        String vendor = url.startsWith("jdbc:sqlite:") ? "sqlite" : "postgresql";
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/migration-" + vendor)
                .load()
                .migrate();
        return Jdbi.create(dataSource);
    }

    private static DataSource dataSource(String url, String user, String password) {
        if (url.startsWith("jdbc:sqlite:")) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(30_000);
            config.enforceForeignKeys(true);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl(url);
            return ds;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            if (user != null) {
                ds.setUser(user);
            }
            if (password != null) {
                ds.setPassword(password);
            }
            return ds;
        }
        throw new IllegalArgumentException("metadata.url must start with jdbc:sqlite: or jdbc:postgresql:");
    }
}
