package io.github.seckill.kafka;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** What the queue enforces on the application's client configuration, and its options' validation. No broker. */
class ConfigurationTest {

    private static final KafkaQueueOptions OPTIONS =
            KafkaQueueOptions.builder("orders").publishTimeout(Duration.ofSeconds(9)).batchSize(300).build();

    private static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:9");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private static void assertRefused(Map<String, Object> config, String message) {
        assertThatThrownBy(() -> SeckillKafka.create(config).orderQueue(OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theProducerIsIdempotentWithAcksAllAndTimeoutsFromThePublishTimeout() {
        Map<String, Object> producer = ClientConfigs.producer(ClientConfigs.copy(config()), OPTIONS);
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000L)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 6_000)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_995);
        long bound = (Long) producer.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)
                + (Integer) producer.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        assertThat(bound).isEqualTo(OPTIONS.publishTimeout().toMillis());
    }

    @Test
    void aShorterRequestTimeoutAndTheApplicationsOwnSettingsAreKept() {
        Map<String, Object> producer = ClientConfigs.producer(ClientConfigs.copy(config(
                "acks", "-1", "request.timeout.ms", "1000", "linger.ms", 20, "compression.type", "zstd")), OPTIONS);
        assertThat(producer).containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    }

    @Test
    void settingsThatWouldWeakenPublishingAreRefused() {
        assertRefused(config("acks", "1"), "acks=1 is not allowed");
        assertRefused(config("acks", 0), "acks=0 is not allowed");
        assertRefused(config("enable.idempotence", false), "enable.idempotence=false is not allowed");
        assertRefused(config("max.in.flight.requests.per.connection", 6), "at most 5");
        assertRefused(config("retries", 0), "retries must not be 0");
        assertRefused(config("transactional.id", "tx"), "transactional.id must not be set");
        assertRefused(config("delivery.timeout.ms", 120_000), "derived from KafkaQueueOptions.publishTimeout");
        assertRefused(config("max.block.ms", 60_000), "derived from KafkaQueueOptions.publishTimeout");
        assertRefused(config("linger.ms", 3_000), "leaves no time to deliver");
        assertRefused(config("linger.ms", "soon"), "linger.ms must be a number");
    }

    @Test
    void settingsThatWouldLoseOrSkipOrdersOnTheConsumerAreRefused() {
        assertRefused(config("enable.auto.commit", "true"), "enable.auto.commit=true is not allowed");
        assertRefused(config("auto.offset.reset", "latest"), "auto.offset.reset=latest is not allowed");
        assertRefused(config("group.id", "mine"), "KafkaQueueOptions.consumerGroup");
        assertRefused(config("max.poll.records", 10), "KafkaQueueOptions.batchSize");
    }

    @Test
    void theConsumerCommitsByHandFromTheEarliestOffsetInTheOptionsGroup() {
        Map<String, Object> consumer = ClientConfigs.consumer(
                ClientConfigs.copy(config("session.timeout.ms", 12_000)), OPTIONS, "orders.settler-1");
        assertThat(consumer).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "orders.settler")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 300)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "orders.settler-1")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 12_000);
    }

    @Test
    void aDeadConsumersPartitionsMoveWithinTenSecondsUnlessTheApplicationSaysOtherwise() {
        Map<String, Object> defaults = ClientConfigs.consumer(ClientConfigs.copy(config("client.id", "x")), OPTIONS,
                "orders.settler-1");
        assertThat(defaults).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);

        // The application's session timeout is kept, and the heartbeat left to Kafka's default.
        Map<String, Object> own = ClientConfigs.consumer(ClientConfigs.copy(config("session.timeout.ms", 7_000)),
                OPTIONS, "orders.settler-1");
        assertThat(own).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 7_000)
                .doesNotContainKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);

        // The consumer protocol keeps the session on the broker and refuses the client settings.
        Map<String, Object> kip848 = ClientConfigs.consumer(ClientConfigs.copy(config("group.protocol", "consumer")),
                OPTIONS, "orders.settler-1");
        assertThat(kip848).doesNotContainKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    }

    @Test
    void theEntryNeedsBootstrapServersAndKeepsItsOwnSerializers() {
        assertThatThrownBy(() -> SeckillKafka.create(Map.of("client.id", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
        Properties properties = new Properties();
        properties.put("bootstrap.servers", "127.0.0.1:9");
        properties.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        assertThatThrownBy(() -> SeckillKafka.create(properties))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value.serializer must not be set");
    }

    @Test
    void optionsHaveDefaultsAndRefuseNonsense() {
        KafkaQueueOptions defaults = KafkaQueueOptions.builder("orders").build();
        assertThat(defaults.deadLetterTopic()).isEqualTo("orders.dlt");
        assertThat(defaults.consumerGroup()).isEqualTo("orders.settler");
        assertThat(defaults.batchSize()).isEqualTo(500);
        assertThat(defaults.publishTimeout()).isEqualTo(Duration.ofSeconds(10));

        assertThatThrownBy(() -> KafkaQueueOptions.builder("bad topic!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a-zA-Z0-9._-]");
        assertThatThrownBy(() -> KafkaQueueOptions.builder("orders").deadLetterTopic("orders").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
        assertThatThrownBy(() -> KafkaQueueOptions.builder("orders").batchSize(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaQueueOptions.builder("orders").linger(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaQueueOptions.builder("orders").publishTimeout(Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 100 ms");
        assertThatThrownBy(() -> KafkaQueueOptions.builder("orders").consumerGroup(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedQueueCompensatesAndRefuses() {
        OrderQueue queue = SeckillKafka.create(config()).orderQueue(OPTIONS);
        queue.close();
        List<OrderMessage> compensated = new ArrayList<>();
        OrderMessage m = order(1).activity(2).user(3).admittedAt(4).build();
        CompletableFuture<Void> stage = queue.publish(m, (msg, cause) -> compensated.add(msg)).toCompletableFuture();
        assertThat(stage).isCompletedExceptionally();
        assertThatThrownBy(stage::join).hasCauseInstanceOf(OrderNotQueuedException.class);
        assertThat(compensated).containsExactly(m);
    }

    @Test
    void aSendNoBrokerAnswersIsCompensatedOnceAtItsDeadlineAndFailsTyped() {
        // No broker answers: the record waits on the sender thread for metadata until the publish deadline. The
        // caller's thread never blocks, so its interrupt flag is its own.
        OrderQueue queue = SeckillKafka.create(config()).orderQueue(
                KafkaQueueOptions.builder("orders").publishTimeout(Duration.ofMillis(500)).build());
        try {
            List<Throwable> causes = new CopyOnWriteArrayList<>();
            OrderMessage m = order(1).activity(2).user(3).admittedAt(4).build();
            Thread.currentThread().interrupt();
            CompletableFuture<Void> stage = queue.publish(m, (msg, cause) -> causes.add(cause)).toCompletableFuture();
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            assertThat(stage).failsWithin(Duration.ofSeconds(30))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(OrderNotQueuedException.class);
            assertThat(causes).as("compensated once").hasSize(1);
        } finally {
            queue.close();
        }
    }
}
