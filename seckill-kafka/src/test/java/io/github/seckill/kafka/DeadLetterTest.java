package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.kafka.codec.OrderMessageDeserializer;
import io.github.seckill.kafka.codec.OrderMessageSerializer;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.RetryPolicy;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Records the consumer gives up on go to the dead-letter topic with their reason, and the partition keeps flowing. */
@WithKafka
class DeadLetterTest {

    private static final RetryPolicy FAST_RETRY = RetryPolicy.builder()
            .maxAttempts(3).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @SuppressWarnings("try") // the resources are closed, not used, at the end of the block
    void unreadableRecordsAreDeadLetteredAtOnceAndThePartitionKeepsFlowing(KafkaEndpoint kafka) throws Exception {
        RecordingListener events = new RecordingListener();
        KafkaQueueOptions options = TestKafka.freshOptions("poison").retryPolicy(FAST_RETRY).listener(events).build();
        long activity = Tck.uniqueId();
        OrderMessageSerializer serializer = new OrderMessageSerializer();
        byte[] garbage = "definitely not an order".getBytes(StandardCharsets.UTF_8);
        byte[] newerMajor = serializer.serialize(TestKafka.order(activity, 99));
        newerMajor[0] = 0x20;
        List<OrderMessage> good = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            good.add(TestKafka.order(activity, i));
        }
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        List<DeadLetter> reported = new CopyOnWriteArrayList<>();

        try (OrderQueue queue = TestKafka.queue(kafka, options)) {
            // All on partition 0, poison in between good orders: good, good, garbage, good, good, v2.0, good, good.
            Map<String, Long> offsets = new HashMap<>();
            try (KafkaProducer<byte[], byte[]> plain = plainProducer(kafka)) {
                send(plain, options.topic(), serializer.serialize(good.get(0)));
                send(plain, options.topic(), serializer.serialize(good.get(1)));
                offsets.put("garbage", send(plain, options.topic(), garbage));
                send(plain, options.topic(), serializer.serialize(good.get(2)));
                send(plain, options.topic(), serializer.serialize(good.get(3)));
                offsets.put("newer", send(plain, options.topic(), newerMajor));
                send(plain, options.topic(), serializer.serialize(good.get(4)));
                send(plain, options.topic(), serializer.serialize(good.get(5)));
            }
            try (QueueConsumer consumer = queue.consume(new OrderBatchHandler() {
                @Override
                public void handle(List<OrderMessage> batch) {
                    batch.forEach(m -> handled.add(m.orderId()));
                }

                @Override
                public void deadLettered(List<DeadLetter> letters) {
                    reported.addAll(letters);
                }
            })) {
                TestKafka.await("the good orders", WAIT, () -> handled.size() == good.size());
                TestKafka.await("both dead letters reported", WAIT, () -> reported.size() == 2);
                TestKafka.await("offsets committed past the poison", WAIT,
                        () -> committed(kafka, options, 0) == 8);
            }

            assertThat(handled).containsExactlyInAnyOrderElementsOf(good.stream().map(OrderMessage::orderId).toList());
            assertThat(reported).allSatisfy(letter -> {
                assertThat(letter.message()).isNull();
                assertThat(letter.attempts()).isZero();
            });
            assertThat(reported).extracting(DeadLetter::reason).anySatisfy(r -> assertThat(r).contains("unreadable"))
                    .anySatisfy(r -> assertThat(r).contains("format 2.0 is newer than this reader"));
            assertThat(events.deadLetters).hasSize(2);
            assertThat(events.retryAttempts).isEmpty();

            List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readTopic(kafka, options.deadLetterTopic(), 2);
            assertThat(dead).hasSize(2);
            Map<String, ConsumerRecord<byte[], byte[]>> byValue = new HashMap<>();
            dead.forEach(r -> byValue.put(new String(r.value(), StandardCharsets.ISO_8859_1), r));
            assertDeadLetter(byValue.get(new String(garbage, StandardCharsets.ISO_8859_1)), options,
                    offsets.get("garbage"), "0", "unreadable");
            assertDeadLetter(byValue.get(new String(newerMajor, StandardCharsets.ISO_8859_1)), options,
                    offsets.get("newer"), "0", "newer than this reader");
        }
    }

    @Test
    @SuppressWarnings("try") // the resources are closed, not used, at the end of the block
    void anOrderThatKeepsFailingIsRetriedThenDeadLetteredAndMarkedFailed(KafkaEndpoint kafka) throws Exception {
        RecordingListener events = new RecordingListener();
        KafkaQueueOptions options = TestKafka.freshOptions("failing").retryPolicy(FAST_RETRY).listener(events).build();
        long activity = Tck.uniqueId();
        InMemoryStockLedger memory = new InMemoryStockLedger();
        memory.defineActivity(OpenWindow.now().ledgerActivity(activity, activity, 10_000, Duration.ofMinutes(5)));
        List<OrderMessage> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            orders.add(TestKafka.order(activity, i));
        }
        OrderMessage cursed = orders.get(77);
        FailingLedger ledger = new FailingLedger(memory, cursed.orderId());

        try (OrderQueue queue = TestKafka.queue(kafka, options);
                OrderSettler settler = OrderSettler.builder(queue, ledger).start()) {
            TestKafka.publishAll(queue, orders);
            TestKafka.await("every order recorded", WAIT,
                    () -> memory.countOrders(activity).values().stream().mapToLong(Long::longValue).sum() == 200);
        }

        assertThat(memory.findOrder(cursed.orderId()).orElseThrow().status())
                .as("the buyer sees the dead-lettered order failed").isEqualTo(OrderStatus.FAILED);
        assertThat(memory.countOrders(activity)).containsEntry(OrderStatus.PENDING_PAYMENT, 199L)
                .containsEntry(OrderStatus.FAILED, 1L);
        assertThat(events.retryAttempts).as("the batch was retried up to the budget").contains(1, 2, 3);
        assertThat(events.deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.message()).isEqualTo(cursed);
            assertThat(letter.reason()).contains("cannot settle order " + cursed.orderId());
            assertThat(letter.attempts()).isEqualTo(FAST_RETRY.maxAttempts() + 1);
        });

        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readTopic(kafka, options.deadLetterTopic(), 1);
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(new OrderMessageDeserializer().deserialize(letter.value())).isEqualTo(cursed);
        assertThat(letter.key()).isEqualTo(KafkaOrderQueue.key(cursed));
        assertThat(TestKafka.header(letter, DeadLetterHeaders.REASON)).contains("cannot settle order");
        assertThat(TestKafka.header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("4");
        assertThat(TestKafka.header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(options.topic());
        int partition = Integer.parseInt(TestKafka.header(letter, DeadLetterHeaders.ORIGINAL_PARTITION));
        assertThat(partition).isBetween(0, TestKafka.PARTITIONS - 1);
        assertThat(Long.parseLong(TestKafka.header(letter, DeadLetterHeaders.ORIGINAL_OFFSET))).isNotNegative();
    }

    private static void assertDeadLetter(ConsumerRecord<byte[], byte[]> letter, KafkaQueueOptions options,
            long offset, String attempts, String reason) {
        assertThat(letter).isNotNull();
        assertThat(TestKafka.header(letter, DeadLetterHeaders.REASON)).contains(reason);
        assertThat(TestKafka.header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(options.topic());
        assertThat(TestKafka.header(letter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(TestKafka.header(letter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo(Long.toString(offset));
        assertThat(TestKafka.header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo(attempts);
        assertThat(TestKafka.header(letter, DeadLetterHeaders.CONSUMER_GROUP)).isEqualTo(options.consumerGroup());
        assertThat(Long.parseLong(TestKafka.header(letter, DeadLetterHeaders.DEAD_LETTERED_AT))).isPositive();
    }

    private static KafkaProducer<byte[], byte[]> plainProducer(KafkaEndpoint kafka) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends to partition 0 and returns the offset. */
    private static long send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, 0, null, value)).get(30, TimeUnit.SECONDS).offset();
    }

    private static long committed(KafkaEndpoint kafka, KafkaQueueOptions options, int partition) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(options.consumerGroup())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(options.topic(), partition));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
