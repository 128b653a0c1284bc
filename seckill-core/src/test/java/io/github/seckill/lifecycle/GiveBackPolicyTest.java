package io.github.seckill.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.GiveBackPolicy;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.memory.InMemoryOrderStatusFeed;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.status.OrderUpdates;
import io.github.seckill.status.StatusPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where released units go, per policy, through the engine, the settler and the lifecycle in memory. */
class GiveBackPolicyTest {

    private final InMemorySeckill memory = InMemorySeckill.create();
    private final InMemoryOrderStatusFeed feed = new InMemoryOrderStatusFeed();
    private final List<OrderMessage> offered = new CopyOnWriteArrayList<>();
    private final AtomicLong keptUnsold = new AtomicLong();
    private final SeckillListener events = new SeckillListener() {
        @Override
        public void waitlistOffered(OrderMessage order) {
            offered.add(order);
        }

        @Override
        public void keptUnsold(long activityId, long orderId, int quantity) {
            keptUnsold.addAndGet(quantity);
        }
    };
    private final StatusPublisher push = StatusPublisher.to(feed);
    private final FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue())
            .waitlist(memory.waitlist()).listener(Listeners.safe(List.of(events, push))).build();
    private final OrderSettler settler = OrderSettler.builder(memory.orderQueue(), memory.stockLedger())
            .givingBackTo(sale).listener(push).start();
    private final OrderLifecycle lifecycle = OrderLifecycle.builder(sale, memory.stockLedger())
            .admission(memory.admissionGate()).listener(push).build();
    private final FlashSale plain = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build();

    @AfterEach
    void stop() {
        settler.close();
        sale.close();
        plain.close();
    }

    private ActivityConfig launch(long id, long stock, GiveBackPolicy policy) {
        Instant now = Instant.now();
        ActivityConfig config = ActivityConfig.builder(id).stock(stock).window(now.minusSeconds(1), now.plusSeconds(600))
                .giveBack(policy).waitlist(100).giveBack(policy).build();
        memory.stockLedger().defineActivity(config.toLedgerActivity());
        sale.launch(config);
        return config;
    }

    private long buy(long activity, long user) throws InterruptedException {
        AttemptResult r = sale.attempt(activity, user, "r" + user);
        assertThat(r).isInstanceOf(AttemptResult.Admitted.class);
        drained();
        return ((AttemptResult.Admitted) r).orderId();
    }

    private void drained() throws InterruptedException {
        assertThat(memory.orderQueue().awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aReleasedUnitBecomesTheWaitingBuyersOrderNotAnOpenSale() throws Exception {
        launch(1, 1, GiveBackPolicy.WAITLIST_FIRST);
        long first = buy(1, 10);
        assertThat(sale.attempt(1, 20, "r20").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
        assertThat(sale.joinWaitlist(1, 20)).isEqualTo(new JoinResult(JoinResult.Outcome.JOINED, 1));
        assertThat(sale.joinWaitlist(1, 21)).isEqualTo(new JoinResult(JoinResult.Outcome.JOINED, 2));
        List<OrderUpdate> heard = new CopyOnWriteArrayList<>();
        try (OrderUpdates updates = new OrderUpdates(feed, memory.stockLedger());
                AutoCloseable watch = updates.watchActivity(1, heard::add)) {
            assertThat(lifecycle.paymentFailed(first).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
            drained();
        }
        assertThat(offered).singleElement().satisfies(o -> assertThat(o.userId()).isEqualTo(20));
        long offer = offered.get(0).orderId();
        assertThat(memory.stockLedger().findOrder(offer).orElseThrow().status())
                .isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(sale.remaining(1)).as("never back on open sale").containsExactly(0);
        // The sold-out flag answers before the buyer's slot is read: sold out, or the duplicate of the offer.
        assertThat(sale.attempt(1, 20, "again")).as("one order per buyer")
                .isNotInstanceOf(AttemptResult.Admitted.class);
        assertThat(memory.dedupeGuard().find(1, 20, System.currentTimeMillis()).orElseThrow().orderId())
                .as("the buyer's slot holds the offer").isEqualTo(offer);
        assertThat(sale.attempt(1, 30, "r30").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
        assertThat(sale.waitlistPosition(1, 21)).hasValue(1);
        assertThat(heard).extracting(OrderUpdate::orderId, OrderUpdate::state).containsSubsequence(
                org.assertj.core.groups.Tuple.tuple(first, OrderState.CLOSED),
                org.assertj.core.groups.Tuple.tuple(offer, OrderState.WAITLIST_OFFER),
                org.assertj.core.groups.Tuple.tuple(offer, OrderState.PENDING_PAYMENT));
        assertThat(lifecycle.poll(1, offer, 20).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
    }

    @Test
    void aWaitingBuyerWhoBoughtMeanwhilePassesTheUnitOn() throws Exception {
        // The ledger holds two units, admission was loaded with one: an operator repairs the undersell by hand.
        Instant now = Instant.now();
        memory.stockLedger().defineActivity(ActivityConfig.builder(2).stock(2)
                .window(now.minusSeconds(1), now.plusSeconds(600)).build().toLedgerActivity());
        launch(2, 1, GiveBackPolicy.WAITLIST_FIRST);
        long first = buy(2, 10);
        assertThat(sale.joinWaitlist(2, 20).waiting()).isTrue();
        assertThat(sale.joinWaitlist(2, 21).waiting()).isTrue();
        // The operator adds the unit and buyer 20, still on the waitlist, buys it.
        sale.addStock(2, 0, 1, "operator-correction-1");
        long bought = buy(2, 20);
        assertThat(lifecycle.paymentFailed(first).released()).isTrue();
        drained();
        assertThat(offered).as("buyer 20 holds an order: the unit goes to 21").extracting(OrderMessage::userId)
                .containsExactly(21L);
        assertThat(memory.stockLedger().countOrders(2)).containsEntry(OrderStatus.PENDING_PAYMENT, 2L);
        assertThat(memory.dedupeGuard().find(2, 20, System.currentTimeMillis()).orElseThrow().orderId())
                .isEqualTo(bought);
        assertThat(sale.remaining(2)).containsExactly(0);
    }

    /** The lifecycle closed an order and stopped before its give-back: reconciliation finishes it, waitlist first. */
    @Test
    void aGiveBackTheReconcilerFinishesStillGoesToTheWaitlist() throws Exception {
        Reconciler reconciler = Reconciler.builder(memory.admissionGate(), memory.stockLedger())
                .queue(memory.orderQueue()).build();
        try (FlashSale healed = FlashSale.builder(memory.admissionGate(), memory.orderQueue())
                .waitlist(memory.waitlist()).listener(events).reconciler(reconciler).build()) {
            Instant now = Instant.now();
            ActivityConfig config = ActivityConfig.builder(8).stock(1)
                    .window(now.minusSeconds(1), now.plusSeconds(600)).waitlist(10).build();
            memory.stockLedger().defineActivity(config.toLedgerActivity());
            healed.launch(config);
            long first = ((AttemptResult.Admitted) healed.attempt(8, 10, "r10")).orderId();
            drained();
            assertThat(healed.joinWaitlist(8, 20).outcome()).isEqualTo(JoinResult.Outcome.JOINED);
            assertThat(memory.stockLedger().release(first).released()).isTrue();
            reconciler.reconcile(8);
            drained();
            assertThat(offered).extracting(OrderMessage::userId).containsExactly(20L);
            assertThat(healed.remaining(8)).as("not back on open sale").containsExactly(0);
        }
    }

    @Test
    void joiningIsRefusedClearly() throws Exception {
        launch(3, 1, GiveBackPolicy.WAITLIST_FIRST);
        assertThat(sale.joinWaitlist(3, 10).outcome()).isEqualTo(JoinResult.Outcome.NOT_SOLD_OUT);
        buy(3, 10);
        assertThat(sale.joinWaitlist(3, 10).outcome()).isEqualTo(JoinResult.Outcome.HAS_ORDER);
        assertThat(sale.joinWaitlist(3, 11).outcome()).isEqualTo(JoinResult.Outcome.JOINED);
        assertThat(sale.joinWaitlist(3, 11).outcome()).isEqualTo(JoinResult.Outcome.ALREADY_WAITING);
        assertThatThrownBy(() -> sale.joinWaitlist(3, 0)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo("userId"));
        launch(4, 1, GiveBackPolicy.OPEN_SALE);
        assertThat(sale.joinWaitlist(4, 10).outcome()).isEqualTo(JoinResult.Outcome.NO_WAITLIST);
        Instant now = Instant.now();
        ActivityConfig later = ActivityConfig.builder(5).stock(0).window(now.plusSeconds(60), now.plusSeconds(120))
                .waitlist(10).build();
        sale.launch(later);
        assertThat(sale.joinWaitlist(5, 10).outcome()).isEqualTo(JoinResult.Outcome.CLOSED);
        assertThatThrownBy(() -> plain.launch(later)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo("giveBack"));
    }

    @Test
    void openSaleSellsReleasedUnitsAgain() throws Exception {
        launch(6, 1, GiveBackPolicy.OPEN_SALE);
        long first = buy(6, 10);
        assertThat(sale.isSoldOut(6) || sale.attempt(6, 11, "r11").outcome() == AttemptResult.Outcome.SOLD_OUT)
                .isTrue();
        lifecycle.cancel(first, 10);
        buy(6, 12);
        assertThat(memory.stockLedger().countOrders(6))
                .containsEntry(OrderStatus.CANCELLED, 1L).containsEntry(OrderStatus.PENDING_PAYMENT, 1L);
    }

    @Test
    void noneKeepsReleasedUnitsUnsoldAndReconciliationLeavesThemBe() throws Exception {
        ActivityConfig config = launch(7, 2, GiveBackPolicy.NONE);
        long first = buy(7, 10);
        buy(7, 11);
        assertThat(lifecycle.cancelByOperator(first, "risk: bot").released()).isTrue();
        assertThat(keptUnsold.get()).isEqualTo(1);
        assertThat(sale.remaining(7)).containsExactly(0);
        assertThat(sale.attempt(7, 12, "r12").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
        Reconciler reconciler = Reconciler.builder(memory.admissionGate(), memory.stockLedger())
                .queue(memory.orderQueue()).build();
        reconciler.watch(config);
        reconciler.reconcile(7);
        ReconciliationReport report = reconciler.reconcile(7);
        assertThat(report.keptUnsold()).isEqualTo(1);
        assertThat(report.unitsAdded()).isZero();
        assertThat(report.topUpDeferred()).isZero();
        assertThat(sale.remaining(7)).containsExactly(0);
        assertThat(memory.stockLedger().stock(7).orElseThrow().available()).isEqualTo(1);
    }
}
