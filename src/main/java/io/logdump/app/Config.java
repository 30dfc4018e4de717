package io.logdump.app;

import io.logdump.catalog.DumpLimits;
import io.logdump.dump.UploadPolicy;
import java.time.Duration;
import io.logdump.ingest.IngestSettings;
import io.logdump.objectstore.s3.S3ObjectStorage;
import io.logdump.store.kafka.KafkaLogStore;
import io.logdump.shippers.syslog.SyslogSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator configuration, validated: see {@link ConfigLoader} for the file format and rules.
 *
 * @param metadataUrl the metadata database; null for the embedded file {@code <dataDir>/metadata.db}
 * @param tls HTTPS on {@code port}; null for plain HTTP
 * @param syslog the syslog listeners, each bound to one subject
 */
public record Config(String host, int port, Path dataDir, List<RegionConfig> regions, DumpLimits limits,
                     IngestSettings ingest, StoreConfig store, DumpConfig dump,
                     String metadataUrl, String metadataUser, String metadataPassword, List<String> allowedHosts, TlsConfig tls,
                     AuthConfig auth, List<SyslogSettings> syslog) {

    /** Without syslog listeners. */
    public Config(String host, int port, Path dataDir, List<RegionConfig> regions, DumpLimits limits,
                  IngestSettings ingest, StoreConfig store, DumpConfig dump,
                  String metadataUrl, String metadataUser, String metadataPassword, List<String> allowedHosts, TlsConfig tls,
                  AuthConfig auth) {
        this(host, port, dataDir, regions, limits, ingest, store, dump, metadataUrl, metadataUser, metadataPassword, allowedHosts, tls,
                auth, List.of());
    }

    /** With the default sign-in settings. */
    public Config(String host, int port, Path dataDir, List<RegionConfig> regions, DumpLimits limits,
                  IngestSettings ingest, StoreConfig store, DumpConfig dump,
                  String metadataUrl, String metadataUser, String metadataPassword, List<String> allowedHosts, TlsConfig tls) {
        this(host, port, dataDir, regions, limits, ingest, store, dump, metadataUrl, metadataUser, metadataPassword, allowedHosts, tls,
                AuthConfig.DEFAULT);
    }

    /** Plain HTTP: no {@code tls}. */
    public Config(String host, int port, Path dataDir, List<RegionConfig> regions, DumpLimits limits,
                  IngestSettings ingest, StoreConfig store, DumpConfig dump,
                  String metadataUrl, String metadataUser, String metadataPassword, List<String> allowedHosts) {
        this(host, port, dataDir, regions, limits, ingest, store, dump, metadataUrl, metadataUser, metadataPassword, allowedHosts, null);
    }

    /**
     * HTTPS: the PEM files of the certificate chain and of the private key (see {@link TlsFiles}), and
     * the plain HTTP port that redirects every request to HTTPS (null: none; 0 picks a free port).
     */
    public record TlsConfig(Path certificate, Path privateKey, Integer redirectHttpPort) {}

    /**
     * Sign-in: how long a console session lives since its last request and at most; whether
     * {@code GET /metrics} is open to anyone; the first admin's password on a fresh data folder
     * (from {@code LOGDUMP_ADMIN_PASSWORD}; null: a random one, printed once).
     */
    public record AuthConfig(Duration sessionIdle, Duration sessionMax, boolean metricsPublic, String initialAdminPassword) {
        public static final AuthConfig DEFAULT = new AuthConfig(Duration.ofMinutes(30), Duration.ofHours(12), false, null);

        public AuthConfig withInitialAdminPassword(String password) {
            return new AuthConfig(sessionIdle, sessionMax, metricsPublic, password);
        }

        @Override
        public String toString() {
            return "AuthConfig[sessionIdle=" + sessionIdle + ", sessionMax=" + sessionMax + ", metricsPublic=" + metricsPublic
                    + ", initialAdminPassword=" + (initialAdminPassword == null ? "random" : "****") + "]";
        }
    }

    /** This configuration with other sign-in settings. */
    public Config withAuth(AuthConfig other) {
        return new Config(host, port, dataDir, regions, limits, ingest, store, dump, metadataUrl, metadataUser, metadataPassword,
                allowedHosts, tls, other, syslog);
    }

    /**
     * The log store. {@code local} (the default): segment size, whether each acknowledged append is
     * fsynced, a hard limit on its disk use (0: none), and how often retention runs. {@code kafka}:
     * the settings of {@link KafkaLogStore} in {@code kafka} (null for the local store).
     */
    public record StoreConfig(long segmentBytes, boolean fsync, long maxDiskBytes, int retentionCheckSeconds,
                              KafkaLogStore.Settings kafka) {
        public static final StoreConfig DEFAULT = new StoreConfig(64L << 20, true, 0, 60);

        /** The local store. */
        public StoreConfig(long segmentBytes, boolean fsync, long maxDiskBytes, int retentionCheckSeconds) {
            this(segmentBytes, fsync, maxDiskBytes, retentionCheckSeconds, null);
        }

        /** {@code local} or {@code kafka}. */
        public String type() {
            return kafka == null ? "local" : "kafka";
        }
    }

    /** How uploads are retried (see {@link UploadPolicy}) and how long the dump history is kept. */
    public record DumpConfig(UploadPolicy uploads, Duration historyKeep) {
        public static final DumpConfig DEFAULT = new DumpConfig(UploadPolicy.DEFAULT, Duration.ofDays(7));
    }

    /** A region: {@code local} with a root folder, or {@code s3} with its settings. */
    public record RegionConfig(String name, String type, Path root, S3ObjectStorage.Settings s3) {}

    /** The embedded defaults: 127.0.0.1:8080, {@code ./data}, one local region. */
    public static Config defaults() {
        return new ConfigLoader().defaults(null, null);
    }

    @Override
    public String toString() {
        return "Config[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", regions=" + regions
                + ", limits=" + limits + ", ingest=" + ingest + ", store=" + store + ", dump=" + dump + ", metadataUrl=" + (metadataUrl == null ? "embedded" : ConfigLoader.redactUrl(metadataUrl))
                + ", metadataUser=" + metadataUser + ", metadataPassword=" + (metadataPassword == null ? "null" : "****")
                + ", tls=" + tls + ", auth=" + auth + ", syslog=" + syslog + "]";
    }
}
