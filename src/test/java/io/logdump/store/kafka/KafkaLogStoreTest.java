package io.logdump.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.core.UnavailableException;
import io.logdump.store.LogStore;
import io.logdump.store.LogStoreContractTest;
import io.logdump.testutil.KafkaBroker;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaLogStore} on a real KRaft broker in this JVM (one per class): the {@link LogStore}
 * contract, and what only Kafka has: topics, partitions, transactions, unreachable brokers.
 */
class KafkaLogStoreTest extends LogStoreContractTest {
    private static KafkaBroker broker;
    private static KafkaLogStore store;

    @BeforeAll
    static void startKafka() throws Exception {
        broker = KafkaBroker.start();
        store = new KafkaLogStore(settings(broker.bootstrapServers(), 3, Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (store != null) {
            store.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaLogStore.Settings settings(String bootstrap, int partitions, Duration timeout) {
        return new KafkaLogStore.Settings(bootstrap, partitions, 1, "logdump", "test-node", timeout, Map.of());
    }

    @Override
    protected LogStore createObjectUnderTest() {
        return store;
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        return Admin.create(p);
    }

    @Test
    void eachSubjectIsATopicMadeWithTheConfiguredPartitionsThatNeverDeletesRecords() throws Exception {
        SubjectId subject = new SubjectId("acct", "web_logs", "nginx-access");
        store.append(subject, 0, records(0, 3));
        String name = TopicNames.of("logdump", subject);
        assertThat(name).isEqualTo("logdump.acct.web..5flogs.nginx-access");
        assertThat(store.partitions(subject)).isEqualTo(3);
        try (Admin admin = admin()) {
            TopicDescription topic = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
            assertThat(topic.partitions()).hasSize(3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).as("Logdump decides what is deleted, never Kafka's clock").isEqualTo("-1");
            assertThat(config.get("message.timestamp.after.max.ms").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
        }
    }

    @Test
    void eachPartitionKeepsTheOrderOfEveryAppenderUnderConcurrentAppends() throws Exception {
        SubjectId subject = freshSubject();
        int appenders = 6;
        int appends = 15;
        int perAppend = 40;
        ExecutorService pool = Executors.newFixedThreadPool(appenders);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                int appender = a;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < appends; i++) {
                        long first = appender * 1_000_000L + (long) i * perAppend;
                        store.append(subject, appender % 3, records(first, perAppend));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int p = 0; p < 3; p++) {
            Map<Long, List<Long>> byAppender = new HashMap<>();
            for (LogRecord r : readAll(store, subject, p)) {
                byAppender.computeIfAbsent(numberOf(r) / 1_000_000L, k -> new ArrayList<>()).add(numberOf(r) % 1_000_000L);
            }
            assertThat(byAppender.keySet()).as("partition %d has the appenders that wrote to it", p)
                    .isEqualTo(Set.of((long) p, (long) p + 3));
            for (List<Long> numbers : byAppender.values()) {
                List<Long> expected = new ArrayList<>();
                for (long n = 0; n < (long) appends * perAppend; n++) {
                    expected.add(n);
                }
                assertThat(numbers).as("every record of the appender once, in its order").isEqualTo(expected);
            }
        }
    }

    @Test
    void aLineLoggedInTheFutureIsStoredAndFoundByItsTime() throws Exception {
        SubjectId subject = freshSubject();
        long future = Instant.now().plus(Duration.ofDays(30)).toEpochMilli();
        store.append(subject, 0, List.of(new LogRecord(-1, future, T0, LogRecord.NONE, "line 0 ".getBytes(StandardCharsets.UTF_8),
                LogRecord.NONE)));
        assertThat(store.offsetForTime(subject, 0, Instant.ofEpochMilli(future - 1))).isEqualTo(store.startOffset(subject, 0));
        assertThat(readAll(store, subject, 0)).singleElement().extracting(LogRecord::logTime).isEqualTo(future);
    }

    @Test
    void aPartitionTheTopicDoesNotHaveIsRefused() throws Exception {
        SubjectId subject = freshSubject();
        assertThatThrownBy(() -> store.append(subject, 3, records(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 3 partitions");
    }

    @Test
    void unreachableKafkaIsUnavailableNotAnError() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (KafkaLogStore nowhere = new KafkaLogStore(settings("127.0.0.1:" + port, 1, Duration.ofSeconds(2)))) {
            SubjectId subject = freshSubject();
            assertThatThrownBy(() -> nowhere.append(subject, 0, records(0, 1)))
                    .isInstanceOf(UnavailableException.class).hasMessageContaining("the log store (Kafka) could not")
                    .hasMessageContaining("retry later");
            assertThatThrownBy(() -> nowhere.endOffset(subject, 0)).isInstanceOf(UnavailableException.class);
            assertThatThrownBy(() -> nowhere.read(subject, 0, 0, 100)).isInstanceOf(UnavailableException.class);
        }
    }
}
