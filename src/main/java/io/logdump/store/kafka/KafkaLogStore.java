package io.logdump.store.kafka;

import io.logdump.core.LogRecord;
import io.logdump.core.SubjectId;
import io.logdump.core.UnavailableException;
import io.logdump.store.LogStore;
import io.logdump.store.StoreStats;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log store of a cluster: each log subject is a Kafka topic ({@link TopicNames}), its
 * partitions the subject's partitions, Kafka's offsets its offsets.
 *
 * <p><b>Appends.</b> Every append is one Kafka transaction of an idempotent producer
 * ({@code acks=all}): its parts are sent as they come, and {@link Append#commit} returns only
 * once Kafka has acknowledged every record on all in-sync replicas, committed the transaction
 * and written its marker, so that the records are readable.
 * Readers use {@code isolation.level=read_committed}, so an append closed without a commit, or
 * one that failed, is never read: all or nothing, as {@link LogStore#begin} requires. Producers
 * come from a pool of {@link #PRODUCERS}, each with its own {@code transactional.id}
 * ({@code <clientId>-append-<n>}, which must therefore differ between nodes); a producer that
 * failed is closed and made again, and making it again aborts whatever transaction it left open.
 *
 * <p><b>Offsets with gaps.</b> A committed transaction ends with a marker that takes an offset and
 * is never read, so offsets increase but skip. {@link #endOffset} is therefore one past the
 * last record a reader can read, not Kafka's last stable offset: where the two differ it reads
 * back the partition's tail (a small window, then a larger one) and remembers the answer until
 * the last stable offset moves. {@link #stats} counts offsets, so its {@code records} counts
 * the markers too (one per append).
 *
 * <p><b>Times.</b> A record's Kafka timestamp is its log time (see {@link RecordCodec}), so
 * {@link #offsetForTime} starts from Kafka's time index (and reads on from there, past the markers,
 * which carry the time they were written). Topics are made with
 * {@code message.timestamp.after.max.ms} at its largest, as a log line may carry a time in the
 * future, and {@code retention.ms=-1}: Kafka never deletes records a dump task has not dumped.
 *
 * <p><b>Failures.</b> Anything Kafka cannot do within {@link Settings#timeout} (brokers gone,
 * too few in-sync replicas, a request timed out, access refused) is an
 * {@link UnavailableException} (HTTP 503 with {@code Retry-After}) naming what failed, never a
 * 500; the server log has the Kafka error. A commit that timed out may still have been committed
 * by Kafka: as with any lost acknowledgement, a client that retries then stores those records twice.
 *
 * <p>Thread-safe: the {@link Admin} client is; producers and consumers are each used by one
 * thread at a time, taken from and given back to their pools; an {@link Append} belongs to the
 * thread that began it.
 */
public final class KafkaLogStore implements LogStore {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLogStore.class);

    /** How many appends may be in progress at once; a further one waits for a producer. */
    public static final int PRODUCERS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

    /**
     * Client properties Logdump sets itself and a user may not give: they carry its guarantees
     * (idempotence, {@code acks=all}, transactions, read_committed) or its own naming.
     */
    public static final Set<String> RESERVED_PROPERTIES = Set.of("bootstrap.servers", "client.id", "transactional.id",
            "enable.idempotence", "acks", "isolation.level", "group.id", "enable.auto.commit", "auto.offset.reset",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer");

    /** The largest record, and so the largest request and topic message (a 16 MiB line with its fields and more). */
    private static final int MAX_MESSAGE_BYTES = 64 << 20;
    /** How long one poll waits for records before the loop checks where it is. */
    private static final Duration POLL = Duration.ofMillis(50);
    /** The first window of offsets read back to find a partition's last readable record. */
    private static final long TAIL_WINDOW = 64;
    /** Bytes a record counts for in a read's limit besides its source, line and fields. */
    private static final int RECORD_OVERHEAD = 24;

    /**
     * Where Kafka is and how topics are made.
     *
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param partitions partitions of a new topic; 0 for the brokers' {@code num.partitions}
     * @param replicationFactor replicas of a new topic; 0 for the brokers' {@code default.replication.factor}
     * @param topicPrefix the first part of every topic name (see {@link TopicNames#validPrefix})
     * @param clientId names this node's clients and transactions; must differ between nodes
     * @param timeout how long a Kafka operation may take before it is reported unavailable
     * @param properties further client properties (security, tuning), none of {@link #RESERVED_PROPERTIES}
     */
    public record Settings(String bootstrapServers, int partitions, int replicationFactor, String topicPrefix, String clientId,
                           Duration timeout, Map<String, String> properties) {
        public Settings {
            properties = Map.copyOf(properties);
            for (String key : properties.keySet()) {
                if (RESERVED_PROPERTIES.contains(key)) {
                    throw new IllegalArgumentException("client property " + key + " is set by Logdump");
                }
            }
            if (!TopicNames.validPrefix(topicPrefix)) {
                throw new IllegalArgumentException("topic prefix " + topicPrefix + " must be 1 to 64 letters, digits or -");
            }
        }

        @Override
        public String toString() { // property values may be secrets (sasl.jaas.config)
            return "Settings[bootstrapServers=" + bootstrapServers + ", partitions=" + partitions + ", replicationFactor="
                    + replicationFactor + ", topicPrefix=" + topicPrefix + ", clientId=" + clientId + ", timeout=" + timeout
                    + ", properties=" + properties.keySet() + "]";
        }
    }

    /** A subject's topic, as described by Kafka. */
    private record Topic(String name, int partitions) {}

    /** What {@link #endOffset} found for a last stable offset. Guarded by itself. */
    private static final class Tail {
        long lastStable = -1;
        long end = -1;
    }

    private final Settings settings;
    private final Admin admin;
    private final BlockingQueue<ProducerSlot> producers;
    private final Deque<Reader> idleReaders = new ArrayDeque<>(); // guarded by itself
    private final List<Reader> allReaders = new ArrayList<>(); // guarded by idleReaders
    private final Map<SubjectId, Topic> topics = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Tail> tails = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Connects lazily: nothing is asked of Kafka until the first operation. */
    public KafkaLogStore(Settings settings) {
        this.settings = settings;
        Properties p = common("admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(settings.timeout()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(settings.timeout()));
        this.admin = Admin.create(p);
        this.producers = new ArrayBlockingQueue<>(PRODUCERS);
        for (int i = 0; i < PRODUCERS; i++) {
            producers.add(new ProducerSlot(i));
        }
    }

    private Properties common(String role) {
        Properties p = new Properties();
        p.putAll(settings.properties());
        p.put("bootstrap.servers", settings.bootstrapServers());
        p.put("client.id", settings.clientId() + "-" + role);
        return p;
    }

    private static String millis(Duration d) {
        return Long.toString(Math.max(1, d.toMillis()));
    }

    // ---- topics -----------------------------------------------------------------------------

    /** The subject's topic, made with the configured partitions and replicas the first time it is needed. */
    private Topic topic(SubjectId subject) throws IOException {
        Topic known = topics.get(subject);
        if (known != null) {
            return known;
        }
        String name = TopicNames.of(settings.topicPrefix(), subject);
        Topic found = describe(name);
        if (found == null) {
            NewTopic topic = new NewTopic(name,
                    settings.partitions() > 0 ? Optional.of(settings.partitions()) : Optional.empty(),
                    settings.replicationFactor() > 0 ? Optional.of((short) settings.replicationFactor()) : Optional.empty());
            Map<String, String> configs = new HashMap<>();
            configs.put("retention.ms", "-1");
            configs.put("message.timestamp.type", "CreateTime");
            configs.put("message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
            configs.put("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
            if (settings.replicationFactor() >= 3) {
                configs.put("min.insync.replicas", "2");
            }
            try {
                get(admin.createTopics(List.of(topic.configs(configs))).all(), "create topic " + name + " for " + subject.qualified());
                LOG.info("created topic {} for {}", name, subject.qualified());
            } catch (UnavailableException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            found = describeSoon(name);
        }
        topics.put(subject, found);
        return found;
    }

    /** The topic just made, once the brokers list it (within the timeout). */
    private Topic describeSoon(String name) throws IOException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            Topic found = describe(name);
            if (found != null) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new UnavailableException("the log store (Kafka) made topic " + name + " but does not list it yet; retry later", null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for topic " + name);
            }
        }
    }

    /** The topic as Kafka describes it; null when there is none. */
    private Topic describe(String name) throws IOException {
        try {
            Map<String, TopicDescription> d = get(admin.describeTopics(List.of(name)).allTopicNames(), "describe topic " + name);
            return new Topic(name, d.get(name).partitions().size());
        } catch (UnavailableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private TopicPartition partition(SubjectId subject, int partition) throws IOException {
        Topic t = topic(subject);
        if (partition < 0 || partition >= t.partitions()) {
            throw new IllegalArgumentException("topic " + t.name() + " of " + subject.qualified() + " has " + t.partitions()
                    + " partitions, not a partition " + partition);
        }
        return new TopicPartition(t.name(), partition);
    }

    @Override
    public int partitions(SubjectId subject) throws IOException {
        return topic(subject).partitions();
    }

    // ---- appends ----------------------------------------------------------------------------

    @Override
    public long append(SubjectId subject, int partition, List<LogRecord> records) throws IOException {
        try (Append append = begin(subject, partition)) {
            append.add(records);
            return append.commit();
        }
    }

    @Override
    public Append begin(SubjectId subject, int partition) throws IOException {
        TopicPartition tp = partition(subject, partition);
        ProducerSlot slot = takeProducer();
        try {
            slot.producer().beginTransaction();
        } catch (KafkaException e) {
            slot.discard();
            producers.add(slot);
            throw unavailable("begin an append to " + subject.qualified(), e);
        } catch (RuntimeException e) {
            producers.add(slot);
            throw e;
        }
        return new KafkaAppend(subject, tp, slot);
    }

    private ProducerSlot takeProducer() throws IOException {
        if (closed) {
            throw new IllegalStateException("the log store is closed");
        }
        try {
            ProducerSlot slot = producers.poll(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (slot == null) {
                throw new UnavailableException("the log store (Kafka) has " + PRODUCERS + " appends in progress and none ended within "
                        + settings.timeout().toSeconds() + " s; retry later", null);
            }
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a Kafka producer");
        }
    }

    /** One pooled transactional producer, made when first needed and again after a failure. */
    private final class ProducerSlot {
        private final int number;
        private KafkaProducer<byte[], byte[]> producer; // used by the thread that took the slot

        ProducerSlot(int number) {
            this.number = number;
        }

        KafkaProducer<byte[], byte[]> producer() {
            if (producer == null) {
                Properties p = common("append-" + number);
                p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
                p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
                p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 << 10));
                p.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(32L << 20));
                p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.clientId() + "-append-" + number);
                p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis(settings.timeout()));
                p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(settings.timeout()));
                p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(settings.timeout().multipliedBy(2).plusSeconds(1)));
                KafkaProducer<byte[], byte[]> made = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
                try {
                    made.initTransactions(); // fences and aborts what an earlier producer of this id left open
                } catch (KafkaException e) {
                    made.close(Duration.ZERO);
                    throw e;
                }
                producer = made;
            }
            return producer;
        }

        /** Closes the producer after a failure; the next use makes a new one. */
        void discard() {
            if (producer != null) {
                try {
                    producer.close(Duration.ZERO);
                } catch (RuntimeException e) {
                    LOG.debug("closing a failed producer", e);
                }
                producer = null;
            }
        }
    }

    /** One Kafka transaction; used by the thread that began it. */
    private final class KafkaAppend implements Append {
        private final SubjectId subject;
        private final TopicPartition tp;
        private ProducerSlot slot; // null once given back
        private Future<RecordMetadata> first;
        private Future<RecordMetadata> last;

        KafkaAppend(SubjectId subject, TopicPartition tp, ProducerSlot slot) {
            this.subject = subject;
            this.tp = tp;
            this.slot = slot;
        }

        @Override
        public void add(List<LogRecord> records) throws IOException {
            ProducerSlot s = open();
            try {
                for (LogRecord r : records) {
                    Future<RecordMetadata> sent = s.producer().send(new ProducerRecord<>(tp.topic(), tp.partition(),
                            RecordCodec.timestamp(r), null, RecordCodec.encode(r)));
                    if (first == null) {
                        first = sent;
                    }
                    last = sent;
                }
            } catch (KafkaException e) {
                fail();
                throw unavailable("append to " + subject.qualified(), e);
            }
        }

        @Override
        public long commit() throws IOException {
            ProducerSlot s = open();
            try {
                if (first == null) {
                    s.producer().abortTransaction();
                    giveBack();
                    return endOffset(subject, tp.partition());
                }
                s.producer().commitTransaction();
                long offset = first.get().offset();
                long lastOffset = last.get().offset();
                giveBack();
                awaitReadable(tp, lastOffset);
                return offset;
            } catch (KafkaException | ExecutionException e) {
                fail();
                throw unavailable("commit an append to " + subject.qualified(), e);
            } catch (InterruptedException e) {
                fail();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while committing an append to " + subject.qualified());
            }
        }

        @Override
        public void close() {
            if (slot == null) {
                return;
            }
            try {
                slot.producer().abortTransaction();
                giveBack();
            } catch (KafkaException e) {
                LOG.warn("aborting an append to {} failed ({}); its producer is made again, which aborts it", subject.qualified(), e.toString());
                fail();
            }
        }

        private ProducerSlot open() {
            if (slot == null) {
                throw new IllegalStateException("the append is committed or closed already");
            }
            return slot;
        }

        private void giveBack() {
            producers.add(slot);
            slot = null;
        }

        private void fail() {
            slot.discard();
            giveBack();
        }
    }

    /**
     * Waits until a reader can read the record at {@code offset}: Kafka answers a commit once the
     * transaction is decided, and writes the marker that makes its records readable just after.
     * Should that take longer than the timeout, the records are committed all the same; they are
     * only read a little later.
     */
    private void awaitReadable(TopicPartition tp, long offset) throws IOException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long pause = 1;
        while (listOffset(tp, OffsetSpec.latest(), "read the end of " + tp) <= offset) {
            if (System.nanoTime() > deadline) {
                LOG.warn("the records of a committed append to {} up to offset {} were not readable within {} s", tp, offset,
                        settings.timeout().toSeconds());
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a committed append to become readable");
            }
            pause = Math.min(50, pause * 2);
        }
    }

    // ---- reads ------------------------------------------------------------------------------

    /**
     * A pooled read_committed consumer with the records it fetched past the last read, so that a
     * read that goes on where the previous one ended needs no new fetch.
     */
    private final class Reader {
        final KafkaConsumer<byte[], byte[]> consumer;
        TopicPartition assigned;
        /** The offset a read continuing this reader's last one starts at; -1 when unknown. */
        long resumeFrom = -1;
        final Deque<ConsumerRecord<byte[], byte[]>> leftover = new ArrayDeque<>();

        Reader(int number) {
            Properties p = common("read-" + number);
            p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(settings.timeout()));
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(settings.timeout()));
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        /** Positions the reader at {@code offset} of {@code tp}, keeping what it fetched when it is there already. */
        void moveTo(TopicPartition tp, long offset) {
            if (tp.equals(assigned) && resumeFrom == offset) {
                return;
            }
            if (!tp.equals(assigned)) {
                consumer.assign(List.of(tp));
                assigned = tp;
            }
            consumer.seek(tp, offset);
            leftover.clear();
            resumeFrom = offset;
        }
    }

    /**
     * An idle reader for a read of {@code tp} from {@code offset}: the one whose last read ended
     * there, else one of the same partition, else any, else a new one.
     */
    private Reader takeReader(TopicPartition tp, long offset) {
        return takeReader(tp, offset, false);
    }

    /**
     * @param scan for a look at the partition's tail ({@link #lastRecordBetween}), which should not
     *     take a reader that a read going on where it ended would use
     */
    private Reader takeReader(TopicPartition tp, long offset, boolean scan) {
        if (closed) {
            throw new IllegalStateException("the log store is closed");
        }
        synchronized (idleReaders) {
            Reader any = null;
            for (Iterator<Reader> it = idleReaders.iterator(); it.hasNext(); ) {
                Reader r = it.next();
                boolean continuing = tp.equals(r.assigned) && r.resumeFrom >= 0;
                if (scan) {
                    if (!continuing && (any == null || tp.equals(r.assigned))) {
                        any = r;
                    }
                    continue;
                }
                if (tp.equals(r.assigned) && r.resumeFrom == offset) {
                    it.remove();
                    return r;
                }
                if (any == null || tp.equals(r.assigned)) {
                    any = r;
                }
            }
            if (any != null) {
                idleReaders.remove(any);
                return any;
            }
            Reader made = new Reader(allReaders.size());
            allReaders.add(made);
            return made;
        }
    }

    private void giveBack(Reader r) {
        synchronized (idleReaders) {
            if (closed) {
                r.consumer.close(Duration.ZERO);
            } else {
                idleReaders.addFirst(r);
            }
        }
    }

    @Override
    public List<LogRecord> read(SubjectId subject, int partition, long offset, int maxBytes) throws IOException {
        TopicPartition tp = partition(subject, partition);
        Reader r = takeReader(tp, offset);
        try {
            return read(r, tp, offset, maxBytes);
        } catch (KafkaException e) {
            r.resumeFrom = -1;
            throw unavailable("read " + subject.qualified(), e);
        } finally {
            giveBack(r);
        }
    }

    private List<LogRecord> read(Reader r, TopicPartition tp, long offset, int maxBytes) throws IOException {
        long from = Math.max(0, offset);
        r.moveTo(tp, from);
        List<LogRecord> out = new ArrayList<>();
        long bytes = 0;
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            while (!r.leftover.isEmpty() && (out.isEmpty() || bytes < maxBytes)) {
                ConsumerRecord<byte[], byte[]> c = r.leftover.pollFirst();
                LogRecord record = RecordCodec.decode(c.offset(), c.value());
                out.add(record);
                bytes += RECORD_OVERHEAD + record.source().length + record.raw().length + (record.fieldsAreRaw() ? 0 : record.fields().length);
            }
            if (!out.isEmpty() && (bytes >= maxBytes || atEnd(r, tp))) {
                break;
            }
            Collection<ConsumerRecord<byte[], byte[]>> polled;
            try {
                polled = r.consumer.poll(POLL).records(tp);
            } catch (OffsetOutOfRangeException e) {
                long start = startOffset(tp);
                if (from >= start) {
                    r.resumeFrom = -1;
                    return out; // past the end: nothing to read
                }
                from = start; // retention deleted the records asked for: read from the start
                r.moveTo(tp, from);
                continue;
            }
            r.leftover.addAll(polled);
            if (polled.isEmpty()) {
                if (!out.isEmpty() || atEnd(r, tp)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new UnavailableException("the log store (Kafka) sent no records of " + tp + " from offset " + offset
                            + " within " + settings.timeout().toSeconds() + " s; retry later", null);
                }
            }
        }
        // the leftovers, if any, are the next readable records: none lies between them and what was read
        r.resumeFrom = out.isEmpty() ? from : out.get(out.size() - 1).offset() + 1;
        return out;
    }

    /** Whether the reader has fetched everything up to the partition's last stable offset (as of its last fetch). */
    private static boolean atEnd(Reader r, TopicPartition tp) {
        if (!r.leftover.isEmpty()) {
            return false;
        }
        OptionalLong lag = r.consumer.currentLag(tp);
        return lag.isPresent() && lag.getAsLong() <= 0;
    }

    @Override
    public long startOffset(SubjectId subject, int partition) throws IOException {
        return startOffset(partition(subject, partition));
    }

    private long startOffset(TopicPartition tp) throws IOException {
        return listOffset(tp, OffsetSpec.earliest(), "read the start of " + tp);
    }

    /**
     * One past the last record a reader can read: below Kafka's last stable offset by the
     * markers of the transactions (and the aborted records) after that record.
     */
    @Override
    public long endOffset(SubjectId subject, int partition) throws IOException {
        TopicPartition tp = partition(subject, partition);
        long lastStable = listOffset(tp, OffsetSpec.latest(), "read the end of " + subject.qualified());
        Tail tail = tails.computeIfAbsent(tp, k -> new Tail());
        synchronized (tail) {
            if (tail.lastStable == lastStable) {
                return tail.end;
            }
            long start = startOffset(tp);
            boolean known = tail.lastStable >= 0 && tail.lastStable <= lastStable && tail.end >= start;
            long floor = known ? tail.lastStable : start;
            long end = known ? tail.end : start;
            long high = lastStable;
            long window = TAIL_WINDOW;
            while (high > floor) {
                long low = Math.max(floor, high - window);
                long last = lastRecordBetween(tp, low, high);
                if (last >= 0) {
                    end = last + 1;
                    break;
                }
                high = low;
                window *= 8;
            }
            tail.lastStable = lastStable;
            tail.end = end;
            return end;
        }
    }

    /** The offset of the last readable record in {@code [low, high)}; -1 when there is none. */
    private long lastRecordBetween(TopicPartition tp, long low, long high) throws IOException {
        Reader r = takeReader(tp, low, true);
        try {
            r.moveTo(tp, low);
            long last = -1;
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            for (ConsumerRecord<byte[], byte[]> c : r.leftover) {
                if (c.offset() < high) {
                    last = Math.max(last, c.offset());
                }
            }
            while (r.consumer.position(tp) < high) {
                for (ConsumerRecord<byte[], byte[]> c : r.consumer.poll(POLL).records(tp)) {
                    if (c.offset() < high) {
                        last = Math.max(last, c.offset());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new UnavailableException("the log store (Kafka) did not send the end of " + tp + " within "
                            + settings.timeout().toSeconds() + " s; retry later", null);
                }
            }
            r.leftover.clear();
            r.resumeFrom = -1;
            return last;
        } catch (OffsetOutOfRangeException e) {
            r.resumeFrom = -1;
            return -1;
        } catch (KafkaException e) {
            r.resumeFrom = -1;
            throw unavailable("read the end of " + tp, e);
        } finally {
            giveBack(r);
        }
    }

    /**
     * Kafka's time index gives the first offset whose timestamp is at or after the time; but the
     * marker of a transaction carries the time it was written, not a log time, so that offset may
     * be a marker before the record sought. It is a lower bound: the records from it on are read
     * until the first one logged at or after the time. For live logs (log times close to the
     * present, as for a task that starts {@code now}) the bound is close; for a time far in the
     * past it may be the start of the partition's oldest Kafka segment.
     */
    @Override
    public long offsetForTime(SubjectId subject, int partition, Instant time) throws IOException {
        TopicPartition tp = partition(subject, partition);
        long end = endOffset(subject, partition);
        long found = listOffset(tp, OffsetSpec.forTimestamp(Math.max(0, time.toEpochMilli())), "look up a time in " + subject.qualified());
        long offset = found < 0 ? end : Math.min(found, end);
        long target = time.toEpochMilli();
        while (offset < end) {
            List<LogRecord> chunk = read(subject, partition, offset, 1 << 20);
            if (chunk.isEmpty()) {
                return end;
            }
            for (LogRecord r : chunk) {
                if (r.logTime() >= target) {
                    return r.offset();
                }
            }
            offset = chunk.get(chunk.size() - 1).offset() + 1;
        }
        return end;
    }

    private long listOffset(TopicPartition tp, OffsetSpec spec, String what) throws IOException {
        return get(admin.listOffsets(Map.of(tp, spec), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp), what)
                .offset();
    }

    // ---- the subject as a whole -------------------------------------------------------------

    /**
     * Offsets stored over all partitions (the transaction markers included), the bytes of the
     * partitions on disk (one replica each), and the log times of the first and the last record
     * of the partitions.
     */
    @Override
    public StoreStats stats(SubjectId subject) throws IOException {
        Topic t = topic(subject);
        long records = 0;
        Instant first = null;
        Instant last = null;
        for (int p = 0; p < t.partitions(); p++) {
            long start = startOffset(subject, p);
            long end = endOffset(subject, p);
            if (end <= start) {
                continue;
            }
            records += end - start;
            List<LogRecord> head = read(subject, p, start, 1);
            List<LogRecord> tail = read(subject, p, end - 1, 1);
            if (!head.isEmpty()) {
                Instant at = Instant.ofEpochMilli(head.get(0).logTime());
                first = first == null || at.isBefore(first) ? at : first;
            }
            if (!tail.isEmpty()) {
                Instant at = Instant.ofEpochMilli(tail.get(0).logTime());
                last = last == null || at.isAfter(last) ? at : last;
            }
        }
        return new StoreStats(records, bytes(t), first, last);
    }

    /** The bytes of the topic's partitions on the brokers' disks, the largest replica of each. */
    private long bytes(Topic t) throws IOException {
        Collection<Node> nodes = get(admin.describeCluster().nodes(), "list the brokers");
        Map<Integer, Map<String, LogDirDescription>> dirs = get(admin.describeLogDirs(nodes.stream().map(Node::id).toList())
                .allDescriptions(), "measure topic " + t.name());
        Map<Integer, Long> perPartition = new HashMap<>();
        for (Map<String, LogDirDescription> broker : dirs.values()) {
            for (LogDirDescription dir : broker.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(t.name())) {
                        perPartition.merge(e.getKey().partition(), e.getValue().size(), Math::max);
                    }
                }
            }
        }
        return perPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Deletes the subject's topic. */
    @Override
    public void delete(SubjectId subject) throws IOException {
        String name = TopicNames.of(settings.topicPrefix(), subject);
        topics.remove(subject);
        tails.keySet().removeIf(tp -> tp.topic().equals(name));
        try {
            get(admin.deleteTopics(List.of(name)).all(), "delete topic " + name + " of " + subject.qualified());
            LOG.info("deleted topic {} of {}", name, subject.qualified());
        } catch (UnavailableException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        List<ProducerSlot> slots = new ArrayList<>();
        producers.drainTo(slots);
        for (ProducerSlot s : slots) {
            s.discard();
        }
        synchronized (idleReaders) {
            for (Reader r : idleReaders) {
                r.consumer.close(Duration.ZERO);
            }
            idleReaders.clear();
        }
        admin.close(Duration.ZERO);
    }

    // ---- failures ---------------------------------------------------------------------------

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) throws IOException {
        try {
            return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while Kafka was asked to " + what);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
            throw unavailable(what, e);
        }
    }

    /** What Kafka could not do, as a 503; the server log has Kafka's own error. */
    private UnavailableException unavailable(String what, Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (!(cause instanceof UnknownTopicOrPartitionException || cause instanceof TopicExistsException)) {
            LOG.warn("Kafka at {} could not {}: {}", settings.bootstrapServers(), what, cause.toString());
        }
        String reason = cause instanceof java.util.concurrent.TimeoutException
                ? "no answer within " + settings.timeout().toSeconds() + " s" : cause.getClass().getSimpleName();
        return new UnavailableException("the log store (Kafka) could not " + what + " (" + reason + "); retry later", cause);
    }
}
