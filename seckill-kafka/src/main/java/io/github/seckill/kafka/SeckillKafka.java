package io.github.seckill.kafka;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.queue.OrderQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Entry point of the Kafka backend: holds the application's own client configuration and builds order queues and
 * their topics from it. Immutable and cheap; it opens no connection itself.
 *
 * <pre>{@code
 * SeckillKafka kafka = SeckillKafka.create("kafka-1:9092,kafka-2:9092");
 * KafkaQueueOptions options = KafkaQueueOptions.builder("seckill-orders").build();
 * kafka.createTopics(options, 12, (short) 3);
 * try (OrderQueue queue = kafka.orderQueue(options)) {
 *     FlashSale sale = FlashSale.builder(gate, queue).build();
 *     OrderSettler settler = OrderSettler.builder(queue, ledger).consumers(2).start();
 *     ...
 * }
 * }</pre>
 *
 * <p>The configuration (security, client ids, compression, ...) goes to the producer, the consumers and the admin
 * client alike. What the queue's guarantees rest on is enforced, and settings that would weaken them are refused
 * with an {@link IllegalArgumentException}: the producer is idempotent with {@code acks=all} and its timeouts come
 * from {@link KafkaQueueOptions#publishTimeout()}; consumers commit by hand, start a new group at the earliest
 * offset and poll at most {@link KafkaQueueOptions#batchSize()} records; the group comes from the options; the
 * queue sets the (de)serializers. Unless the configuration sets {@code session.timeout.ms} (or the consumer group
 * protocol), consumers use a 10 s session with a 3 s heartbeat rather than Kafka's 45 s, so that the partitions of a
 * consumer that died move to the others within seconds of a sale.
 */
public final class SeckillKafka {

    private final Map<String, Object> config;

    private SeckillKafka(Map<String, Object> config) {
        this.config = Map.copyOf(config);
    }

    /**
     * @param bootstrapServers {@code host:port} pairs, comma-separated
     * @return an entry point with only {@code bootstrap.servers} configured
     */
    public static SeckillKafka create(String bootstrapServers) {
        return builder(bootstrapServers).build();
    }

    /**
     * @param clientConfig Kafka client configuration, with at least {@code bootstrap.servers}
     * @return an entry point using a copy of it
     * @throws IllegalArgumentException if {@code bootstrap.servers} is missing or a (de)serializer is set
     */
    public static SeckillKafka create(Map<String, ?> clientConfig) {
        Objects.requireNonNull(clientConfig, "clientConfig");
        return new SeckillKafka(ClientConfigs.copy(clientConfig));
    }

    /**
     * @param clientConfig Kafka client configuration, with at least {@code bootstrap.servers}
     * @return an entry point using a copy of it
     * @throws IllegalArgumentException if {@code bootstrap.servers} is missing or a (de)serializer is set
     */
    public static SeckillKafka create(Properties clientConfig) {
        Objects.requireNonNull(clientConfig, "clientConfig");
        return new SeckillKafka(ClientConfigs.copy(clientConfig));
    }

    /**
     * Creates a queue: its producer now, a consumer per {@link KafkaOrderQueue#consume} call. The topics must exist
     * (see {@link #createTopics}) unless the brokers create topics automatically.
     *
     * @param options topic, group, batching, retries, timeouts, listener
     * @return the queue; close it to release its producer
     * @throws IllegalArgumentException if the configuration would weaken the queue's guarantees
     */
    public OrderQueue orderQueue(KafkaQueueOptions options) {
        Objects.requireNonNull(options, "options");
        return new KafkaOrderQueue(config, options);
    }

    /**
     * Creates the order topic and the dead-letter topic if they are missing, and returns once every partition is
     * served; existing topics are left as they are.
     * With a replication factor above one, {@code min.insync.replicas} is set to two so that {@code acks=all} means
     * at least two copies.
     *
     * <p>Partitions bound how many consumers work in parallel: make them a multiple of the consumers you plan for.
     * Orders spread evenly over partitions whatever the activity (see {@link KafkaOrderQueue}).
     *
     * @param options names the topics
     * @param partitions partitions of each topic, at least one
     * @param replicationFactor copies of each partition, at least one
     * @return the names of the topics created by this call
     * @throws BackendUnavailableException if the brokers did not answer in time or refused
     */
    public Set<String> createTopics(KafkaQueueOptions options, int partitions, short replicationFactor) {
        Objects.requireNonNull(options, "options");
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replicationFactor must be >= 1, were " + partitions
                    + " and " + replicationFactor);
        }
        Map<String, String> topicConfig = replicationFactor > 1
                ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")
                : Map.of();
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(options.topic(), options.deadLetterTopic())) {
            topics.add(new NewTopic(name, partitions, replicationFactor).configs(topicConfig));
        }
        long timeoutMs = Math.max(30_000, options.publishTimeout().toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Set<String> created = new LinkedHashSet<>();
        try (Admin admin = Admin.create(config)) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new BackendUnavailableException(
                                "kafka", "could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
            awaitServing(admin, results.keySet(), deadline);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("kafka", "topics not ready within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("kafka", "interrupted while creating topics", e);
        }
        return created;
    }

    /**
     * Waits until the leader of every partition serves it. The controller answers a topic creation before the
     * brokers have opened the new partitions, and an idempotent producer that writes into that gap can have its first
     * batches rejected for good as out of sequence (KAFKA-15591): they would fail and be compensated.
     */
    private static void awaitServing(Admin admin, Collection<String> names, long deadline)
            throws InterruptedException, TimeoutException {
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                for (TopicDescription topic : admin.describeTopics(names).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).values()) {
                    for (TopicPartitionInfo p : topic.partitions()) {
                        partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
                    }
                }
                admin.listOffsets(partitions).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new BackendUnavailableException("kafka", "topics " + names + " are not served", e.getCause());
                }
                if (remainingMillis(deadline) == 0) {
                    throw new TimeoutException("topics " + names + " are not served yet: " + e.getCause());
                }
                Thread.sleep(50);
            }
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public String toString() {
        return "SeckillKafka{bootstrap.servers=" + config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + '}';
    }

    /**
     * @param bootstrapServers {@code host:port} pairs, comma-separated
     * @return a builder for the rest of the client configuration (security, client ids, compression, ...)
     */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Builds a {@link SeckillKafka}: {@code bootstrap.servers} and any other client setting. */
    public static final class Builder {
        private final Map<String, Object> config = new HashMap<>();

        private Builder(String bootstrapServers) {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            if (bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers must not be blank");
            }
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }

        /**
         * @param name a Kafka client setting, for the producer, the consumers and the admin client alike
         * @param value its value
         * @return this
         */
        public Builder property(String name, Object value) {
            config.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the entry point
         * @throws IllegalArgumentException if a (de)serializer is set
         */
        public SeckillKafka build() {
            return new SeckillKafka(ClientConfigs.copy(config));
        }
    }
}
