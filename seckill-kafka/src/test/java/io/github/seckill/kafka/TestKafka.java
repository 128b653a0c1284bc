package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.tck.OrderMessageBuilder;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Topics, queues and plain-client helpers for tests against the harness' broker. */
final class TestKafka {

    static final int PARTITIONS = 3;

    private TestKafka() {
    }

    /** @return options for a fresh topic, dead-letter topic and group, named after {@code prefix} */
    static KafkaQueueOptions.Builder freshOptions(String prefix) {
        String topic = prefix + "-" + Tck.uniqueId();
        return KafkaQueueOptions.builder(topic).consumerGroup(topic + "-group").linger(Duration.ofMillis(10))
                .publishTimeout(Duration.ofSeconds(30));
    }

    /** Creates the options' topics with {@link #PARTITIONS} partitions and builds the queue. */
    static OrderQueue queue(KafkaEndpoint kafka, KafkaQueueOptions options) {
        SeckillKafka entry = SeckillKafka.create(kafka.bootstrapServers());
        entry.createTopics(options, PARTITIONS, (short) 1);
        return entry.orderQueue(options);
    }

    static OrderMessage order(long activity, int i) {
        return OrderMessageBuilder.order(Tck.uniqueId()).activity(activity).user(1 + i).quantity(1 + i % 3).shard(i % 4)
                .admittedAt(OrderMessageBuilder.ADMITTED_AT + i).build();
    }

    /** Publishes and waits for every acknowledgement; fails the test if anything is not queued. */
    static void publishAll(OrderQueue queue, List<OrderMessage> messages) throws Exception {
        List<CompletableFuture<Void>> acks = new ArrayList<>(messages.size());
        for (OrderMessage m : messages) {
            acks.add(queue.publish(m, (msg, cause) -> {
                throw new AssertionError("not queued: " + msg, cause);
            }).toCompletableFuture());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture<?>[]::new)).get(2, TimeUnit.MINUTES);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static KafkaConsumer<byte[], byte[]> plainConsumer(KafkaEndpoint kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads a topic from the beginning of every partition until {@code expected} records came, or 30 s passed. */
    static List<ConsumerRecord<byte[], byte[]>> readTopic(KafkaEndpoint kafka, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer(kafka)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** @return records per partition of a topic (its end offsets; nothing is ever deleted in these tests) */
    static Map<Integer, Long> endOffsets(KafkaEndpoint kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer(kafka)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            Map<Integer, Long> out = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> out.put(tp.partition(), offset));
            return out;
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        assertThat(h).as("header " + name).isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
