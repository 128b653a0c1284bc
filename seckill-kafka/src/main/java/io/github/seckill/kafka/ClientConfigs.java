package io.github.seckill.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Turns the application's client configuration into the producer and consumer configurations the queue needs: the
 * settings its guarantees rest on are enforced, and a configuration that would weaken them is refused with an
 * {@link IllegalArgumentException} that says what to do instead.
 */
final class ClientConfigs {

    /** Kafka's default {@code linger.ms} since 4.0. */
    private static final long DEFAULT_LINGER_MS = 5;
    /** Kafka's default {@code request.timeout.ms}. */
    private static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    /** The consumers' session timeout unless the application sets one (see {@link #consumer}). */
    private static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

    private static final Set<String> SET_BY_QUEUE = Set.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    private ClientConfigs() {
    }

    /**
     * @param userConfig the application's configuration, shared by the producer, the consumers and the admin client
     * @return a copy with string keys
     * @throws IllegalArgumentException without {@code bootstrap.servers}, or with settings the queue makes itself
     */
    static Map<String, Object> copy(Map<?, ?> userConfig) {
        Map<String, Object> copy = new HashMap<>();
        userConfig.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("client configuration has a null key or value: " + key);
            }
            copy.put(key.toString(), value);
        });
        Object bootstrap = copy.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new IllegalArgumentException("client configuration needs bootstrap.servers");
        }
        for (String key : SET_BY_QUEUE) {
            if (copy.containsKey(key)) {
                throw new IllegalArgumentException(
                        key + " must not be set: the queue reads and writes order messages in its own format");
            }
        }
        return copy;
    }

    /**
     * The producer's timeouts bound a publish by {@code publishTimeout}: {@code send} may block up to
     * {@code max.block.ms} for metadata or buffer space, then the callback comes within {@code delivery.timeout.ms}.
     *
     * @param user a {@link #copy} of the application's configuration
     * @param options the queue's options
     * @return the producer configuration
     */
    static Map<String, Object> producer(Map<String, Object> user, KafkaQueueOptions options) {
        Map<String, Object> config = new HashMap<>(user);
        require(config, ProducerConfig.ACKS_CONFIG, Set.of("all", "-1"), "all",
                "an order acknowledged by the leader alone is lost with it");
        require(config, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Set.of("true"), true,
                "retried sends could write an order twice or out of order");
        refuse(config, ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the queue does not publish in transactions");
        Long inFlight = longValue(config, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight != null && inFlight > 5) {
            throw new IllegalArgumentException(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION
                    + " must be at most 5 for the idempotent producer, was " + inFlight);
        }
        Long retries = longValue(config, ProducerConfig.RETRIES_CONFIG);
        if (retries != null && retries < 1) {
            throw new IllegalArgumentException(ProducerConfig.RETRIES_CONFIG
                    + " must not be 0: a transient broker error would fail publishes the producer can retry");
        }
        String derived = "it is derived from KafkaQueueOptions.publishTimeout; set that instead";
        refuse(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, derived);
        refuse(config, ProducerConfig.MAX_BLOCK_MS_CONFIG, derived);

        long publishMs = options.publishTimeout().toMillis();
        long maxBlockMs = publishMs / 3;
        long deliveryMs = publishMs - maxBlockMs;
        Long userLinger = longValue(config, ProducerConfig.LINGER_MS_CONFIG);
        long lingerMs = userLinger != null ? userLinger : DEFAULT_LINGER_MS;
        if (lingerMs >= deliveryMs / 2) {
            throw new IllegalArgumentException(ProducerConfig.LINGER_MS_CONFIG + "=" + lingerMs
                    + " leaves no time to deliver within the publish timeout " + options.publishTimeout());
        }
        Long userRequest = longValue(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        long requestMs =
                Math.min(userRequest != null ? userRequest : DEFAULT_REQUEST_TIMEOUT_MS, deliveryMs - lingerMs);

        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, deliveryMs));
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, requestMs));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * @param user a {@link #copy} of the application's configuration
     * @param options the queue's options
     * @param clientId the consumer's client id unless the application set one
     * @return the consumer configuration
     */
    static Map<String, Object> consumer(Map<String, Object> user, KafkaQueueOptions options, String clientId) {
        Map<String, Object> config = new HashMap<>(user);
        refuse(config, ConsumerConfig.GROUP_ID_CONFIG,
                "the group is KafkaQueueOptions.consumerGroup; set that instead");
        require(config, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, Set.of("false"), false,
                "offsets of orders the handler has not settled could be committed and the orders lost");
        require(config, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, Set.of("earliest"), "earliest",
                "a new group would skip the orders published before it first committed");
        refuse(config, ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                "it follows KafkaQueueOptions.batchSize; set that instead");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, options.consumerGroup());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.batchSize());
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // A consumer that dies holds its partitions until its session times out, and their orders wait unsettled:
        // Kafka's 45 s is most of a sale's first minute. The consumer protocol (KIP-848) keeps this on the broker.
        Object protocol = config.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        boolean classic = protocol == null || !"consumer".equalsIgnoreCase(protocol.toString());
        if (classic && !config.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS);
            config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS * 3 / 10);
        }
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static void require(Map<String, Object> config, String key, Set<String> allowed, Object enforced,
            String otherwise) {
        Object value = config.get(key);
        if (value != null && !allowed.contains(value.toString().trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    key + "=" + value + " is not allowed: the queue needs " + key + "=" + enforced + ", or else "
                            + otherwise);
        }
    }

    private static void refuse(Map<String, Object> config, String key, String why) {
        if (config.containsKey(key)) {
            throw new IllegalArgumentException(key + " must not be set: " + why);
        }
    }

    private static @Nullable Long longValue(Map<String, Object> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'", e);
        }
    }
}
