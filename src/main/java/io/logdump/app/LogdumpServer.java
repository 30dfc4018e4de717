package io.logdump.app;

import io.javalin.Javalin;
import io.logdump.api.ApiRoutes;
import io.logdump.api.Https;
import io.logdump.api.ServedHosts;
import io.logdump.api.ThroughputHistory;
import io.logdump.app.jdbc.JdbiMetadataHealth;
import io.logdump.auth.AccessManagement;
import io.logdump.auth.AccessStore;
import io.logdump.auth.AuditLog;
import io.logdump.auth.Authenticator;
import io.logdump.auth.Passwords;
import io.logdump.auth.Role;
import io.logdump.auth.jdbc.JdbcAccessStore;
import io.logdump.catalog.CatalogStore;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.LogSubject;
import io.logdump.catalog.Region;
import io.logdump.catalog.Regions;
import io.logdump.catalog.SubjectStats;
import io.logdump.dump.schedule.DumpEngine;
import io.logdump.history.DumpHistory;
import io.logdump.history.jdbc.JdbcDumpHistory;
import io.logdump.core.FailureLog;
import io.logdump.core.SubjectId;
import io.logdump.core.UnavailableException;
import io.logdump.history.jdbc.JdbcLostRanges;
import io.logdump.ingest.Ingest;
import io.logdump.ingest.LogReader;
import io.logdump.shippers.RecordSink;
import io.logdump.shippers.syslog.SyslogListeners;
import io.logdump.store.StoreStats;
import io.logdump.store.LogStore;
import io.logdump.store.kafka.KafkaLogStore;
import io.logdump.store.local.LocalLogStore;
import io.logdump.catalog.jdbc.JdbcBucketOwners;
import io.logdump.catalog.jdbc.JdbcCatalogStore;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.history.jdbc.JdbcHistoryAudit;
import io.logdump.metrics.LogdumpMetrics;
import io.logdump.objectstore.ObjectStore;
import io.logdump.verify.TaskVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Logdump from a {@link Config} and runs it. The only place that knows every package. */
public final class LogdumpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogdumpServer.class);

    private final Config config;
    private final RegionStores regionStores;
    private final LogStore logStore;
    private final DumpEngine engine;
    private final ScheduledExecutorService background;
    private final Javalin http;
    private final DataFolderLock lock;
    private final ApiRoutes.AccessServices access;
    private final SyslogListeners syslog;

    private LogdumpServer(Config config, RegionStores regionStores, LogStore logStore, DumpEngine engine,
                          ScheduledExecutorService background, Javalin http, DataFolderLock lock, ApiRoutes.AccessServices access,
                          SyslogListeners syslog) {
        this.access = access;
        this.syslog = syslog;
        this.lock = lock;
        this.engine = engine;
        this.config = config;
        this.regionStores = regionStores;
        this.logStore = logStore;
        this.background = background;
        this.http = http;
    }

    /**
     * Locks the data folder, opens it and the metadata database, then starts the HTTP server.
     * Times are kept to the millisecond, so give a clock that ticks in milliseconds.
     *
     * @throws IllegalStateException when another process serves the data folder (nothing in it
     *     was touched)
     */
    public static LogdumpServer start(Config config, Clock clock) {
        DataFolderLock lock = DataFolderLock.acquire(config.dataDir());
        try {
            return start(config, clock, lock);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static LogdumpServer start(Config config, Clock clock, DataFolderLock lock) {
        Path storeDir = config.dataDir().resolve("store");
        LocalLogStore localStore = null; // the local store, which the retention job and the free-disk floor apply to
        LogStore logStore;
        try {
            Files.createDirectories(config.dataDir());
            if (config.store().kafka() == null) {
                localStore = new LocalLogStore(storeDir, new LocalLogStore.Settings(config.store().segmentBytes(), config.store().fsync()));
                logStore = localStore;
            } else {
                logStore = new KafkaLogStore(config.store().kafka());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + config.dataDir(), e);
        }
        Jdbi jdbi = config.metadataUrl() == null
                ? MetadataDatabase.openEmbedded(config.dataDir())
                : MetadataDatabase.open(config.metadataUrl(), config.metadataUser(), config.metadataPassword());
        CatalogStore store = new JdbcCatalogStore(jdbi);
        RegionStores regionStores = new RegionStores(config.regions());
        Regions regions = new Regions(config.regions().stream().map(r -> new Region(r.name(), r.type())).toList(), regionStores,
                new JdbcBucketOwners(jdbi), clock);
        LogSets logSets = new LogSets(store, regions, clock);
        DumpTasks dumpTasks = new DumpTasks(store, logSets, regions, config.limits(), clock);
        Path spoolDir = config.dataDir().resolve("spool");
        JdbcHistoryAudit audit = new JdbcHistoryAudit(jdbi);
        AtomicReference<DumpEngine> engineRef = new AtomicReference<>();
        LogdumpMetrics metrics = new LogdumpMetrics(new LogdumpMetrics.Sources(dumpTasks::all,
                task -> engineRef.get().counters(task), audit, () -> subjects(logSets), s -> logStore.stats(s).bytes(),
                () -> folderBytes(spoolDir)));
        Ingest ingest = new Ingest(logSets, logStore, config.ingest(), clock,
                localStore == null ? () -> Long.MAX_VALUE : () -> usableSpace(storeDir), metrics);
        LogReader reader = new LogReader(logSets, logStore);
        DumpHistory history = new JdbcDumpHistory(jdbi);
        DumpEngine engine = new DumpEngine(dumpTasks, logStore, history,
                task -> metrics.measure(task, bucket(regionStores, logSets, task)),
                spoolDir, clock, config.dump().uploads(), config.dump().historyKeep(), Runtime.getRuntime().availableProcessors());
        engineRef.set(engine);
        JdbcLostRanges lostRanges = new JdbcLostRanges(jdbi);
        TaskVerifier verifier = new TaskVerifier(dumpTasks, logStore, audit, task -> bucket(regionStores, logSets, task));
        ApiRoutes.Services services = new ApiRoutes.Services(regions, logSets, dumpTasks, history, ingest, reader,
                subject -> stats(logStore, subject),
                subject -> deleteQuietly(logStore, subject), engine::counters, engine.retries(),
                account -> account == null ? metrics.scrape() : metrics.scrape(account), verifier, clock,
                new JdbiMetadataHealth(jdbi), access(config, new JdbcAccessStore(jdbi), clock));
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "logdump-retention");
            t.setDaemon(true);
            return t;
        });
        if (localStore != null) { // Kafka topics keep every record until retention on Kafka is built (docs/CLUSTER.md)
            RetentionJob retention = new RetentionJob(logSets, dumpTasks, localStore, lostRanges, history,
                    config.store().maxDiskBytes(), clock);
            background.scheduleWithFixedDelay(retention, config.store().retentionCheckSeconds(),
                    config.store().retentionCheckSeconds(), TimeUnit.SECONDS);
        }
        ThroughputHistory throughput = ApiRoutes.throughputHistory(services);
        throughput.sample();
        FailureLog sampling = new FailureLog(LOG, Duration.ZERO, Duration.ZERO);
        background.scheduleAtFixedRate(() -> {
            try {
                throughput.sample();
                sampling.succeeded("throughput history");
            } catch (RuntimeException e) {
                sampling.failed("throughput history", "sampling the throughput", e);
            }
        }, 60, 60, TimeUnit.SECONDS);
        engine.start(); // first, so that retries a crash interrupted are settled before the API can start new ones
        Javalin http;
        try {
            http = ApiRoutes.create(services, throughput, config.host(), config.port(),
                    ServedHosts.of(config.host(), config.allowedHosts()), https(config.tls())).start();
        } catch (RuntimeException e) {
            engine.close();
            background.shutdownNow();
            closeQuietly(logStore, regionStores);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new IllegalStateException("port " + config.port() + " of " + config.host()
                            + " is in use by another process; stop it, or give this one another --port");
                }
            }
            throw e;
        }
        SyslogListeners syslog;
        try {
            syslog = SyslogListeners.start(config.syslog(), RecordSink.of(ingest), clock, syslogTls(config.tls()));
        } catch (RuntimeException e) {
            http.stop();
            engine.close();
            background.shutdownNow();
            closeQuietly(logStore, regionStores);
            throw e;
        }
        LogdumpServer server = new LogdumpServer(config, regionStores, logStore, engine, background, http, lock, services.access(), syslog);
        LOG.info("started on {}{}: data folder {}, regions {}, log store {}", server.url(),
                server.redirectPort().stream().mapToObj(p -> " (plain HTTP on port " + p + " redirects to it)").findFirst().orElse(""),
                config.dataDir().toAbsolutePath(), config.regions().stream().map(r -> r.name() + "=" + r.type()).toList(),
                config.store().kafka() == null ? "local" : "Kafka at " + config.store().kafka().bootstrapServers());
        return server;
    }

    /**
     * Sign-in and its management. A fresh data folder gets user {@code admin} (a system admin of
     * account {@code default}) with the password of {@code LOGDUMP_ADMIN_PASSWORD}, or a random one
     * printed once and kept in {@code <dataDir>/initial-admin-password} (mode 0600) until it is changed.
     */
    private static ApiRoutes.AccessServices access(Config config, AccessStore store, Clock clock) {
        Passwords passwords = new Passwords();
        AuditLog audit = new AuditLog(store, clock);
        InitialAdminPassword initial = new InitialAdminPassword(config.dataDir());
        AccessManagement management = new AccessManagement(store, passwords, audit, clock, user -> {
            if (user.equals(AccessManagement.FIRST_ADMIN)) {
                initial.delete();
            }
        });
        management.bootstrap(config.auth().initialAdminPassword()).ifPresent(initial::write);
        Authenticator authenticator = new Authenticator(store, passwords, audit,
                new Authenticator.SessionLimits(config.auth().sessionIdle(), config.auth().sessionMax()), clock);
        return new ApiRoutes.AccessServices(authenticator, management, config.auth().metricsPublic());
    }

    /**
     * HTTPS from the PEM files, read again (the configuration checked them, dates included; a file
     * changed since so that it cannot be used fails the start); null without {@code tls}.
     */
    private static Https https(Config.TlsConfig tls) {
        if (tls == null) {
            return null;
        }
        String password = TlsFiles.randomPassword();
        return new Https(TlsFiles.keyStore(tls.certificate(), tls.privateKey(), password.toCharArray()), password,
                tls.redirectHttpPort() == null ? OptionalInt.empty() : OptionalInt.of(tls.redirectHttpPort()));
    }

    /** The TLS context of the syslog listeners over TLS: the server's certificate and key; null without {@code tls}. */
    private static SSLContext syslogTls(Config.TlsConfig tls) {
        if (tls == null) {
            return null;
        }
        char[] password = TlsFiles.randomPassword().toCharArray();
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(TlsFiles.keyStore(tls.certificate(), tls.privateKey(), password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the TLS context of the syslog listeners: " + e.getMessage(), e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}, or {@code https://...} with {@code tls}. */
    public String url() {
        return (config.tls() == null ? "http://" : "https://") + config.host() + ":" + http.port();
    }

    /** The plain HTTP port that redirects to HTTPS; empty unless {@code tls.redirectHttpPort} is set. */
    public OptionalInt redirectPort() {
        return Https.redirectPort(http);
    }

    public int port() {
        return http.port();
    }

    private static SubjectStats stats(LogStore store, SubjectId subject) {
        try {
            StoreStats s = store.stats(subject);
            return new SubjectStats(s.records(), s.bytes(), s.firstLogTime(), s.lastLogTime());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the log store of " + subject.qualified(), e);
        }
    }

    /** The bucket a task writes to, in its log set's region. */
    private static ObjectStore bucket(RegionStores stores, LogSets logSets, DumpTask task) {
        return stores.store(logSets.get(task.account(), task.logset()).region()).bucket(task.bucket());
    }

    private static List<SubjectId> subjects(LogSets logSets) {
        return logSets.allSubjects().stream().map(LogSubject::id).toList();
    }

    /** Bytes of the files under {@code dir}; files that vanish while it is walked are skipped. */
    private static long folderBytes(Path dir) {
        AtomicLong total = new AtomicLong();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total.addAndGet(attrs.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot measure the spool folder {}: {}", dir, e.toString());
        }
        return total.get();
    }

    private static void deleteQuietly(LogStore store, SubjectId subject) {
        try {
            store.delete(subject);
        } catch (IOException | UnavailableException e) { // the subject is gone from the catalog either way
            LOG.warn("could not delete the stored records of {}: {}", subject.qualified(), e.toString());
        }
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A token with the operator role in account {@code default}, for a program running in this
     * process that drives the server over HTTP (the demo); it expires after {@code ttl}.
     */
    public String programToken(String program, Duration ttl) {
        return access.management().createProgramToken(AccessManagement.DEFAULT_ACCOUNT, program, Role.OPERATOR, ttl).token();
    }

    /** The log store, for tests and tools that run in the same process. */
    public LogStore logStore() {
        return logStore;
    }

    /** The port of each syslog listener, in the order of the configuration (port 0 there: the port it picked). */
    public List<Integer> syslogPorts() {
        return syslog.ports();
    }

    @Override
    public void close() {
        syslog.close(); // first: what the listeners received is stored before the store closes
        http.stop();
        engine.close();
        background.shutdownNow();
        closeQuietly(logStore, regionStores);
        lock.close();
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", r.getClass().getSimpleName(), e);
            }
        }
    }
}
