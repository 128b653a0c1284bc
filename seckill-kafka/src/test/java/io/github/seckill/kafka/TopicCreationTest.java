package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

@WithKafka
class TopicCreationTest {

    @Test
    void createsTheOrderAndDeadLetterTopicsOnceWithTheGivenPartitions(KafkaEndpoint kafka) throws Exception {
        KafkaQueueOptions options = TestKafka.freshOptions("topics").build();
        SeckillKafka entry = SeckillKafka.create(kafka.bootstrapServers());

        assertThat(entry.createTopics(options, 3, (short) 1))
                .containsExactlyInAnyOrder(options.topic(), options.deadLetterTopic());
        assertThat(entry.createTopics(options, 3, (short) 1)).as("existing topics are left alone").isEmpty();

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    List.of(options.topic(), options.deadLetterTopic())).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
        }
    }

    /**
     * The topics are served when {@code createTopics} returns: a producer writing at once never meets partitions the
     * broker has not opened yet, which would reject its first batches for good (KAFKA-15591).
     */
    @Test
    void aQueuePublishesAtOnceIntoTopicsItJustCreated(KafkaEndpoint kafka) throws Exception {
        for (int round = 0; round < 5; round++) {
            KafkaQueueOptions options = TestKafka.freshOptions("fresh").publishTimeout(Duration.ofSeconds(5)).build();
            long activity = Tck.uniqueId();
            List<OrderMessage> orders = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                orders.add(TestKafka.order(activity, i));
            }
            try (OrderQueue queue = TestKafka.queue(kafka, options)) {
                TestKafka.publishAll(queue, orders);
            }
            assertThat(TestKafka.endOffsets(kafka, options.topic()).values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(orders.size());
        }
    }
}
