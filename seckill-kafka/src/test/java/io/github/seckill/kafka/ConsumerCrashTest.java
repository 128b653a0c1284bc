package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A consumer dies between the ledger commit and the offset commit: its handler settles a batch in the ledger and then
 * the thread dies with an {@link Error}, as a JVM crash would stop it, before the queue commits the offsets.
 */
@WithKafka
class ConsumerCrashTest {

    private static final int ORDERS = 3_000;
    private static final Duration DRAIN = Duration.ofMinutes(2);

    @Test
    @SuppressWarnings("try") // the resources are closed, not used, at the end of the block
    void afterTheRestartNothingIsLostAndNothingAppliedTwice(KafkaEndpoint kafka) throws Exception {
        List<Throwable> stopped = new CopyOnWriteArrayList<>();
        SeckillListener alerts = new SeckillListener() {
            @Override
            public void consumerStopped(String group, String consumer, Throwable cause) {
                stopped.add(cause);
            }
        };
        KafkaQueueOptions options = TestKafka.freshOptions("crash").batchSize(100).listener(alerts).build();
        InMemoryStockLedger ledger = new InMemoryStockLedger();
        long activity = Tck.uniqueId();
        long totalStock = 1_000_000;
        ledger.defineActivity(OpenWindow.now().ledgerActivity(activity, activity, totalStock, Duration.ofMinutes(5)));
        List<OrderMessage> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(TestKafka.order(activity, i));
        }
        Map<Settlement.Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Set<Long> replayed = ConcurrentHashMap.newKeySet();
        List<Long> crashedBatch = new CopyOnWriteArrayList<>();
        AtomicInteger batches = new AtomicInteger();

        try (OrderQueue queue = TestKafka.queue(kafka, options)) {
            TestKafka.publishAll(queue, orders);
            QueueConsumer doomed = queue.consume(batch -> {
                record(ledger.settle(batch), outcomes, replayed);
                if (batches.incrementAndGet() == 5) {
                    batch.forEach(m -> crashedBatch.add(m.orderId()));
                    throw new Error("simulated crash after the ledger commit, before the offset commit");
                }
            });
            TestKafka.await("the crash reported", DRAIN, () -> !stopped.isEmpty());
            assertThat(stopped).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("simulated crash"));
            doomed.close();
            long settledBeforeRestart = orderCount(ledger, activity);
            assertThat(settledBeforeRestart).isLessThan(ORDERS);

            try (QueueConsumer restarted = queue.consume(batch -> record(ledger.settle(batch), outcomes, replayed))) {
                TestKafka.await("every order settled", DRAIN, () -> orderCount(ledger, activity) == ORDERS
                        && replayed.containsAll(crashedBatch));
            }
        }

        assertThat(orderCount(ledger, activity)).isEqualTo(ORDERS);
        assertThat(count(outcomes, Settlement.Outcome.LOCKED)).as("each order locked exactly once").isEqualTo(ORDERS);
        assertThat(replayed).as("the crashed batch was redelivered and recognised")
                .containsAll(crashedBatch).hasSizeGreaterThanOrEqualTo(crashedBatch.size());
        long units = orders.stream().mapToLong(OrderMessage::quantity).sum();
        StockSnapshot stock = ledger.stock(activity).orElseThrow();
        assertThat(stock.locked()).isEqualTo(units);
        assertThat(stock.available()).isEqualTo(totalStock - units);
    }

    private static void record(List<Settlement> settlements, Map<Settlement.Outcome, AtomicInteger> outcomes,
            Set<Long> replayed) {
        for (Settlement s : settlements) {
            outcomes.computeIfAbsent(s.outcome(), o -> new AtomicInteger()).incrementAndGet();
            if (s.outcome() == Settlement.Outcome.REPLAYED) {
                replayed.add(s.orderId());
            }
        }
    }

    private static int count(Map<Settlement.Outcome, AtomicInteger> outcomes, Settlement.Outcome outcome) {
        AtomicInteger n = outcomes.get(outcome);
        return n == null ? 0 : n.get();
    }

    private static long orderCount(InMemoryStockLedger ledger, long activity) {
        return ledger.countOrders(activity).values().stream().mapToLong(Long::longValue).sum();
    }
}
