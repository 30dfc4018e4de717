package io.logdump.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.logdump.catalog.DumpLimits;
import io.logdump.dump.UploadPolicy;
import io.logdump.ingest.IngestSettings;
import io.logdump.objectstore.s3.S3ObjectStorage;
import io.logdump.store.kafka.KafkaLogStore;
import io.logdump.store.kafka.TopicNames;
import io.logdump.auth.AccessManagement;
import io.logdump.shippers.Destination;
import io.logdump.shippers.syslog.SyslogProtocol;
import io.logdump.shippers.syslog.SyslogSettings;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the operator configuration (YAML) and checks all of it before anything starts, so that
 * one run reports every problem as {@code key: value — rule}. Secret values are never echoed.
 * <pre>
 * host: 127.0.0.1                # listen address
 * port: 8080
 * dataDir: ./data                # metadata.db, the log store, local buckets
 * regions:                       # default: one region "local"
 *   - name: local
 *     objectStore: {type: local}             # root: default dataDir/buckets ("local") or dataDir/buckets-NAME
 *   - name: cn-north-1
 *     objectStore: {type: s3, endpoint: "http://127.0.0.1:9000", pathStyle: true,
 *                   signingRegion: us-east-1, accessKey: "...", secretKey: "..."}
 * dump:
 *   limits: {minIntervalSeconds: 60, maxIntervalSeconds: 3600, minFileSizeMB: 5, maxFileSizeMB: 256,
 *            maxStartDelaySeconds: 3600}
 *   uploads: {attempts: 5, firstDelayMs: 8000, maxDelayMs: 64000}   # automatic retries of a failed upload
 *   historyDays: 7                                                 # how long the dump history is kept
 * ingest: {maxLineBytes: 1048576, maxBodyMB: 64, minFreeDiskMB: 256, memoryBudgetMB: 64, memoryWaitSeconds: 10,
 *          minBodyKiBPerSecond: 64, bodyGraceSeconds: 5}
 * store: {segmentMB: 64, fsync: always, maxDiskMB: 0, retentionCheckSeconds: 60}   # type: local, the default
 * store: {type: kafka, bootstrapServers: "k1:9092,k2:9092", partitions: 3, replicationFactor: 3,
 *         topicPrefix: logdump, clientId: node-a, timeoutSeconds: 30,
 *         properties: {security.protocol: SASL_SSL, ...}}          # further Kafka client properties
 * metadata: {url: "jdbc:postgresql://host/db", user: "...", password: "..."}   # default: embedded SQLite
 * tls: {certificate: cert.pem, privateKey: key.pem, redirectHttpPort: 8080}  # HTTPS on port; default: plain HTTP
 * syslog:                        # syslog listeners, each bound to one subject; default: none
 *   - {protocol: tcp, port: 5514, host: 127.0.0.1, subject: "logset/subject", account: default, timeZone: UTC}
 *   - {protocol: tls, port: 6514, subject: "logset/subject"}   # RFC 5425, with the certificate of tls: above
 * </pre>
 * Command-line {@code --port} and {@code --data-dir} override the file.
 *
 * <p>No problem ever quotes a secret: a file that is not valid YAML is reported by line and column
 * only (YAML parsers quote the offending line, which may hold a password); the value of a key
 * whose name looks secret ({@code secretKey}, {@code password}, {@code accessKey}, anything with
 * secret, password, passwd, token, credential or access/api/private key in it) shows as
 * {@code ****}; a mapping or list in the wrong place is described, not printed; and a URL shows
 * without its user information or secret-looking query parameters. The files of {@code tls} are
 * read and checked here, at start (see {@link TlsFiles}): their problems name the files, which
 * are shown (a file name is no secret), never their content.
 */
public final class ConfigLoader {
    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern BOOTSTRAP_SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):[0-9]{1,5}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final List<String> SECRET_WORDS = List.of("secret", "password", "passwd", "token", "credential",
            "accesskey", "apikey", "privatekey");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/?#@\\s]*@");
    private static final Pattern URL_SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:secret|password|passwd|pwd|token|credential|key)[^=&;?/]*=)[^&;]*");

    private final List<String> problems = new ArrayList<>();
    private final Clock clock;

    public ConfigLoader() {
        this(Clock.systemUTC());
    }

    /** @param clock the time at which the HTTPS certificates must be valid */
    /** Where the first admin's password comes from: {@code LOGDUMP_ADMIN_PASSWORD}. */
    private final java.util.function.Supplier<String> adminPassword = () -> System.getenv("LOGDUMP_ADMIN_PASSWORD");

    public ConfigLoader(Clock clock) {
        this.clock = clock;
    }

    /** Loads {@code file} (null: the embedded defaults) and applies the overrides. */
    public Config load(Path file, Integer port, Path dataDir) throws ConfigException {
        if (file == null) {
            return check("the command line", defaults(port, dataDir));
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("configuration file " + file, List.of("cannot be read: " + e.getMessage()));
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration file " + file, List.of(syntaxProblem(e)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return check("configuration file " + file, defaults(port, dataDir));
        }
        if (!root.isObject()) {
            throw new ConfigException("configuration file " + file, List.of("(top level): must be a mapping of keys to values"));
        }
        Config config = read(root, port, dataDir);
        return check("configuration file " + file, config);
    }

    /**
     * Where the YAML is broken, by line and column only: the parser's own message quotes the line,
     * which may hold a secret.
     */
    private static String syntaxProblem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                Mark problem = yaml.getProblemMark();
                Mark context = yaml.getContextMark();
                String within = context == null || context.getLine() == problem.getLine() && context.getColumn() == problem.getColumn() ? ""
                        : " (in what starts at line " + (context.getLine() + 1) + ", column " + (context.getColumn() + 1) + ")";
                return "is not valid YAML at line " + (problem.getLine() + 1) + ", column " + (problem.getColumn() + 1) + within
                        + "; the text there is not shown, as it may hold a secret";
            }
        }
        JsonLocation at = e.getLocation();
        return "is not valid YAML" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                + "; the text there is not shown, as it may hold a secret";
    }

    Config defaults(Integer port, Path dataDir) {
        Path dir = dataDir != null ? dataDir : Path.of("data");
        return new Config("127.0.0.1", port != null ? port : 8080, dir,
                List.of(new Config.RegionConfig("local", "local", dir.resolve("buckets"), null)),
                DumpLimits.DEFAULT, IngestSettings.DEFAULT, Config.StoreConfig.DEFAULT, Config.DumpConfig.DEFAULT, null, null, null,
                List.of(), null, Config.AuthConfig.DEFAULT.withInitialAdminPassword(adminPassword.get()));
    }

    /** {@code auth: {sessionIdleMinutes, sessionMaxHours}} and {@code metrics: {public}}. */
    private Config.AuthConfig auth(JsonNode auth, JsonNode metrics) {
        Config.AuthConfig d = Config.AuthConfig.DEFAULT;
        int idle = (int) d.sessionIdle().toMinutes();
        int max = (int) d.sessionMax().toHours();
        if (!auth.isMissingNode() && object(auth, "auth")) {
            known(auth, "auth.", Set.of("sessionIdleMinutes", "sessionMaxHours"));
            idle = integer(auth, "sessionIdleMinutes", idle, 1, 24 * 60, "auth.sessionIdleMinutes");
            max = integer(auth, "sessionMaxHours", max, 1, 24 * 30, "auth.sessionMaxHours");
        }
        boolean open = false;
        if (!metrics.isMissingNode() && object(metrics, "metrics")) {
            known(metrics, "metrics.", Set.of("public"));
            JsonNode p = metrics.get("public");
            if (p != null && !p.isBoolean()) {
                problems.add("metrics.public: " + shown("metrics.public", p) + " — must be true or false");
            }
            open = p != null && p.asBoolean();
        }
        return new Config.AuthConfig(Duration.ofMinutes(idle), Duration.ofHours(max), open, adminPassword.get());
    }

    private Config check(String source, Config config) throws ConfigException {
        if (config.port() < 0 || config.port() > 65535) {
            problems.add("port: " + config.port() + " — must be between 0 and 65535 (0 picks a free port)");
        }
        Config.TlsConfig tls = config.tls();
        if (tls != null && tls.redirectHttpPort() != null && tls.redirectHttpPort() != 0 && tls.redirectHttpPort() == config.port()) {
            problems.add("tls.redirectHttpPort: " + tls.redirectHttpPort() + " — must differ from port, where HTTPS is served");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    private Config read(JsonNode root, Integer portOverride, Path dataDirOverride) {
        known(root, "", Set.of("host", "port", "dataDir", "regions", "dump", "ingest", "store", "metadata", "allowedHosts", "tls",
                "auth", "metrics", "syslog"));
        String host = text(root, "host", "127.0.0.1");
        int port = portOverride != null ? portOverride : integer(root, "port", 8080, 0, 65535);
        Path dataDir = dataDirOverride != null ? dataDirOverride : path(root, "dataDir", Path.of("data"));
        List<Config.RegionConfig> regions = regions(root.get("regions"), dataDir);
        DumpLimits limits = limits(root.path("dump"));
        Config.DumpConfig dump = dump(root.path("dump"));
        IngestSettings ingest = ingest(root.path("ingest"));
        Config.StoreConfig store = store(root.path("store"), port);
        JsonNode metadata = root.get("metadata");
        String url = null;
        String user = null;
        String password = null;
        if (metadata != null && object(metadata, "metadata")) {
            known(metadata, "metadata.", Set.of("url", "user", "password"));
            url = text(metadata, "url", null, "metadata.url");
            user = text(metadata, "user", null, "metadata.user");
            password = text(metadata, "password", null, "metadata.password");
            if (url != null && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:")) {
                problems.add("metadata.url: " + redactUrl(url) + " — must start with jdbc:postgresql: or jdbc:sqlite:");
            }
        }
        Config.TlsConfig tls = tls(root.get("tls"));
        return new Config(host, port, dataDir, regions, limits, ingest, store, dump, url, user, password, allowedHosts(root.get("allowedHosts")),
                tls, auth(root.path("auth"), root.path("metrics")), syslog(root.get("syslog"), host, port, ingest, tls != null));
    }

    /**
     * {@code syslog: [{protocol: tcp|tls|udp, port, host, subject: "logset/subject", account, timeZone}]}: host defaults
     * to the server's, account to {@code default}, timeZone (of RFC 3164 time stamps) to UTC; a message may be as
     * long as {@code ingest.maxLineBytes}. No two listeners, nor a listener and the HTTP server, may share a port;
     * {@code tls} presents the certificate of the server's {@code tls}, so it needs one.
     */
    private List<SyslogSettings> syslog(JsonNode node, String serverHost, int httpPort, IngestSettings ingest, boolean serverTls) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("syslog: " + shown("syslog", node) + " — must be a list of listeners, e.g. [{protocol: tcp, port: 5514, subject: shop/app}]");
            return List.of();
        }
        List<SyslogSettings> out = new ArrayList<>();
        Set<String> ports = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "syslog[" + i + "]";
            JsonNode l = node.get(i);
            if (!object(l, at)) {
                continue;
            }
            known(l, at + ".", Set.of("protocol", "port", "host", "subject", "account", "timeZone"));
            String protocolName = text(l, "protocol", null, at + ".protocol");
            SyslogProtocol protocol = SyslogProtocol.of(protocolName);
            if (protocol == null) {
                problems.add(at + ".protocol: " + (protocolName == null ? "(missing)" : protocolName) + " — must be tcp, tls or udp");
            } else if (protocol == SyslogProtocol.TLS && !serverTls) {
                problems.add(at + ".protocol: tls — needs the server's certificate: add tls: {certificate: ..., privateKey: ...}");
            }
            boolean overTcp = protocol != null && protocol.overTcp();
            if (!l.hasNonNull("port")) {
                problems.add(at + ".port: (missing) — is required (0 picks a free port)");
            }
            int port = integer(l, "port", 0, 0, 65535, at + ".port");
            String host = text(l, "host", serverHost, at + ".host");
            String account = text(l, "account", AccessManagement.DEFAULT_ACCOUNT, at + ".account");
            String subject = text(l, "subject", null, at + ".subject");
            Destination to = subject == null ? null : Destination.parse(account, subject, '/');
            if (subject == null) {
                problems.add(at + ".subject: (missing) — is required: the log subject its messages go to, as <logset>/<subject>");
            } else if (to == null) {
                problems.add(at + ".subject: " + subject + " — must be <logset>/<subject>, two names of letters, digits, _ or -");
            }
            String zoneName = text(l, "timeZone", "UTC", at + ".timeZone");
            ZoneId zone = ZoneId.of("UTC");
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                problems.add(at + ".timeZone: " + zoneName + " — is not a time zone (an IANA name such as Asia/Shanghai, or an offset such as +08:00)");
            }
            if (port != 0 && (protocol == null || !ports.add((overTcp ? "tcp" : "udp") + "/" + port) || overTcp && port == httpPort)) {
                problems.add(at + ".port: " + port + " — is used by " + (overTcp && port == httpPort ? "the HTTP server" : "another listener"));
            }
            if (to != null && protocol != null) {
                out.add(new SyslogSettings(protocol, host, port, to, zone, ingest.maxLineBytes()));
            }
        }
        return out;
    }

    /**
     * HTTPS: both files are required, and checked now (readable, parseable, the key matching the
     * certificate, every certificate valid at the clock's instant); null without {@code tls}.
     */
    private Config.TlsConfig tls(JsonNode node) {
        if (node == null || !object(node, "tls")) {
            return null;
        }
        known(node, "tls.", Set.of("certificate", "privateKey", "redirectHttpPort"));
        Path certificate = path(node, "certificate", null, "tls.certificate");
        Path privateKey = path(node, "privateKey", null, "tls.privateKey");
        Integer redirect = node.hasNonNull("redirectHttpPort") ? integer(node, "redirectHttpPort", 0, 0, 65535, "tls.redirectHttpPort") : null;
        if (certificate == null && !node.hasNonNull("certificate")) {
            problems.add("tls.certificate: (missing) — is required: a PEM file with the server's certificate, then any intermediate ones");
        }
        if (privateKey == null && !node.hasNonNull("privateKey")) {
            problems.add("tls.privateKey: (missing) — is required: a PEM file with the certificate's unencrypted private key");
        }
        if (certificate == null || privateKey == null) {
            return null;
        }
        problems.addAll(TlsFiles.check(certificate, privateKey, clock.instant()));
        return new Config.TlsConfig(certificate, privateKey, redirect);
    }

    /** Host names clients use besides the loopback names and the listen address (DNS rebinding: see ServedHosts); "*" for any. */
    private List<String> allowedHosts(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!node.isArray()) {
            problems.add("allowedHosts: " + shown("allowedHosts", node) + " — must be a list of host names, e.g. [logs.example.com]");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            if (!n.isTextual() || !n.textValue().matches("\\*|\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]{1,253}")) {
                problems.add("allowedHosts[" + i + "]: " + shown("allowedHosts", n) + " — must be a host name, an IP address ([...] for IPv6) or *");
            } else {
                out.add(n.textValue());
            }
        }
        return out;
    }

    private List<Config.RegionConfig> regions(JsonNode node, Path dataDir) {
        if (node == null) {
            return defaults(null, dataDir).regions();
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add("regions: " + shown("regions", node) + " — must be a non-empty list of regions");
            return List.of();
        }
        List<Config.RegionConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "regions[" + i + "]";
            JsonNode r = node.get(i);
            if (!object(r, at)) {
                continue;
            }
            known(r, at + ".", Set.of("name", "objectStore"));
            String name = text(r, "name", null, at + ".name");
            if (name == null) {
                problems.add(at + ".name: (missing) — is required");
            } else if (!REGION_NAME.matcher(name).matches()) {
                problems.add(at + ".name: " + name + " — must be 1 to 63 lower-case letters, digits or -, starting with a letter or digit");
            } else if (!names.add(name)) {
                problems.add(at + ".name: " + name + " — is used by another region");
            }
            JsonNode store = r.get("objectStore");
            if (store == null || !object(store, at + ".objectStore")) {
                if (store == null) {
                    problems.add(at + ".objectStore: (missing) — is required: {type: local} or {type: s3, ...}");
                }
                continue;
            }
            String p = at + ".objectStore.";
            String type = text(store, "type", null, p + "type");
            if ("local".equals(type)) {
                known(store, p, Set.of("type", "root"));
                Path defaultRoot = dataDir.resolve("local".equals(name) ? "buckets" : "buckets-" + name);
                Path root = store.has("root") ? path(store, "root", defaultRoot, p + "root") : defaultRoot;
                out.add(new Config.RegionConfig(name, "local", root, null));
            } else if ("s3".equals(type)) {
                known(store, p, Set.of("type", "endpoint", "pathStyle", "signingRegion", "accessKey", "secretKey"));
                String endpoint = text(store, "endpoint", null, p + "endpoint");
                if (endpoint != null) {
                    checkEndpoint(endpoint, p + "endpoint");
                }
                boolean pathStyle = bool(store, "pathStyle", true, p + "pathStyle");
                String signingRegion = text(store, "signingRegion", "us-east-1", p + "signingRegion");
                String accessKey = text(store, "accessKey", null, p + "accessKey");
                String secretKey = text(store, "secretKey", null, p + "secretKey");
                if ((accessKey == null) != (secretKey == null)) {
                    problems.add(p + "accessKey/secretKey — give both or neither (neither: the AWS default credential chain)");
                }
                out.add(new Config.RegionConfig(name, "s3", null,
                        new S3ObjectStorage.Settings(endpoint, pathStyle, signingRegion, accessKey, secretKey)));
            } else {
                problems.add(p + "type: " + (type == null ? "(missing)" : type) + " — must be local or s3");
            }
        }
        return out;
    }

    private DumpLimits limits(JsonNode dump) {
        if (dump.isMissingNode()) {
            return DumpLimits.DEFAULT;
        }
        if (!object(dump, "dump")) {
            return DumpLimits.DEFAULT;
        }
        known(dump, "dump.", Set.of("limits", "uploads", "historyDays"));
        JsonNode l = dump.path("limits");
        if (l.isMissingNode() || !object(l, "dump.limits")) {
            return DumpLimits.DEFAULT;
        }
        known(l, "dump.limits.", Set.of("minIntervalSeconds", "maxIntervalSeconds", "minFileSizeMB", "maxFileSizeMB", "maxStartDelaySeconds"));
        DumpLimits d = DumpLimits.DEFAULT;
        int minInterval = integer(l, "minIntervalSeconds", d.minIntervalSeconds(), 1, 86_400, "dump.limits.minIntervalSeconds");
        int maxInterval = integer(l, "maxIntervalSeconds", d.maxIntervalSeconds(), 1, 86_400, "dump.limits.maxIntervalSeconds");
        int minSize = integer(l, "minFileSizeMB", d.minFileSizeMB(), 1, 5_120, "dump.limits.minFileSizeMB");
        int maxSize = integer(l, "maxFileSizeMB", d.maxFileSizeMB(), 1, 5_120, "dump.limits.maxFileSizeMB");
        int maxDelay = integer(l, "maxStartDelaySeconds", d.maxStartDelaySeconds(), 0, 86_400, "dump.limits.maxStartDelaySeconds");
        if (minInterval > maxInterval) {
            problems.add("dump.limits.minIntervalSeconds: " + minInterval + " — must not exceed maxIntervalSeconds (" + maxInterval + ")");
        }
        if (minSize > maxSize) {
            problems.add("dump.limits.minFileSizeMB: " + minSize + " — must not exceed maxFileSizeMB (" + maxSize + ")");
        }
        return new DumpLimits(minInterval, maxInterval, minSize, maxSize, maxDelay);
    }

    private Config.DumpConfig dump(JsonNode dump) {
        Config.DumpConfig d = Config.DumpConfig.DEFAULT;
        if (dump.isMissingNode() || !dump.isObject()) {
            return d; // reported by limits()
        }
        int days = integer(dump, "historyDays", (int) d.historyKeep().toDays(), 1, 3650, "dump.historyDays");
        UploadPolicy u = d.uploads();
        JsonNode node = dump.path("uploads");
        if (node.isMissingNode() || !object(node, "dump.uploads")) {
            return new Config.DumpConfig(u, Duration.ofDays(days));
        }
        known(node, "dump.uploads.", Set.of("attempts", "firstDelayMs", "maxDelayMs"));
        int attempts = integer(node, "attempts", u.attempts(), 1, 100, "dump.uploads.attempts");
        int first = integer(node, "firstDelayMs", (int) u.firstDelay().toMillis(), 0, 3_600_000, "dump.uploads.firstDelayMs");
        int max = integer(node, "maxDelayMs", Math.max(first, (int) u.maxDelay().toMillis()), 0, 3_600_000, "dump.uploads.maxDelayMs");
        if (first > max) {
            problems.add("dump.uploads.firstDelayMs: " + first + " — must not exceed maxDelayMs (" + max + ")");
            return new Config.DumpConfig(u, Duration.ofDays(days));
        }
        return new Config.DumpConfig(new UploadPolicy(attempts, Duration.ofMillis(first), Duration.ofMillis(max), u.retryWindow()),
                Duration.ofDays(days));
    }

    private IngestSettings ingest(JsonNode node) {
        IngestSettings d = IngestSettings.DEFAULT;
        if (node.isMissingNode() || !object(node, "ingest")) {
            return d;
        }
        known(node, "ingest.", Set.of("maxLineBytes", "maxBodyMB", "minFreeDiskMB", "memoryBudgetMB", "memoryWaitSeconds",
                "minBodyKiBPerSecond", "bodyGraceSeconds"));
        int maxLine = integer(node, "maxLineBytes", d.maxLineBytes(), 1024, 16 << 20, "ingest.maxLineBytes");
        long maxBody = integer(node, "maxBodyMB", (int) (d.maxBodyBytes() >> 20), 1, 1024, "ingest.maxBodyMB");
        long minFree = integer(node, "minFreeDiskMB", (int) (d.minFreeDiskBytes() >> 20), 0, Integer.MAX_VALUE, "ingest.minFreeDiskMB");
        long budget = integer(node, "memoryBudgetMB", (int) (d.memoryBudgetBytes() >> 20), 1, 4096, "ingest.memoryBudgetMB");
        int wait = integer(node, "memoryWaitSeconds", (int) d.memoryWait().toSeconds(), 1, 300, "ingest.memoryWaitSeconds");
        long minRate = integer(node, "minBodyKiBPerSecond", (int) (d.minBodyBytesPerSecond() >> 10), 0, 1 << 20, "ingest.minBodyKiBPerSecond");
        int grace = integer(node, "bodyGraceSeconds", (int) d.bodyGrace().toSeconds(), 1, 300, "ingest.bodyGraceSeconds");
        return new IngestSettings(maxLine, maxBody << 20, minFree << 20, budget << 20, Duration.ofSeconds(wait), minRate << 10,
                Duration.ofSeconds(grace));
    }

    private Config.StoreConfig store(JsonNode node, int port) {
        Config.StoreConfig d = Config.StoreConfig.DEFAULT;
        if (node.isMissingNode() || !object(node, "store")) {
            return d;
        }
        String type = text(node, "type", "local", "store.type");
        if (type.equals("kafka")) {
            return new Config.StoreConfig(d.segmentBytes(), d.fsync(), d.maxDiskBytes(), d.retentionCheckSeconds(), kafka(node, port));
        }
        if (!type.equals("local")) {
            problems.add("store.type: " + type + " — must be local (a segment log under dataDir) or kafka (a topic per log subject on Apache Kafka)");
            return d;
        }
        known(node, "store.", Set.of("type", "segmentMB", "fsync", "maxDiskMB", "retentionCheckSeconds"));
        long segment = integer(node, "segmentMB", (int) (d.segmentBytes() >> 20), 1, 1024, "store.segmentMB");
        String fsync = text(node, "fsync", "always", "store.fsync");
        if (!fsync.equals("always") && !fsync.equals("never")) {
            problems.add("store.fsync: " + fsync + " — must be always (every acknowledged request is on disk) or never (the OS decides)");
        }
        long maxDisk = integer(node, "maxDiskMB", 0, 0, Integer.MAX_VALUE, "store.maxDiskMB");
        int check = integer(node, "retentionCheckSeconds", d.retentionCheckSeconds(), 1, 86_400, "store.retentionCheckSeconds");
        return new Config.StoreConfig(segment << 20, !fsync.equals("never"), maxDisk << 20, check);
    }

    /** {@code store} with {@code type: kafka}; null when it has problems (they are listed). */
    private KafkaLogStore.Settings kafka(JsonNode node, int port) {
        known(node, "store.", Set.of("type", "bootstrapServers", "partitions", "replicationFactor", "topicPrefix", "clientId",
                "timeoutSeconds", "properties"));
        int before = problems.size();
        String bootstrap = text(node, "bootstrapServers", null, "store.bootstrapServers");
        if (bootstrap == null) {
            if (!node.hasNonNull("bootstrapServers")) {
                problems.add("store.bootstrapServers: (missing) — is required with store.type kafka: host:port of one or more brokers, "
                        + "separated by commas");
            }
        } else {
            for (String server : bootstrap.split(",", -1)) {
                String hostPort = server.trim();
                if (!BOOTSTRAP_SERVER.matcher(hostPort).matches()
                        || Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) < 1
                        || Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) > 65535) {
                    boolean secret = bootstrap.contains("@"); // user:password@host is no host:port, and never shown
                    problems.add("store.bootstrapServers: " + (secret ? "****" : bootstrap) + " — must be host:port of one or more brokers, "
                            + "separated by commas (" + (server.isBlank() ? "an empty entry" : (secret ? "an entry" : hostPort) + " is not host:port")
                            + ")");
                    break;
                }
            }
        }
        int partitions = integer(node, "partitions", 0, 1, 10_000, "store.partitions");
        int replicas = integer(node, "replicationFactor", 0, 1, 32_767, "store.replicationFactor");
        String prefix = text(node, "topicPrefix", "logdump", "store.topicPrefix");
        if (!TopicNames.validPrefix(prefix)) {
            problems.add("store.topicPrefix: " + prefix + " — must be 1 to 64 letters, digits or - (the topics are prefix.account.logset.subject)");
        }
        String clientId = text(node, "clientId", defaultClientId(port), "store.clientId");
        if (!CLIENT_ID.matcher(clientId).matches()) {
            problems.add("store.clientId: " + clientId + " — must be 1 to 100 letters, digits, ., _ or -; it names this node's "
                    + "Kafka clients and transactions, so every node needs its own");
        }
        int timeout = integer(node, "timeoutSeconds", 30, 1, 600, "store.timeoutSeconds");
        java.util.Map<String, String> properties = new java.util.TreeMap<>();
        JsonNode props = node.get("properties");
        if (props != null && !props.isNull() && object(props, "store.properties")) {
            for (Iterator<java.util.Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                java.util.Map.Entry<String, JsonNode> e = it.next();
                String key = "store.properties." + e.getKey();
                if (KafkaLogStore.RESERVED_PROPERTIES.contains(e.getKey())) {
                    problems.add(key + " — is set by Logdump (bootstrapServers and clientId are keys of store; acks=all, idempotence, "
                            + "transactions and read_committed are what makes an acknowledged append durable and whole)");
                } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    problems.add(key + ": " + shown(e.getKey(), e.getValue()) + " — must be a text, a number or true/false");
                } else {
                    properties.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        if (problems.size() > before || bootstrap == null) {
            return null;
        }
        return new KafkaLogStore.Settings(bootstrap, partitions, replicas, prefix, clientId, Duration.ofSeconds(timeout), properties);
    }

    /** {@code logdump-<host name>-<port>}: differs between nodes unless two share a host and a port. */
    private static String defaultClientId(int port) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        String id = "logdump-" + host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + port;
        return id.length() > 100 ? id.substring(0, 100) : id;
    }

    private void checkEndpoint(String endpoint, String key) {
        try {
            URI uri = URI.create(endpoint);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(key + ": " + redactUrl(endpoint) + " — must be an http:// or https:// URL with a host");
            }
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + redactUrl(endpoint) + " — is not a URL");
        }
    }

    private void known(JsonNode node, String prefix, Set<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                problems.add(prefix + key + " — is not a known key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    private boolean object(JsonNode node, String key) {
        if (!node.isObject()) {
            problems.add(key + ": " + shown(key.substring(key.lastIndexOf('.') + 1), node) + " — must be a mapping");
            return false;
        }
        return true;
    }

    private String text(JsonNode node, String name, String fallback) {
        return text(node, name, fallback, name);
    }

    private String text(JsonNode node, String name, String fallback, String key) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode() || v.isBoolean() || v.asText().isEmpty()) {
            problems.add(key + ": " + shown(name, v) + " — must be a non-empty text");
            return fallback;
        }
        return v.asText();
    }

    private int integer(JsonNode node, String name, int fallback, int min, int max) {
        return integer(node, name, fallback, min, max, name);
    }

    private int integer(JsonNode node, String name, int fallback, int min, int max, String key) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            problems.add(key + ": " + shown(name, v) + " — must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return v.intValue();
    }

    private boolean bool(JsonNode node, String name, boolean fallback, String key) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problems.add(key + ": " + shown(name, v) + " — must be true or false");
            return fallback;
        }
        return v.booleanValue();
    }

    private Path path(JsonNode node, String name, Path fallback) {
        return path(node, name, fallback, name);
    }

    private Path path(JsonNode node, String name, Path fallback, String key) {
        String text = text(node, name, null, key);
        if (text == null) {
            return fallback;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            problems.add(key + ": " + text + " — is not a valid path");
            return fallback;
        }
    }

    /** A value for a problem: {@code ****} under a secret-looking key, a mapping or list by its kind only. */
    private static String shown(String name, JsonNode v) {
        if (isSecret(name)) {
            return "****";
        }
        if (v.isObject()) {
            return "(a mapping)";
        }
        if (v.isArray()) {
            return "(a list)";
        }
        return v.toString();
    }

    /** Whether a key's name looks like it holds a secret: secretKey, password, accessKey, apiToken... */
    static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return SECRET_WORDS.stream().anyMatch(n::contains);
    }

    /** A URL without its user information ({@code user:password@}) or the values of secret-looking parameters. */
    static String redactUrl(String url) {
        String out = URL_USER_INFO.matcher(url).replaceAll("****@");
        return URL_SECRET_PARAMETER.matcher(out).replaceAll("$1****");
    }
}
