package io.github.seckill.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** In-memory specifics beyond the queue contract (which seckill-tck's TCK checks). */
class InMemoryOrderQueueTest {

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(20)).build();

    /** A handler that cannot settle anything, and cannot record failures either while {@code ledgerDown}. */
    private static final class Broken implements OrderBatchHandler {
        final AtomicInteger reportAttempts = new AtomicInteger();
        final List<DeadLetter> reported = new CopyOnWriteArrayList<>();
        volatile boolean ledgerDown = true;

        @Override
        public void handle(List<OrderMessage> batch) {
            throw new IllegalArgumentException("unreadable order");
        }

        @Override
        public void deadLettered(List<DeadLetter> letters) {
            reportAttempts.incrementAndGet();
            if (ledgerDown) {
                throw new IllegalStateException("ledger down");
            }
            reported.addAll(letters);
        }
    }

    @Test
    void deadLettersNotYetReportedSurviveTheirConsumersClose() throws Exception {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().retryPolicy(FAST).build();
        OrderMessage order = new OrderMessage(11, 1, 1, 1, 0, 1_000);
        queue.publish(order, (m, cause) -> { }).toCompletableFuture().get();
        Broken handler = new Broken();
        QueueConsumer first = queue.consume(handler);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handler.reportAttempts.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        first.close();
        assertThat(handler.reportAttempts.get()).isGreaterThanOrEqualTo(2);
        assertThat(queue.unacknowledged()).as("not acknowledged before it was reported").isEqualTo(1);

        handler.ledgerDown = false;
        try (QueueConsumer second = queue.consume(handler)) {
            assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(handler.reported).extracting(DeadLetter::message).containsExactly(order);
        assertThat(queue.deadLetters()).extracting(DeadLetter::message).containsExactly(order);
    }
}
