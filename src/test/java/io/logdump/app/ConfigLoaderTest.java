package io.logdump.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.catalog.DumpLimits;
import io.logdump.dump.UploadPolicy;
import io.logdump.shippers.Destination;
import io.logdump.shippers.syslog.SyslogSettings;
import java.time.ZoneId;
import java.nio.file.Files;
import java.nio.file.Path;
import io.logdump.store.kafka.KafkaLogStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileRunsOnTheEmbeddedDefaults() throws Exception {
        Config c = new ConfigLoader().load(null, null, null);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.regions()).containsExactly(new Config.RegionConfig("local", "local", Path.of("data/buckets"), null));
        assertThat(c.limits()).isEqualTo(DumpLimits.DEFAULT);
        assertThat(c.metadataUrl()).isNull();
        assertThat(c.ingest()).isEqualTo(io.logdump.ingest.IngestSettings.DEFAULT);
        assertThat(c.store()).isEqualTo(Config.StoreConfig.DEFAULT);
        assertThat(c.dump().uploads()).isEqualTo(UploadPolicy.DEFAULT);
        assertThat(c.dump().historyKeep()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void mapsEveryKeyOfTheFileAndLetsTheCommandLineOverridePortAndDataDir() throws Exception {
        Path file = write("""
                host: 0.0.0.0
                port: 9090
                dataDir: /var/lib/logdump
                regions:
                  - name: local
                    objectStore: {type: local}
                  - name: archive
                    objectStore: {type: local, root: /mnt/archive}
                  - name: cn-north-1
                    objectStore: {type: s3, endpoint: "http://127.0.0.1:9000", pathStyle: true,
                                  signingRegion: us-east-1, accessKey: "AK", secretKey: "SK"}
                dump:
                  limits: {minIntervalSeconds: 1, maxIntervalSeconds: 7200, minFileSizeMB: 1, maxFileSizeMB: 512, maxStartDelaySeconds: 60}
                  uploads: {attempts: 3, firstDelayMs: 100, maxDelayMs: 400}
                  historyDays: 30
                ingest: {maxLineBytes: 4096, maxBodyMB: 8, minFreeDiskMB: 10, memoryBudgetMB: 16, memoryWaitSeconds: 3,
                         minBodyKiBPerSecond: 16, bodyGraceSeconds: 2}
                store: {segmentMB: 32, fsync: never, maxDiskMB: 1000, retentionCheckSeconds: 5}
                metadata: {url: "jdbc:postgresql://127.0.0.1/logdump", user: logdump, password: pw}
                """);
        Config c = new ConfigLoader().load(file, null, null);
        assertThat(c.ingest()).isEqualTo(new io.logdump.ingest.IngestSettings(4096, 8L << 20, 10L << 20, 16L << 20,
                Duration.ofSeconds(3), 16L << 10, Duration.ofSeconds(2)));
        assertThat(c.store()).isEqualTo(new Config.StoreConfig(32L << 20, false, 1000L << 20, 5));
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/logdump"));
        assertThat(c.regions()).hasSize(3);
        assertThat(c.regions().get(0).root()).isEqualTo(Path.of("/var/lib/logdump/buckets"));
        assertThat(c.regions().get(1).root()).isEqualTo(Path.of("/mnt/archive"));
        assertThat(c.regions().get(2).s3().endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(c.regions().get(2).s3().secretKey()).isEqualTo("SK");
        assertThat(c.limits()).isEqualTo(new DumpLimits(1, 7200, 1, 512, 60));
        assertThat(c.dump().uploads()).isEqualTo(new UploadPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofHours(1)));
        assertThat(c.dump().historyKeep()).isEqualTo(Duration.ofDays(30));
        assertThat(c.metadataUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/logdump");

        Config overridden = new ConfigLoader().load(file, 0, dir);
        assertThat(overridden.port()).isZero();
        assertThat(overridden.dataDir()).isEqualTo(dir);
        assertThat(overridden.regions().get(0).root()).isEqualTo(dir.resolve("buckets"));
    }

    @Test
    void listsEveryProblemOfAWrongFileWithKeyValueAndRule() throws Exception {
        Path file = write("""
                port: 99999
                colour: blue
                regions:
                  - name: Local_Region
                    objectStore: {type: ftp}
                  - name: s3a
                    objectStore: {type: s3, endpoint: "not a url", accessKey: "AK", secretKey: "TOPSECRET", pathStyle: maybe}
                  - name: s3a
                    objectStore: {type: s3, accessKey: "AK"}
                dump:
                  limits: {minIntervalSeconds: 600, maxIntervalSeconds: 60, minFileSizeMB: -1}
                  uploads: {attempts: 0, firstDelayMs: 5000, maxDelayMs: 100, jitter: none}
                  historyDays: 0
                metadata: {url: "jdbc:mysql://x", password: [SECRETLIST]}
                store: {fsync: sometimes, segmentMB: 0}
                ingest: {maxLineBytes: 10, bodyGraceSeconds: 0}
                """);
        assertThatThrownBy(() -> new ConfigLoader().load(file, null, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("port: 99999"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("colour").contains("not a known key"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("regions[0].name: Local_Region"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("regions[0].objectStore.type: ftp").contains("local or s3"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("regions[1].objectStore.endpoint: not a url"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("regions[1].objectStore.pathStyle"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("regions[2].name: s3a").contains("another region"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("regions[2].objectStore.accessKey/secretKey"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("dump.limits.minIntervalSeconds: 600"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("dump.limits.minFileSizeMB: -1"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("dump.uploads.attempts: 0").contains("from 1 to 100"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("dump.uploads.firstDelayMs: 5000")
                            .contains("must not exceed maxDelayMs (100)"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("dump.uploads.jitter").contains("not a known key"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("dump.historyDays: 0"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("metadata.url: jdbc:mysql://x"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("metadata.password: ****"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.fsync: sometimes"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.segmentMB: 0"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("ingest.maxLineBytes: 10"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("ingest.bodyGraceSeconds: 0"));
                    assertThat(e.getMessage()).doesNotContain("TOPSECRET").doesNotContain("SECRETLIST");
                });
    }

    @Test
    void theLogStoreIsLocalUnlessTypeKafkaNamesTheBrokers() throws Exception {
        assertThat(new ConfigLoader().load(write("store: {fsync: never}\n"), null, null).store().type()).isEqualTo("local");
        Config c = new ConfigLoader().load(write("""
                port: 8081
                store:
                  type: kafka
                  bootstrapServers: "k1:9092, k2.example.com:9093,[::1]:9094"
                  partitions: 6
                  replicationFactor: 3
                  topicPrefix: logs-prod
                  clientId: node-a
                  timeoutSeconds: 10
                  properties: {security.protocol: SASL_SSL, compression.type: zstd, linger.ms: 20, sasl.jaas.config: "x password=\\"JAAS1\\";"}
                """), null, null);
        assertThat(c.store().type()).isEqualTo("kafka");
        KafkaLogStore.Settings kafka = c.store().kafka();
        assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092, k2.example.com:9093,[::1]:9094");
        assertThat(kafka.partitions()).isEqualTo(6);
        assertThat(kafka.replicationFactor()).isEqualTo(3);
        assertThat(kafka.topicPrefix()).isEqualTo("logs-prod");
        assertThat(kafka.clientId()).isEqualTo("node-a");
        assertThat(kafka.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "20")
                .containsEntry("compression.type", "zstd");
        assertThat(c.toString()).as("client property values may be secrets").doesNotContain("JAAS1").contains("sasl.jaas.config");

        KafkaLogStore.Settings defaults = new ConfigLoader().load(write("store: {type: kafka, bootstrapServers: \"k1:9092\"}\n"), 8082, null)
                .store().kafka();
        assertThat(defaults.partitions()).as("the brokers' num.partitions").isZero();
        assertThat(defaults.replicationFactor()).as("the brokers' default.replication.factor").isZero();
        assertThat(defaults.topicPrefix()).isEqualTo("logdump");
        assertThat(defaults.clientId()).as("differs between nodes: host name and port").startsWith("logdump-").endsWith("-8082");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aKafkaStoreWithoutBrokersOrWithLogdumpsOwnClientPropertiesIsRefused() throws Exception {
        Path file = write("""
                store:
                  type: kafka
                  segmentMB: 64
                  partitions: 0
                  replicationFactor: 40000
                  topicPrefix: "logs_prod"
                  clientId: "node a"
                  properties: {acks: "1", enable.idempotence: false, transactional.id: x, ssl.truststore.location: [a, b]}
                """);
        assertThatThrownBy(() -> new ConfigLoader().load(file, null, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.bootstrapServers: (missing) — is required"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.segmentMB").contains("not a known key"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.partitions: 0").contains("from 1 to 10000"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.replicationFactor: 40000"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.topicPrefix: logs_prod"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.clientId: node a").contains("every node"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.properties.acks — is set by Logdump"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.properties.enable.idempotence — is set by Logdump"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.properties.transactional.id — is set by Logdump"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("store.properties.ssl.truststore.location: (a list)"));
                });
        for (String servers : List.of("k1", "k1:0", "k1:99999", "k1:9092,", "k1:9092 k2:9092")) {
            Path bad = write("store: {type: kafka, bootstrapServers: \"" + servers + "\"}\n");
            assertThatThrownBy(() -> new ConfigLoader().load(bad, null, null)).as(servers)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                            .satisfies(p -> assertThat(p).startsWith("store.bootstrapServers: " + servers + " — must be host:port")));
        }
        Path unknown = write("store: {type: cassandra}\n");
        assertThatThrownBy(() -> new ConfigLoader().load(unknown, null, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).startsWith("store.type: cassandra — must be local").contains("kafka")));
    }

    @Test
    void syslogListenersAreReadWithTheirDefaultsAndEveryBrokenRuleIsNamed() throws Exception {
        Config c = new ConfigLoader().load(write("""
                host: 127.0.0.2
                syslog:
                  - {protocol: tcp, port: 5514, subject: shop/app}
                  - {protocol: udp, port: 5514, host: 0.0.0.0, subject: "shop/udp", account: acme, timeZone: Asia/Shanghai}
                """), null, dir);
        assertThat(c.syslog()).containsExactly(
                new SyslogSettings(io.logdump.shippers.syslog.SyslogProtocol.TCP, "127.0.0.2", 5514, new Destination("default", "shop", "app"), ZoneId.of("UTC"), 1 << 20),
                new SyslogSettings(io.logdump.shippers.syslog.SyslogProtocol.UDP, "0.0.0.0", 5514, new Destination("acme", "shop", "udp"), ZoneId.of("Asia/Shanghai"), 1 << 20));
        assertThat(new ConfigLoader().load(null, null, dir).syslog()).isEmpty();

        assertThatThrownBy(() -> new ConfigLoader().load(write("""
                port: 8080
                syslog:
                  - {protocol: sctp, port: 5514, subject: shop/app}
                  - {protocol: tcp, subject: shop.app}
                  - {protocol: tcp, port: 8080, subject: shop/app, timeZone: Mars/Olympus, colour: red}
                  - {protocol: udp, port: 70000}
                """), null, dir)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).startsWith("syslog[0].protocol: sctp"))
                .anySatisfy(p -> assertThat(p).startsWith("syslog[1].port: (missing)"))
                .anySatisfy(p -> assertThat(p).startsWith("syslog[1].subject: shop.app"))
                .anySatisfy(p -> assertThat(p).startsWith("syslog[2].port: 8080 — is used by the HTTP server"))
                .anySatisfy(p -> assertThat(p).startsWith("syslog[2].timeZone: Mars/Olympus"))
                .anySatisfy(p -> assertThat(p).startsWith("syslog[2].colour"))
                .anySatisfy(p -> assertThat(p).startsWith("syslog[3].port: 70000"))
                .anySatisfy(p -> assertThat(p).startsWith("syslog[3].subject: (missing)")));
    }

    @Test
    void anEmptyFileMeansTheDefaults() throws Exception {
        assertThat(new ConfigLoader().load(write(""), null, dir).regions()).hasSize(1);
    }

    @Test
    void aMissingFileIsAProblemNotACrash() {
        assertThatThrownBy(() -> new ConfigLoader().load(dir.resolve("nope.yaml"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void secretsAreNeverInTheConfigurationsText() throws Exception {
        Config c = new ConfigLoader().load(write("""
                regions:
                  - name: s3
                    objectStore: {type: s3, endpoint: "http://127.0.0.1:9000", accessKey: AK, secretKey: TOPSECRET}
                metadata: {url: "jdbc:postgresql://h/db", user: u, password: HUNTER2}
                """), null, null);
        assertThat(c.toString()).doesNotContain("TOPSECRET").doesNotContain("HUNTER2").contains("****");
    }

    /** Malformed YAML with the secret on the offending line, or beside it: the message names line and column only. */
    @ParameterizedTest
    @ValueSource(strings = {
            "regions:\n  - name: s3\n    objectStore: {type: s3, accessKey: AK, secretKey: \"S3CR3T-VALUE-42\n",
            "metadata:\n  password:\tS3CR3T-VALUE-42\n",
            "metadata:\n\tpassword: S3CR3T-VALUE-42\n",
            "metadata: {password: S3CR3T-VALUE-42\n",
            "metadata: [password, S3CR3T-VALUE-42\n",
            "metadata:\n  password: S3CR3T-VALUE-42\n   user: x\n",
            "metadata:\n  password: \"S3CR3T-VALUE-42\\q\"\n",
            "metadata:\n  password: S3CR3T-VALUE-42: x\n",
            "metadata:\n  password: 'S3CR3T-VALUE-42\n",
            "metadata: {password: S3CR3T-VALUE-42} }\n"})
    void aMalformedFileIsReportedByLineAndColumnWithoutItsText(String yaml) throws Exception {
        Path file = write(yaml);
        assertThatThrownBy(() -> new ConfigLoader().load(file, null, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).as(yaml).doesNotContain("S3CR3T").doesNotContain("VALUE-42");
                    assertThat(e.getMessage()).as(yaml).containsPattern("line \\d+, column \\d+");
                });
    }

    /** Well-formed YAML whose secrets sit where a rule is broken: no problem line quotes them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "regions: {name: s3, objectStore: {type: s3, accessKey: AK, secretKey: S3CR3T-VALUE-42}}\n",
            "regions:\n  - name: s3\n    objectStore: [type, s3, secretKey, S3CR3T-VALUE-42]\n",
            "regions:\n  - [name, s3, objectStore, {secretKey: S3CR3T-VALUE-42}]\n",
            "regions:\n  - name: s3\n    objectStore: {type: s3, accessKey: [S3CR3T-VALUE-42], secretKey: x}\n",
            "regions:\n  - name: s3\n    objectStore: {type: s3, accessKey: AK, secretKey: {v: S3CR3T-VALUE-42}}\n",
            "regions:\n  - name: s3\n    objectStore: {type: s3, endpoint: \"ftp://ak:S3CR3T-VALUE-42@host\", accessKey: a, secretKey: b}\n",
            "metadata: [password, S3CR3T-VALUE-42]\n",
            "metadata: {url: \"postgresql://u:S3CR3T-VALUE-42@h/db\"}\n",
            "metadata: {url: \"jdbc:mysql://h/db?user=u&password=S3CR3T-VALUE-42\"}\n",
            "port: {password: S3CR3T-VALUE-42}\n",
            "dump: {limits: [secretKey, S3CR3T-VALUE-42]}\n",
            "store: {fsync: {token: S3CR3T-VALUE-42}}\n",
            "store: {type: kafka, bootstrapServers: \"u:S3CR3T-VALUE-42@k1:9092\"}\n",
            "store: {type: kafka, bootstrapServers: k1:9092, properties: {sasl.jaas.config: [S3CR3T-VALUE-42]}}\n"})
    void noProblemQuotesASecretValue(String yaml) throws Exception {
        Path file = write(yaml);
        assertThatThrownBy(() -> new ConfigLoader().load(file, null, null))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.getMessage()).as(yaml).doesNotContain("S3CR3T").doesNotContain("VALUE-42"));
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("logdump.yaml"), yaml);
    }
}
