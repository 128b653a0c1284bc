package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ledger.CancelRequest;
import io.github.seckill.ledger.LedgerView;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.SettlementBatch;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.queue.OrderMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract of a {@link StockLedger}: guarded stock moves that never oversell, one order per user, idempotency by order
 * id, forward-only status transitions under races, merged settlement equal to the per-order path. Extend it and
 * implement {@link #createLedger()}.
 */
public abstract class StockLedgerContractTest {

    /** The ledger under test. */
    protected StockLedger ledger;
    private final AtomicLong orderIds = new AtomicLong();
    private long admittedAt = 1_900_000_000_000L;

    /** @return the ledger under test; it may be shared between tests, which use fresh activity and order ids */
    protected abstract StockLedger createLedger();

    @BeforeEach
    void setUpLedger() {
        ledger = createLedger();
        orderIds.set(Tck.uniqueId() * 100_000);
    }

    /**
     * @param stock total stock
     * @param paymentTimeout the payment timeout
     * @return a freshly defined activity id
     */
    protected long defineActivity(long stock, Duration paymentTimeout) {
        long id = Tck.uniqueId();
        assertThat(ledger.defineActivity(OpenWindow.now().ledgerActivity(id, 7, stock, paymentTimeout))).isTrue();
        return id;
    }

    private long defineActivity(long stock) {
        return defineActivity(stock, Duration.ofMinutes(5));
    }

    private OrderMessage order(long activity, long user) {
        return order(activity, user, 1);
    }

    private OrderMessage order(long activity, long user, int quantity) {
        return OrderMessageBuilder.order(orderIds.incrementAndGet()).activity(activity).user(user).quantity(quantity)
                .admittedAt(admittedAt++).build();
    }

    private StockSnapshot stock(long activity) {
        return ledger.stock(activity).orElseThrow();
    }

    @Test
    void definesAnActivityOnceAndNeverResetsIt() {
        long a = defineActivity(10);
        ledger.lock(order(a, 1));
        assertThat(ledger.defineActivity(OpenWindow.now().ledgerActivity(a, 7, 99, Duration.ofMinutes(1)))).isFalse();
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 10, 9, 1, 0));
    }

    @Test
    void locksUnitsForAnOrder() {
        long a = defineActivity(10);
        OrderMessage m = order(a, 1, 2);
        Settlement s = ledger.lock(m);
        assertThat(s).isEqualTo(new Settlement(m.orderId(), Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT));
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 10, 8, 2, 0));
        OrderRecord r = ledger.findOrder(m.orderId()).orElseThrow();
        assertThat(r.userId()).isEqualTo(1);
        assertThat(r.quantity()).isEqualTo(2);
        assertThat(r.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
    }

    @Test
    void aRepeatedOrderIsANoOpReturningTheOriginalOutcome() {
        long a = defineActivity(1);
        OrderMessage m = order(a, 1);
        ledger.lock(m);
        assertThat(ledger.lock(m).outcome()).isEqualTo(Settlement.Outcome.REPLAYED);
        assertThat(ledger.settle(List.of(m))).containsExactly(
                new Settlement(m.orderId(), Settlement.Outcome.REPLAYED, OrderStatus.PENDING_PAYMENT));
        assertThat(stock(a).locked()).isEqualTo(1);
    }

    @Test
    void aSecondOrderOfTheSameUserFailsAndTakesNothing() {
        long a = defineActivity(5);
        ledger.lock(order(a, 1));
        OrderMessage second = order(a, 1);
        assertThat(ledger.lock(second)).isEqualTo(
                new Settlement(second.orderId(), Settlement.Outcome.DUPLICATE_USER, OrderStatus.FAILED));
        assertThat(ledger.findOrder(second.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(stock(a).locked()).isEqualTo(1);
    }

    @Test
    void anOrderWithoutStockIsRecordedSoldOut() {
        long a = defineActivity(1);
        ledger.lock(order(a, 1));
        OrderMessage late = order(a, 2);
        assertThat(ledger.lock(late).outcome()).isEqualTo(Settlement.Outcome.SOLD_OUT);
        assertThat(ledger.findOrder(late.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.SOLD_OUT);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 1, 0, 1, 0));
    }

    @Test
    void anOrderOfAnUnknownActivityIsRecordedFailed() {
        OrderMessage m = order(Tck.uniqueId(), 1);
        assertThat(ledger.lock(m).outcome()).isEqualTo(Settlement.Outcome.UNKNOWN_ACTIVITY);
        assertThat(ledger.findOrder(m.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
    }

    @Test
    void mergedSettlementIsFirstComeFirstServedByAdmissionTime() {
        long a = defineActivity(2);
        OrderMessage early = OrderMessageBuilder.order(orderIds.incrementAndGet()).activity(a).user(1).admittedAt(1_000)
                .build();
        OrderMessage middle = OrderMessageBuilder.order(orderIds.incrementAndGet()).activity(a).user(2)
                .admittedAt(2_000).build();
        OrderMessage late = OrderMessageBuilder.order(orderIds.incrementAndGet()).activity(a).user(3).admittedAt(3_000)
                .build();
        long other = defineActivity(1);
        OrderMessage elsewhere = order(other, 1);
        List<Settlement> out = ledger.settle(List.of(late, early, elsewhere, middle, late));
        assertThat(out).containsExactly(
                new Settlement(late.orderId(), Settlement.Outcome.SOLD_OUT, OrderStatus.SOLD_OUT),
                new Settlement(early.orderId(), Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT),
                new Settlement(elsewhere.orderId(), Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT),
                new Settlement(middle.orderId(), Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT));
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 2, 0, 2, 0));
        assertThat(stock(other)).isEqualTo(new StockSnapshot(other, 1, 0, 1, 0));
    }

    /** The same input sequence gives the same rows through merged batches and through one lock per order. */
    @Test
    void mergedAndPerOrderSettlementProduceTheSameRows() {
        long merged = defineActivity(100);
        long single = defineActivity(100);
        Random random = new Random(7);
        List<long[]> sequence = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long user = 1 + random.nextInt(400);
            int quantity = 1 + random.nextInt(2);
            sequence.add(new long[] {user, quantity, 1_000 + i});
        }
        List<OrderMessage> viaMerge = new ArrayList<>();
        List<OrderMessage> viaLock = new ArrayList<>();
        for (long[] s : sequence) {
            viaMerge.add(OrderMessageBuilder.order(orderIds.incrementAndGet()).activity(merged).user(s[0])
                    .quantity((int) s[1]).admittedAt(s[2]).build());
            viaLock.add(OrderMessageBuilder.order(orderIds.incrementAndGet()).activity(single).user(s[0])
                    .quantity((int) s[1]).admittedAt(s[2]).build());
        }
        for (int from = 0; from < viaMerge.size(); from += 64) {
            List<OrderMessage> batch = new ArrayList<>(viaMerge.subList(from, Math.min(from + 64, viaMerge.size())));
            batch.add(batch.get(0));
            ledger.settle(batch);
        }
        viaLock.forEach(ledger::lock);
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(ledger.findOrder(viaMerge.get(i).orderId()).orElseThrow().status())
                    .as("order %d", i)
                    .isEqualTo(ledger.findOrder(viaLock.get(i).orderId()).orElseThrow().status());
        }
        StockSnapshot a = stock(merged);
        StockSnapshot b = stock(single);
        assertThat(List.of(a.available(), a.locked(), a.sold())).isEqualTo(List.of(b.available(), b.locked(), b.sold()));
        assertThat(ledger.countOrders(merged)).isEqualTo(ledger.countOrders(single));
    }

    @Test
    void paymentMovesLockedUnitsToSoldOnce() {
        long a = defineActivity(3);
        OrderMessage m = order(a, 1, 2);
        ledger.lock(m);
        assertThat(ledger.confirmPayment(m.orderId()).outcome()).isEqualTo(PaymentResult.Outcome.PAID);
        assertThat(ledger.confirmPayment(m.orderId()).outcome()).isEqualTo(PaymentResult.Outcome.ALREADY_PAID);
        assertThat(ledger.release(m.orderId()).outcome()).isEqualTo(ReleaseResult.Outcome.ALREADY_PAID);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 1, 0, 2));
        assertThat(ledger.confirmPayment(orderIds.incrementAndGet()).outcome())
                .isEqualTo(PaymentResult.Outcome.NOT_FOUND);
    }

    @Test
    void releaseGivesUnitsBackOnceAndALatePaymentNeedsARefund() {
        long a = defineActivity(3);
        OrderMessage m = order(a, 1);
        ledger.lock(m);
        ReleaseResult released = ledger.release(m.orderId());
        assertThat(released.outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
        assertThat(released.order()).isNotNull();
        assertThat(released.order().status()).isEqualTo(OrderStatus.CLOSED);
        assertThat(ledger.release(m.orderId()).outcome()).isEqualTo(ReleaseResult.Outcome.ALREADY_CLOSED);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 3, 0, 0));
        PaymentResult late = ledger.confirmPayment(m.orderId());
        assertThat(late.outcome()).isEqualTo(PaymentResult.Outcome.REFUND_REQUIRED);
        assertThat(ledger.findOrder(m.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.REFUND_REQUIRED);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 3, 0, 0));
    }

    @Test
    void aBuyerCancelsTheirOwnPendingOrderOnce() {
        long a = defineActivity(3);
        OrderMessage m = order(a, 1, 2);
        ledger.lock(m);
        assertThat(ledger.cancel(CancelRequest.byBuyer(m.orderId(), 2)).outcome())
                .as("another buyer's order is not found").isEqualTo(ReleaseResult.Outcome.NOT_FOUND);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 1, 2, 0));
        ReleaseResult cancelled = ledger.cancel(CancelRequest.byBuyer(m.orderId(), 1));
        assertThat(cancelled.outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
        assertThat(cancelled.released()).isTrue();
        assertThat(cancelled.order()).isNotNull();
        assertThat(cancelled.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 3, 0, 0));
        assertThat(ledger.cancel(CancelRequest.byBuyer(m.orderId(), 1)).outcome())
                .isEqualTo(ReleaseResult.Outcome.ALREADY_CLOSED);
        assertThat(ledger.release(m.orderId()).outcome()).isEqualTo(ReleaseResult.Outcome.ALREADY_CLOSED);
        assertThat(ledger.confirmPayment(m.orderId()).outcome()).isEqualTo(PaymentResult.Outcome.REFUND_REQUIRED);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 3, 0, 0));
        assertThat(ledger.cancel(CancelRequest.byBuyer(orderIds.incrementAndGet(), 1)).outcome())
                .isEqualTo(ReleaseResult.Outcome.NOT_FOUND);
    }

    @Test
    void aBuyerCannotCancelAPaidOrderAnOperatorCancelsItForARefund() {
        long a = defineActivity(3);
        OrderMessage m = order(a, 1);
        ledger.lock(m);
        ledger.confirmPayment(m.orderId());
        assertThat(ledger.cancel(CancelRequest.byBuyer(m.orderId(), 1)).outcome())
                .isEqualTo(ReleaseResult.Outcome.ALREADY_PAID);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 2, 0, 1));
        ReleaseResult refunded = ledger.cancel(CancelRequest.byOperator(m.orderId(), "risk: card reported stolen"));
        assertThat(refunded.outcome()).isEqualTo(ReleaseResult.Outcome.REFUNDED);
        assertThat(refunded.released()).isTrue();
        assertThat(ledger.findOrder(m.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.REFUND_REQUIRED);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 3, 0, 0));
        assertThat(ledger.cancel(CancelRequest.byOperator(m.orderId(), "again")).released())
                .as("units move once").isFalse();
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 3, 3, 0, 0));
    }

    @Test
    void anOperatorCancelsAPendingOrderWithAReason() {
        long a = defineActivity(2);
        OrderMessage m = order(a, 1);
        ledger.lock(m);
        ReleaseResult cancelled = ledger.cancel(CancelRequest.byOperator(m.orderId(), "risk: bot pattern"));
        assertThat(cancelled.outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
        assertThat(ledger.findOrder(m.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 2, 2, 0, 0));
        assertThatThrownBy(() -> CancelRequest.byOperator(m.orderId(), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    }

    /** Buyers cancel while their payments arrive: each order ends paid or cancelled, its units moved once. */
    @Test
    void aCancelRacingAPaymentMovesUnitsOnce() throws Exception {
        int n = 200;
        long a = defineActivity(n);
        List<OrderMessage> orders = new ArrayList<>();
        for (int u = 1; u <= n; u++) {
            orders.add(order(a, u));
        }
        ledger.settle(orders);
        AtomicLong cancels = new AtomicLong();
        AtomicLong payments = new AtomicLong();
        Tck.runConcurrently(8, 2 * n, i -> {
            OrderMessage m = orders.get(i / 2);
            if (i % 2 == 0) {
                if (ledger.cancel(CancelRequest.byBuyer(m.orderId(), m.userId())).released()) {
                    cancels.incrementAndGet();
                }
            } else if (ledger.confirmPayment(m.orderId()).outcome() == PaymentResult.Outcome.PAID) {
                payments.incrementAndGet();
            }
        });
        Map<OrderStatus, Long> byStatus = ledger.countOrders(a);
        assertThat(cancels.get() + payments.get()).isEqualTo(n);
        assertThat(byStatus.getOrDefault(OrderStatus.PAID, 0L)).isEqualTo(payments.get());
        assertThat(byStatus.getOrDefault(OrderStatus.CANCELLED, 0L)
                + byStatus.getOrDefault(OrderStatus.REFUND_REQUIRED, 0L)).isEqualTo(cancels.get());
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, n, cancels.get(), 0, payments.get()));
    }

    /** An operator cancels orders the timeout sweep is releasing: each order's units go back exactly once. */
    @Test
    void anOperatorCancelRacingTheTimeoutSweepMovesUnitsOnce() throws Exception {
        int n = 200;
        long a = defineActivity(n, Duration.ofSeconds(1));
        List<OrderMessage> orders = new ArrayList<>();
        for (int u = 1; u <= n; u++) {
            orders.add(order(a, u));
        }
        ledger.settle(orders);
        Instant expired = Instant.now().plus(Duration.ofMinutes(5));
        AtomicLong byCancel = new AtomicLong();
        AtomicLong bySweep = new AtomicLong();
        Tck.runConcurrently(8, n + 40, i -> {
            if (i < n) {
                if (ledger.cancel(CancelRequest.byOperator(orders.get(i).orderId(), "risk")).released()) {
                    byCancel.incrementAndGet();
                }
            } else {
                bySweep.addAndGet(releasedOf(a, ledger.releaseExpired(expired, 7)));
            }
        });
        // The sweep covers every activity of the ledger, other tests' too: count this one's orders.
        for (List<OrderRecord> batch = ledger.releaseExpired(expired, n); !batch.isEmpty();
                batch = ledger.releaseExpired(expired, n)) {
            bySweep.addAndGet(releasedOf(a, batch));
        }
        assertThat(byCancel.get() + bySweep.get()).as("every order released once").isEqualTo(n);
        Map<OrderStatus, Long> byStatus = ledger.countOrders(a);
        assertThat(byStatus.getOrDefault(OrderStatus.CANCELLED, 0L)).isEqualTo(byCancel.get());
        assertThat(byStatus.getOrDefault(OrderStatus.CLOSED, 0L)).isEqualTo(bySweep.get());
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, n, n, 0, 0));
    }

    private static long releasedOf(long activity, List<OrderRecord> released) {
        return released.stream().filter(r -> r.activityId() == activity).count();
    }

    @Test
    void ordersThatHoldNoUnitsCannotBeReleasedAndPaymentsForThemAreRefunded() {
        long a = defineActivity(0);
        OrderMessage m = order(a, 1);
        ledger.lock(m);
        assertThat(ledger.release(m.orderId()).outcome()).isEqualTo(ReleaseResult.Outcome.NOT_HELD);
        assertThat(ledger.confirmPayment(m.orderId()).outcome()).isEqualTo(PaymentResult.Outcome.REFUND_REQUIRED);
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 0, 0, 0, 0));
        assertThat(ledger.release(orderIds.incrementAndGet()).outcome()).isEqualTo(ReleaseResult.Outcome.NOT_FOUND);
    }

    @Test
    void failMarksOnlyOrdersWithoutAnOutcome() {
        long a = defineActivity(5);
        OrderMessage settled = order(a, 1);
        ledger.lock(settled);
        OrderMessage lost = order(a, 2);
        List<Settlement> out = ledger.fail(List.of(settled, lost, lost), "dead-lettered");
        assertThat(out).containsExactly(
                new Settlement(settled.orderId(), Settlement.Outcome.REPLAYED, OrderStatus.PENDING_PAYMENT),
                new Settlement(lost.orderId(), Settlement.Outcome.FAILED, OrderStatus.FAILED));
        assertThat(ledger.lock(lost).outcome()).isEqualTo(Settlement.Outcome.REPLAYED);
        assertThat(stock(a).locked()).isEqualTo(1);
    }

    @Test
    void releasesExpiredOrdersInBatches() {
        long a = defineActivity(10, Duration.ofSeconds(30));
        List<OrderMessage> orders = new ArrayList<>();
        for (int u = 1; u <= 5; u++) {
            orders.add(order(a, u));
        }
        ledger.settle(orders);
        ledger.confirmPayment(orders.get(0).orderId());
        assertThat(ledger.releaseExpired(Instant.now(), 10)).isEmpty();
        Instant later = Instant.now().plus(Duration.ofMinutes(2));
        List<OrderRecord> first = ledger.releaseExpired(later, 3);
        List<OrderRecord> second = ledger.releaseExpired(later, 3);
        assertThat(first).hasSize(3);
        assertThat(second).hasSize(1);
        assertThat(ledger.releaseExpired(later, 3)).isEmpty();
        assertThat(first).allSatisfy(r -> assertThat(r.status()).isEqualTo(OrderStatus.CLOSED));
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, 10, 9, 0, 1));
    }

    /** 16 threads, 10,000 users (each order sent twice), stock 1,000: exactly 1,000 locked, nothing negative. */
    @Test
    void anOrderIdOfAnotherBuyerIsAConflictThatLeavesTheExistingOrderAlone() {
        long activity = defineActivity(5);
        OrderMessage first = order(activity, 1);
        ledger.settle(List.of(first));
        OrderMessage collided = OrderMessageBuilder.order(first.orderId()).activity(activity).user(2)
                .admittedAt(admittedAt++).build();
        Settlement s = ledger.settle(List.of(collided)).get(0);
        assertThat(s.outcome()).isEqualTo(Settlement.Outcome.CONFLICT);
        assertThat(s.status()).isEqualTo(OrderStatus.FAILED);
        assertThat(ledger.lock(collided).outcome()).isEqualTo(Settlement.Outcome.CONFLICT);
        assertThat(ledger.fail(List.of(collided), "dead letter").get(0).outcome())
                .isEqualTo(Settlement.Outcome.CONFLICT);
        assertThat(ledger.findOrder(first.orderId()).orElseThrow().userId()).isEqualTo(1);
        assertThat(ledger.findOrder(first.orderId(), 1).orElseThrow().status())
                .isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(ledger.findOrder(first.orderId(), 2).orElseThrow().status())
                .as("the second buyer reads their order as failed").isEqualTo(OrderStatus.FAILED);
        assertThat(ledger.findOrder(first.orderId(), 3)).as("not theirs").isEmpty();
        assertThat(stock(activity).locked()).isEqualTo(1);
        assertThat(ledger.settle(List.of(first)).get(0).outcome()).as("the same order again is a replay")
                .isEqualTo(Settlement.Outcome.REPLAYED);
    }

    /** Both orders of a colliding id can arrive in one batch: the first keeps the id, the second is a conflict. */
    @Test
    void anOrderIdOfAnotherBuyerInTheSameBatchIsAConflictToo() {
        long activity = defineActivity(5);
        OrderMessage first = order(activity, 1);
        OrderMessage collided = new OrderMessage(first.orderId(), activity, 2, 1, 1, admittedAt++);
        List<Settlement> settled = ledger.settle(List.of(first, collided, first));
        assertThat(settled).containsExactly(
                new Settlement(first.orderId(), Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT),
                new Settlement(first.orderId(), Settlement.Outcome.CONFLICT, OrderStatus.FAILED));
        assertThat(settled).hasSameSizeAs(SettlementBatch.answered(List.of(first, collided, first)));
        assertThat(ledger.findOrder(first.orderId(), 1).orElseThrow().status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(ledger.findOrder(first.orderId(), 2).orElseThrow().status())
                .as("the second buyer reads an explicit failure").isEqualTo(OrderStatus.FAILED);
        assertThat(stock(activity).locked()).isEqualTo(1);
    }

    @Test
    void ordersArePagedByIdTurnedAwayOnesIncluded() {
        long activity = defineActivity(2);
        List<OrderMessage> orders = new ArrayList<>();
        for (long user = 1; user <= 5; user++) {
            orders.add(order(activity, user));
        }
        orders.add(order(activity, 1)); // a second order of user 1: turned away
        ledger.settle(orders);
        List<OrderRecord> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<OrderRecord> page = ledger.orders(activity, after, 2);
            all.addAll(page);
            if (page.size() < 2) {
                break;
            }
            after = page.get(page.size() - 1).orderId();
        }
        assertThat(all).extracting(OrderRecord::orderId)
                .containsExactlyElementsOf(orders.stream().map(OrderMessage::orderId).toList());
        assertThat(all).extracting(OrderRecord::status).containsExactly(OrderStatus.PENDING_PAYMENT,
                OrderStatus.PENDING_PAYMENT, OrderStatus.SOLD_OUT, OrderStatus.SOLD_OUT, OrderStatus.SOLD_OUT,
                OrderStatus.FAILED);
        assertThat(ledger.orders(defineActivity(1), 0, 10)).isEmpty();
    }

    @Test
    void aViewReadsTheStockRowAndTheStatusesTogether() {
        long activity = defineActivity(3);
        OrderMessage a = order(activity, 1);
        OrderMessage b = order(activity, 2);
        ledger.settle(List.of(a, b));
        ledger.confirmPayment(b.orderId());
        LedgerView view = ledger.view(activity, List.of(a.orderId(), b.orderId(), 424242L));
        assertThat(view.stock()).isEqualTo(new StockSnapshot(activity, 3, 1, 1, 1));
        assertThat(view.statuses()).containsOnly(Map.entry(a.orderId(), OrderStatus.PENDING_PAYMENT),
                Map.entry(b.orderId(), OrderStatus.PAID));
        assertThat(ledger.view(Tck.uniqueId(), List.of()).stockRow()).isEmpty();
    }

    @Test
    void theFirstAdmissionLoadIsRecordedOnce() {
        long activity = defineActivity(3);
        assertThat(ledger.recordAdmissionLoad(activity)).isTrue();
        assertThat(ledger.recordAdmissionLoad(activity)).isFalse();
        assertThatThrownBy(() -> ledger.recordAdmissionLoad(Tck.uniqueId()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * While 8 threads settle, pay and release, views of the activity always see the stock row and the orders'
     * statuses as of one instant: the units of the orders it saw pending add up to no more than what it saw locked.
     */
    @Test
    void viewsAreConsistentWhileTheLedgerChanges() throws Exception {
        long activity = defineActivity(200);
        List<OrderMessage> orders = new ArrayList<>();
        for (long user = 1; user <= 200; user++) {
            orders.add(order(activity, user));
        }
        java.util.List<Long> ids = orders.stream().map(OrderMessage::orderId).toList();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.List<String> inconsistent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (running.get()) {
                LedgerView v = ledger.view(activity, ids);
                StockSnapshot st = java.util.Objects.requireNonNull(v.stock());
                long pending = v.statuses().values().stream().filter(x -> x == OrderStatus.PENDING_PAYMENT).count();
                long paid = v.statuses().values().stream().filter(x -> x == OrderStatus.PAID).count();
                if (pending != st.locked() || paid != st.sold()) {
                    inconsistent.add(st + " vs pending " + pending + ", paid " + paid);
                }
            }
        });
        reader.start();
        try {
            Tck.runConcurrently(8, orders.size(), i -> {
                OrderMessage m = orders.get(i);
                ledger.settle(List.of(m));
                if (i % 3 == 0) {
                    ledger.confirmPayment(m.orderId());
                } else if (i % 3 == 1) {
                    ledger.release(m.orderId());
                }
            });
        } finally {
            running.set(false);
            reader.join();
        }
        assertThat(inconsistent).isEmpty();
    }

    @Test
    void concurrentLocksNeverOversell() throws Exception {
        long a = defineActivity(Tck.STOCK);
        long base = orderIds.addAndGet(Tck.USERS);
        // The two sends of an order are consecutive tasks, so they are taken by different threads at once.
        Tck.runConcurrently(Tck.USERS * 2, i -> {
            int user = i / 2;
            ledger.lock(OrderMessageBuilder.order(base - user).activity(a).user(1 + user).admittedAt(1_000 + user)
                    .build());
        });
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, Tck.STOCK, 0, Tck.STOCK, 0));
        Map<OrderStatus, Long> counts = ledger.countOrders(a);
        assertThat(counts).containsEntry(OrderStatus.PENDING_PAYMENT, (long) Tck.STOCK)
                .containsEntry(OrderStatus.SOLD_OUT, (long) (Tck.USERS - Tck.STOCK))
                .hasSize(2);
    }

    /**
     * Each of 2,000 users sends three different orders at once (consecutive tasks, by lock and by merged settlement)
     * for stock 1,000: no user holds two orders, and no unit is held by an order that did not win.
     */
    @Test
    void concurrentOrdersOfOneUserHoldOneOrderAtMost() throws Exception {
        int users = 2 * Tck.STOCK;
        int perUser = 3;
        long a = defineActivity(Tck.STOCK);
        long base = orderIds.addAndGet((long) users * perUser);
        Tck.runConcurrently(users * perUser, i -> {
            int user = i / perUser;
            OrderMessage m = OrderMessageBuilder.order(base - i).activity(a).user(1 + user).admittedAt(1_000 + i)
                    .build();
            if (i % perUser == 1) {
                ledger.settle(List.of(m));
            } else {
                ledger.lock(m);
            }
        });
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, Tck.STOCK, 0, Tck.STOCK, 0));
        Map<Long, Long> holdingByUser = new HashMap<>();
        for (int i = 0; i < users * perUser; i++) {
            OrderRecord r = ledger.findOrder(base - i).orElseThrow();
            if (r.status() == OrderStatus.PENDING_PAYMENT) {
                holdingByUser.merge(r.userId(), 1L, Long::sum);
            }
        }
        assertThat(holdingByUser).as("users holding an order").hasSize(Tck.STOCK);
        assertThat(holdingByUser.values()).as("orders held per user").containsOnly(1L);
        assertThat(ledger.countOrders(a).get(OrderStatus.PENDING_PAYMENT)).isEqualTo(Tck.STOCK);
    }

    /** Concurrent merged batches and single locks of overlapping orders still sell exactly the stock. */
    @Test
    void concurrentMergedBatchesNeverOversell() throws Exception {
        long a = defineActivity(Tck.STOCK);
        long base = orderIds.addAndGet(Tck.USERS);
        List<OrderMessage> all = new ArrayList<>();
        for (int u = 0; u < Tck.USERS; u++) {
            all.add(OrderMessageBuilder.order(base - u).activity(a).user(1 + u).admittedAt(1_000 + u).build());
        }
        int batch = 100;
        Tck.runConcurrently(Tck.USERS / batch * 2, i -> {
            int from = (i / 2) * batch; // each batch twice, as consecutive tasks that overlap
            ledger.settle(all.subList(from, from + batch));
        });
        assertThat(stock(a)).isEqualTo(new StockSnapshot(a, Tck.STOCK, 0, Tck.STOCK, 0));
        assertThat(ledger.countOrders(a).get(OrderStatus.PENDING_PAYMENT)).isEqualTo(Tck.STOCK);
    }

    /**
     * Payment confirmations, releases and timeout sweeps race on the same orders from many threads: every order ends
     * in exactly one final status, none is released twice, and the stock equation holds.
     */
    @Test
    void paymentReleaseAndTimeoutRacesEndInOneFinalStatus() throws Exception {
        int n = 300;
        long a = defineActivity(n, Duration.ofSeconds(1));
        List<OrderMessage> orders = new ArrayList<>();
        for (int u = 1; u <= n; u++) {
            orders.add(order(a, u));
        }
        ledger.settle(orders);
        Set<Long> releasedByCall = ConcurrentHashMap.newKeySet();
        AtomicLong doubleReleases = new AtomicLong();
        Set<Long> paid = ConcurrentHashMap.newKeySet();
        Instant expired = Instant.now().plus(Duration.ofMinutes(1));
        List<Integer> ops = new ArrayList<>();
        for (int i = 0; i < n * 3; i++) {
            ops.add(i);
        }
        Collections.shuffle(ops, new Random(3));
        Tck.runConcurrently(ops.size(), k -> {
            int op = ops.get(k);
            OrderMessage m = orders.get(op % n);
            switch (op / n) {
                case 0 -> {
                    if (ledger.confirmPayment(m.orderId()).outcome() == PaymentResult.Outcome.PAID) {
                        paid.add(m.orderId());
                    }
                }
                case 1 -> {
                    if (ledger.release(m.orderId()).released() && !releasedByCall.add(m.orderId())) {
                        doubleReleases.incrementAndGet();
                    }
                }
                default -> ledger.releaseExpired(expired, 5).forEach(r -> {
                    if (!releasedByCall.add(r.orderId())) {
                        doubleReleases.incrementAndGet();
                    }
                });
            }
        });
        ledger.releaseExpired(expired, n).forEach(r -> releasedByCall.add(r.orderId()));
        assertThat(doubleReleases.get()).isZero();
        assertThat(paid).doesNotContainAnyElementsOf(releasedByCall);
        Set<OrderStatus> finals = EnumSet.of(OrderStatus.PAID, OrderStatus.CLOSED, OrderStatus.REFUND_REQUIRED);
        for (OrderMessage m : orders) {
            OrderStatus s = ledger.findOrder(m.orderId()).orElseThrow().status();
            assertThat(finals).as("order %d", m.orderId()).contains(s);
            assertThat(s == OrderStatus.PAID).isEqualTo(paid.contains(m.orderId()));
        }
        StockSnapshot stock = stock(a);
        assertThat(stock.balanced()).isTrue();
        assertThat(stock.locked()).isZero();
        assertThat(stock.sold()).isEqualTo(paid.size());
        assertThat(stock.available()).isEqualTo(n - paid.size());
        assertThat(releasedByCall).hasSize(n - paid.size());
    }

    /** Helper for subclasses: orders sorted by admission time, as the merged path settles them. */
    protected static List<OrderMessage> inAdmissionOrder(List<OrderMessage> orders) {
        List<OrderMessage> sorted = new ArrayList<>(orders);
        sorted.sort(OrderMessage.ADMISSION_ORDER);
        return sorted;
    }
}
