package io.logdump.app;

import io.javalin.Javalin;
import io.logdump.api.ApiRoutes;
import io.logdump.catalog.CatalogStore;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.Region;
import io.logdump.catalog.Regions;
import io.logdump.catalog.SubjectStats;
import io.logdump.catalog.TaskCounters;
import io.logdump.catalog.jdbc.JdbcCatalogStore;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Logdump from a {@link Config} and runs it. The only place that knows every package. */
public final class LogdumpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogdumpServer.class);

    private final Config config;
    private final RegionStores regionStores;
    private final Javalin http;

    private LogdumpServer(Config config, RegionStores regionStores, Javalin http) {
        this.config = config;
        this.regionStores = regionStores;
        this.http = http;
    }

    /**
     * Opens the data folder and the metadata database, then starts the HTTP server. Times are kept
     * to the millisecond, so give a clock that ticks in milliseconds.
     */
    public static LogdumpServer start(Config config, Clock clock) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + config.dataDir(), e);
        }
        Jdbi jdbi = config.metadataUrl() == null
                ? MetadataDatabase.openEmbedded(config.dataDir())
                : MetadataDatabase.open(config.metadataUrl(), config.metadataUser(), config.metadataPassword());
        CatalogStore store = new JdbcCatalogStore(jdbi);
        RegionStores regionStores = new RegionStores(config.regions());
        Regions regions = new Regions(config.regions().stream().map(r -> new Region(r.name(), r.type())).toList(), regionStores);
        LogSets logSets = new LogSets(store, regions, clock);
        DumpTasks dumpTasks = new DumpTasks(store, logSets, regions, config.limits(), clock);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        // The log store (ingest) and the dump engine are not built yet: subjects hold no records
        // and tasks have dumped no files, which is what these two sources say.
        ApiRoutes.Services services = new ApiRoutes.Services(regions, logSets, dumpTasks,
                (logset, subject) -> SubjectStats.EMPTY, task -> TaskCounters.NONE, metrics, clock);
        Javalin http = ApiRoutes.create(services, config.host(), config.port()).start();
        LogdumpServer server = new LogdumpServer(config, regionStores, http);
        LOG.info("started on {}: data folder {}, regions {}", server.url(), config.dataDir().toAbsolutePath(),
                config.regions().stream().map(r -> r.name() + "=" + r.type()).toList());
        return server;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://" + config.host() + ":" + http.port();
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        try {
            regionStores.close();
        } catch (IOException e) {
            LOG.warn("closing object stores: {}", e.getMessage());
        }
    }
}
