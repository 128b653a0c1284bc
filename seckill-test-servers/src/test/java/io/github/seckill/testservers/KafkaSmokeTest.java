package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.seckill.testservers.junit.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaSmokeTest {

    @Test
    void createsATopicAndReadsBackWhatWasProduced(KafkaEndpoint kafka) throws Exception {
        String topic = createTopic(kafka);

        RecordMetadata written = produce(kafka, topic, "order-1", "sku-42 x1");

        assertThat(written.offset()).isZero();
        assertThat(consumeAll(kafka, topic, 1)).containsExactly("order-1=sku-42 x1");
    }

    @Test
    void acceptsProduceAfterTheBrokerIsStoppedAndStartedAgain(KafkaEndpoint kafka) throws Exception {
        assumeTrue(kafka.isControllable(), "an external broker cannot be stopped");
        String topic = createTopic(kafka);
        produce(kafka, topic, "before", "stop");

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        kafka.start();

        RecordMetadata written = produce(kafka, topic, "after", "start");
        assertThat(written.offset()).isEqualTo(1);
        assertThat(consumeAll(kafka, topic, 2)).containsExactly("before=stop", "after=start");
    }

    @Test
    void acceptsProduceAfterTheBrokerIsKilledAndStartedAgain(KafkaEndpoint kafka) throws Exception {
        assumeTrue(kafka.isControllable(), "an external broker cannot be killed");
        String topic = createTopic(kafka);
        produce(kafka, topic, "before", "kill");

        kafka.kill();
        kafka.start();

        produce(kafka, topic, "after", "start");
        assertThat(consumeAll(kafka, topic, 2)).containsExactly("before=kill", "after=start");
    }

    private static String createTopic(KafkaEndpoint kafka) throws Exception {
        String topic = "smoke-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static RecordMetadata produce(KafkaEndpoint kafka, String topic, String key, String value)
            throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer =
                          new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(KafkaEndpoint kafka, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                          new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.key() + "=" + record.value());
                }
            }
        }
        return records;
    }
}
