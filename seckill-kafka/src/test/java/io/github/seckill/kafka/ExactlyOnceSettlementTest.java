package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.kafka.codec.OrderMessageDeserializer;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * 50,000 orders through three partitions and two consumers, the second joining mid-stream (a rebalance), settle in a
 * real ledger exactly once: every order is recorded, and stock moved once per distinct order.
 */
@WithKafka
class ExactlyOnceSettlementTest {

    private static final int ORDERS = 50_000;
    private static final Duration DRAIN = Duration.ofMinutes(2);

    @Test
    @SuppressWarnings("try") // the resources are closed, not used, at the end of the block
    void fiftyThousandOrdersSettleExactlyOnceAcrossARebalance(KafkaEndpoint kafka) throws Exception {
        RecordingListener events = new RecordingListener();
        KafkaQueueOptions options = TestKafka.freshOptions("settle").batchSize(500).listener(events).build();
        InMemoryStockLedger ledger = new InMemoryStockLedger();
        long hot = Tck.uniqueId();
        long cold = Tck.uniqueId();
        OpenWindow window = OpenWindow.now();
        // The hot activity has fewer units than its orders ask for: some orders must end SOLD_OUT.
        ledger.defineActivity(window.ledgerActivity(hot, hot, 60_000, Duration.ofMinutes(5)));
        ledger.defineActivity(window.ledgerActivity(cold, cold, 1_000_000, Duration.ofMinutes(5)));
        List<OrderMessage> orders = new ArrayList<>(ORDERS);
        for (int i = 0; i < ORDERS; i++) {
            orders.add(TestKafka.order(i % 10 == 0 ? cold : hot, i));
        }

        try (OrderQueue queue = TestKafka.queue(kafka, options);
                OrderSettler first = OrderSettler.builder(queue, ledger).listener(events).start()) {
            TestKafka.publishAll(queue, orders.subList(0, ORDERS / 2));
            TestKafka.await("a fifth settled by the first consumer", DRAIN,
                    () -> ordersIn(ledger, hot, cold) >= ORDERS / 5);
            try (OrderSettler second = OrderSettler.builder(queue, ledger).listener(events).start()) {
                TestKafka.await("partitions assigned to the second consumer", DRAIN,
                        () -> events.lagThreads.size() >= 2);
                TestKafka.publishAll(queue, orders.subList(ORDERS / 2, ORDERS));
                TestKafka.await("every order settled", DRAIN, () -> ordersIn(ledger, hot, cold) >= ORDERS);
                TestKafka.await("lag reported as zero on every partition", DRAIN,
                        () -> events.latestLag.size() == TestKafka.PARTITIONS
                                && events.latestLag.values().stream().allMatch(lag -> lag == 0));
            }
        }

        assertThat(ordersIn(ledger, hot, cold)).isEqualTo(ORDERS);
        // Each order was settled for the first time exactly once; deliveries beyond that were replays.
        assertThat(events.count(Settlement.Outcome.LOCKED) + events.count(Settlement.Outcome.SOLD_OUT))
                .isEqualTo(ORDERS);
        assertThat(events.count(Settlement.Outcome.DUPLICATE_USER)).isZero();
        assertThat(events.count(Settlement.Outcome.UNKNOWN_ACTIVITY)).isZero();
        for (long activity : List.of(hot, cold)) {
            long lockedUnits = 0;
            for (OrderMessage m : orders) {
                if (m.activityId() == activity
                        && ledger.findOrder(m.orderId()).orElseThrow().status() == OrderStatus.PENDING_PAYMENT) {
                    lockedUnits += m.quantity();
                }
            }
            StockSnapshot stock = ledger.stock(activity).orElseThrow();
            assertThat(stock.locked()).as("units locked in activity %d", activity).isEqualTo(lockedUnits);
            assertThat(stock.available()).isEqualTo(stock.totalStock() - lockedUnits);
        }
        assertThat(ledger.countOrders(hot)).containsKeys(OrderStatus.PENDING_PAYMENT, OrderStatus.SOLD_OUT);
        assertThat(ledger.stock(hot).orElseThrow().available()).as("hot activity sold out").isLessThan(3);

        assertThat(events.settlingThreads).as("both consumers settled batches").hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.lagGroups).containsExactly(options.consumerGroup());
        assertThat(events.latestLag.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(events.allLags).allMatch(lag -> lag >= 0);
        assertThat(events.retryAttempts).isEmpty();
        assertThat(events.deadLetters).isEmpty();
        assertHotActivitySpreadOverEveryPartition(kafka, options.topic(), hot, orders);
    }

    private static long ordersIn(InMemoryStockLedger ledger, long... activities) {
        long n = 0;
        for (long activity : activities) {
            n += ledger.countOrders(activity).values().stream().mapToLong(Long::longValue).sum();
        }
        return n;
    }

    /** Keyed by buyer, the hot activity's orders land evenly on every partition instead of piling onto one. */
    private static void assertHotActivitySpreadOverEveryPartition(
            KafkaEndpoint kafka, String topic, long hot, List<OrderMessage> orders) {
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readTopic(kafka, topic, ORDERS);
        assertThat(records).hasSize(ORDERS);
        OrderMessageDeserializer reader = new OrderMessageDeserializer();
        Map<Integer, Integer> hotPerPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (reader.deserialize(r.value()).activityId() == hot) {
                hotPerPartition.merge(r.partition(), 1, Integer::sum);
            }
        }
        long hotOrders = orders.stream().filter(m -> m.activityId() == hot).count();
        assertThat(hotPerPartition.keySet()).isEqualTo(Set.of(0, 1, 2));
        assertThat(hotPerPartition.values())
                .allSatisfy(n -> assertThat(n).isGreaterThan((int) (hotOrders / TestKafka.PARTITIONS * 0.8)));
    }
}
