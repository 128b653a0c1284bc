package io.github.seckill.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.CancelRequest;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.LedgerView;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderSettlerTest {

    /** A ledger that cannot settle one order: the queue dead-letters it, the ledger records it failed. */
    private static final class PoisonedLedger implements StockLedger {
        final StockLedger delegate;
        final long poisonedUser;
        /** Settlements and failures still to throw after the delegate committed them. */
        final java.util.concurrent.atomic.AtomicInteger lostAcks = new java.util.concurrent.atomic.AtomicInteger();

        PoisonedLedger(StockLedger delegate, long poisonedUser) {
            this.delegate = delegate;
            this.poisonedUser = poisonedUser;
        }

        @Override
        public List<Settlement> settle(List<OrderMessage> batch) {
            if (batch.stream().anyMatch(m -> m.userId() == poisonedUser)) {
                throw new IllegalArgumentException("cannot settle orders of user " + poisonedUser);
            }
            List<Settlement> settled = delegate.settle(batch);
            loseTheAnswerIfAsked();
            return settled;
        }

        @Override
        public boolean defineActivity(LedgerActivity activity) {
            return delegate.defineActivity(activity);
        }

        @Override
        public Settlement lock(OrderMessage order) {
            return delegate.lock(order);
        }

        @Override
        public List<Settlement> fail(List<OrderMessage> orders, String reason) {
            List<Settlement> failed = delegate.fail(orders, reason);
            loseTheAnswerIfAsked();
            return failed;
        }

        /** After a commit: throws as a connection lost before the answer arrived, as many times as asked. */
        private void loseTheAnswerIfAsked() {
            if (lostAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new BackendUnavailableException("ledger", "committed, but the answer was lost", null);
            }
        }

        @Override
        public PaymentResult confirmPayment(long orderId) {
            return delegate.confirmPayment(orderId);
        }

        @Override
        public ReleaseResult release(long orderId) {
            return delegate.release(orderId);
        }

        @Override
        public ReleaseResult cancel(CancelRequest request) {
            return delegate.cancel(request);
        }

        @Override
        public List<OrderRecord> releaseExpired(Instant now, int limit) {
            return delegate.releaseExpired(now, limit);
        }

        @Override
        public Optional<OrderRecord> findOrder(long orderId) {
            return delegate.findOrder(orderId);
        }

        @Override
        public Optional<OrderRecord> findOrder(long orderId, long userId) {
            return delegate.findOrder(orderId, userId);
        }

        @Override
        public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
            return delegate.orders(activityId, afterOrderId, limit);
        }

        @Override
        public LedgerView view(long activityId, Collection<Long> orderIds) {
            return delegate.view(activityId, orderIds);
        }

        @Override
        public boolean recordAdmissionLoad(long activityId) {
            return delegate.recordAdmissionLoad(activityId);
        }

        @Override
        public Optional<StockSnapshot> stock(long activityId) {
            return delegate.stock(activityId);
        }

        @Override
        public Map<OrderStatus, Long> countOrders(long activityId) {
            return delegate.countOrders(activityId);
        }
    }

    @Test
    void aDeadLetteredOrderIsRecordedFailedAndItsUnitsAreSoldAgain() throws Exception {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().batchSize(1).retryPolicy(RetryPolicy.builder()
                .maxAttempts(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build();
        InMemorySeckill memory = InMemorySeckill.builder().orderQueue(queue).build();
        PoisonedLedger ledger = new PoisonedLedger(memory.stockLedger(), 1);
        ActivityConfig activity = ActivityConfig.builder(1).stock(1)
                .window(Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600)).build();
        ledger.defineActivity(activity.toLedgerActivity());
        try (FlashSale sale = FlashSale.builder(memory.admissionGate(), queue).build();
                OrderSettler settler = OrderSettler.builder(queue, ledger).givingBackTo(sale).start()) {
            sale.launch(activity);
            AttemptResult.Admitted doomed = (AttemptResult.Admitted) sale.attempt(1, 1, "a");
            assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(ledger.findOrder(doomed.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
            assertThat(sale.remaining(1)).as("the unit went back to admission").containsExactly(1);
            AttemptResult second = sale.attempt(1, 2, "a");
            assertThat(second.isAdmitted()).isTrue();
            assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(ledger.stock(1).orElseThrow().locked()).isEqualTo(1);
        }
    }

    /**
     * The ledger recorded the order turned away, but the settler never heard (a later transaction of the batch failed,
     * or the commit's answer was lost): the batch comes again and the ledger answers REPLAYED. The units still go back.
     */
    @Test
    void unitsOfAnOrderTurnedAwayGoBackWhenTheBatchIsReplayed() throws Exception {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().batchSize(1).retryPolicy(RetryPolicy.builder()
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build();
        InMemorySeckill memory = InMemorySeckill.builder().orderQueue(queue).build();
        PoisonedLedger ledger = new PoisonedLedger(memory.stockLedger(), -1);
        ledger.lostAcks.set(1);
        // Launched for admission, never defined in the ledger: its orders are turned away as UNKNOWN_ACTIVITY.
        ActivityConfig activity = ActivityConfig.builder(1).stock(1)
                .window(Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600)).build();
        try (FlashSale sale = FlashSale.builder(memory.admissionGate(), queue).build();
                OrderSettler settler = OrderSettler.builder(queue, ledger).givingBackTo(sale).start()) {
            sale.launch(activity);
            AttemptResult.Admitted admitted = (AttemptResult.Admitted) sale.attempt(1, 1, "a");
            assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(ledger.lostAcks.get()).isZero();
            assertThat(ledger.findOrder(admitted.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
            assertThat(sale.remaining(1)).as("the unit went back to admission").containsExactly(1);
        }
    }

    /** The same for a dead letter whose failure the ledger recorded while the report of it failed. */
    @Test
    void unitsOfADeadLetterGoBackWhenTheReportIsRepeated() throws Exception {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().batchSize(1).retryPolicy(RetryPolicy.builder()
                .maxAttempts(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build();
        InMemorySeckill memory = InMemorySeckill.builder().orderQueue(queue).build();
        PoisonedLedger ledger = new PoisonedLedger(memory.stockLedger(), 1);
        ActivityConfig activity = ActivityConfig.builder(1).stock(1)
                .window(Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600)).build();
        ledger.defineActivity(activity.toLedgerActivity());
        ledger.lostAcks.set(1);
        try (FlashSale sale = FlashSale.builder(memory.admissionGate(), queue).build();
                OrderSettler settler = OrderSettler.builder(queue, ledger).givingBackTo(sale).start()) {
            sale.launch(activity);
            AttemptResult.Admitted doomed = (AttemptResult.Admitted) sale.attempt(1, 1, "a");
            assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(ledger.lostAcks.get()).isZero();
            assertThat(ledger.findOrder(doomed.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
            assertThat(sale.remaining(1)).as("the unit went back to admission").containsExactly(1);
        }
    }

    /**
     * Both settlement modes serve a batch first come first served by admission time, whatever the queue order (Kafka
     * interleaves partitions): with one unit left, the earlier admission wins either way.
     */
    @Test
    void perOrderAndMergedSettlementAgreeOnWhoCameFirst() throws Exception {
        for (boolean merged : new boolean[] {true, false}) {
            InMemoryOrderQueue queue = InMemoryOrderQueue.builder().batchSize(10).build();
            InMemorySeckill memory = InMemorySeckill.builder().orderQueue(queue).build();
            StockLedger ledger = memory.stockLedger();
            Instant now = Instant.now();
            ledger.defineActivity(new LedgerActivity(1, 1, 1, now.minusSeconds(5), now.plusSeconds(3600),
                    Duration.ofMinutes(5)));
            OrderMessage late = new OrderMessage(10, 1, 1, 1, 0, 2_000);
            OrderMessage early = new OrderMessage(20, 1, 2, 1, 0, 1_000);
            queue.publish(late, (m, cause) -> { });
            queue.publish(early, (m, cause) -> { });
            try (OrderSettler settler = OrderSettler.builder(queue, ledger).mergedSettlement(merged).start()) {
                assertThat(queue.awaitDrained(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(ledger.findOrder(early.orderId()).orElseThrow().status()).as("merged=" + merged)
                    .isEqualTo(OrderStatus.PENDING_PAYMENT);
            assertThat(ledger.findOrder(late.orderId()).orElseThrow().status()).as("merged=" + merged)
                    .isEqualTo(OrderStatus.SOLD_OUT);
        }
    }
}
