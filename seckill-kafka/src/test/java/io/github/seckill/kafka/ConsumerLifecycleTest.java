package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.RetryPolicy;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Closing a consumer or taking its partitions away never commits a batch its handler has not finished, and a consumer
 * that is retrying still takes part in rebalances.
 */
@WithKafka
class ConsumerLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @SuppressWarnings("try") // the resources are closed, not used, at the end of the block
    void closingWhileABatchIsRetriedAbandonsItUncommittedForTheNextConsumer(KafkaEndpoint kafka) throws Exception {
        RecordingListener events = new RecordingListener();
        RetryPolicy patient = RetryPolicy.builder().maxAttempts(1_000).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(100)).build();
        KafkaQueueOptions options = TestKafka.freshOptions("close").retryPolicy(patient).listener(events).build();
        long activity = Tck.uniqueId();
        List<OrderMessage> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(TestKafka.order(activity, i));
        }
        Set<Long> handled = ConcurrentHashMap.newKeySet();

        try (OrderQueue queue = TestKafka.queue(kafka, options)) {
            TestKafka.publishAll(queue, orders);
            QueueConsumer failing = queue.consume(batch -> {
                throw new IllegalStateException("ledger down");
            });
            TestKafka.await("a few retries", WAIT, () -> events.retryAttempts.size() >= 3);
            failing.close();

            try (QueueConsumer next = queue.consume(batch -> batch.forEach(m -> handled.add(m.orderId())))) {
                TestKafka.await("every order handled by the next consumer", WAIT,
                        () -> handled.size() == orders.size());
            }
        }
        assertThat(handled).containsExactlyInAnyOrderElementsOf(orders.stream().map(OrderMessage::orderId).toList());
        assertThat(events.deadLetters).isEmpty();
        assertThat(TestKafka.endOffsets(kafka, options.deadLetterTopic()).values()).containsOnly(0L);
    }

    @Test
    @SuppressWarnings("try") // the resources are closed, not used, at the end of the block
    void aConsumerRetryingABatchGivesUpPartitionsInARebalanceWithoutCommittingThem(KafkaEndpoint kafka)
            throws Exception {
        RecordingListener events = new RecordingListener();
        RetryPolicy patient = RetryPolicy.builder().maxAttempts(1_000).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(100)).build();
        KafkaQueueOptions options = TestKafka.freshOptions("revoke").retryPolicy(patient).listener(events).build();
        long activity = Tck.uniqueId();
        List<OrderMessage> orders = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            orders.add(TestKafka.order(activity, i));
        }
        Set<Long> handledByNewcomer = ConcurrentHashMap.newKeySet();

        try (OrderQueue queue = TestKafka.queue(kafka, options)) {
            TestKafka.publishAll(queue, orders);
            QueueConsumer stuck = queue.consume(batch -> {
                throw new IllegalStateException("ledger down");
            });
            try {
                TestKafka.await("the stuck consumer retrying", WAIT, () -> events.retryAttempts.size() >= 2);
                try (QueueConsumer newcomer =
                        queue.consume(batch -> batch.forEach(m -> handledByNewcomer.add(m.orderId())))) {
                    // The stuck consumer keeps polling while it retries, so the group rebalances at once and the
                    // newcomer handles the partitions it is given, from their last committed offsets.
                    TestKafka.await("the newcomer handling orders while the other still retries", WAIT,
                            () -> !handledByNewcomer.isEmpty());
                    assertThat(handledByNewcomer.size()).isLessThan(orders.size());
                    stuck.close();
                    TestKafka.await("every order handled by the newcomer", WAIT,
                            () -> handledByNewcomer.size() == orders.size());
                }
            } finally {
                stuck.close();
            }
        }
        assertThat(handledByNewcomer)
                .containsExactlyInAnyOrderElementsOf(orders.stream().map(OrderMessage::orderId).toList());
        assertThat(events.deadLetters).isEmpty();
    }
}
