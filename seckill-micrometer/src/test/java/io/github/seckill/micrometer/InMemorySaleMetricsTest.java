package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.tck.OpenWindow;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole sale on the in-memory backend with the metrics as its only listener: buyers racing for 50 units, repeat
 * buyers, replayed requests, payments, failed payments whose units are sold again, a reconciliation run. What the
 * meters count must be what the test did and what the ledger holds.
 */
class InMemorySaleMetricsTest {

    private static final long ID = 42;
    private static final int STOCK = 50;

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final Meters meters = new Meters(registry);
    private final SeckillMetrics metrics = SeckillMetrics.create(registry);
    private final InMemoryOrderQueue queue = InMemoryOrderQueue.builder().batchSize(16).listener(metrics).build();
    private final InMemorySeckill memory = InMemorySeckill.builder().orderQueue(queue).build();
    private final StockLedger ledger = memory.stockLedger();
    private final FlashSale sale = FlashSale.builder(memory.admissionGate(), queue).listener(metrics).build();
    private final OrderSettler settler = OrderSettler.builder(queue, ledger).givingBackTo(sale).listener(metrics)
            .start();
    private final OrderLifecycle lifecycle = OrderLifecycle.builder(sale, ledger).admission(memory.admissionGate())
            .listener(metrics).build();
    private final Reconciler reconciler = Reconciler.builder(memory.admissionGate(), ledger).queue(queue)
            .listener(metrics).build();

    private final Map<AttemptResult.Outcome, AtomicInteger> answers = new EnumMap<>(AttemptResult.Outcome.class);
    private final AtomicLong attemptsMade = new AtomicLong();
    private final AtomicInteger replays = new AtomicInteger();
    private final List<Long> orders = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        lifecycle.close();
        settler.close();
        sale.close();
    }

    @Test
    void theMetersCountWhatTheSaleDidAndTheLedgerHolds() throws Exception {
        for (AttemptResult.Outcome o : AttemptResult.Outcome.values()) {
            answers.put(o, new AtomicInteger());
        }
        ActivityConfig config = OpenWindow.now().activity(ID).stock(STOCK).shards(4).build();
        ledger.defineActivity(config.toLedgerActivity());
        sale.launch(config);
        metrics.watch(ID, ActivitySources.builder().sale(sale).ledger(ledger)
                .auditor(Auditor.of(ledger, memory.admissionGate(), Duration.ofSeconds(60))).build());

        // 200 buyers on 4 threads for 50 units; every fifth buyer admitted clicks again at once with a new request
        // id, while stock is left (the 5th admission leaves 45 units), so that some repeat clicks are duplicates
        // whichever thread the scheduler runs first.
        ExecutorService buyers = Executors.newFixedThreadPool(4);
        AtomicInteger admittedInStorm = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(buyers.submit(() -> LongStream.rangeClosed(1, 200).filter(u -> u % 4 == thread).forEach(u -> {
                    if (attempt(u, "r" + u).isAdmitted() && admittedInStorm.incrementAndGet() % 5 == 0) {
                        attempt(u, "again" + u);
                    }
                })));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            buyers.shutdownNow();
        }
        drained();
        assertThat(orders).hasSize(STOCK);

        // 30 pay, 10 fail to pay: their units go back on sale and 10 of 30 latecomers get them.
        List<Long> ids = ledger.orders(ID, 0, STOCK).stream().map(o -> o.orderId()).toList();
        for (long id : ids.subList(0, 30)) {
            assertThat(lifecycle.paymentSucceeded(id).outcome()).isEqualTo(PaymentResult.Outcome.PAID);
        }
        for (long id : ids.subList(30, 40)) {
            assertThat(lifecycle.paymentFailed(id).released()).isTrue();
        }
        // Five buyers who paid retry their request, now that the sale is open again (sold out, the flag answers
        // first): the same order, published again, which the ledger settles as a replay.
        for (long user : ledger.orders(ID, 0, 5).stream().map(o -> o.userId()).toList()) {
            AttemptResult r = attempt(user, "r" + user);
            assertThat(r).isInstanceOfSatisfying(AttemptResult.Admitted.class, a -> assertThat(a.replayed()).isTrue());
        }
        drained();
        for (long user = 1_001; user <= 1_030; user++) {
            attempt(user, "r" + user);
        }
        drained();
        reconciler.watch(config);
        ReconciliationReport run = reconciler.reconcile(ID);

        // Attempts: every one made, by answer, each timed.
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "42")).isEqualTo(attemptsMade.get());
        assertThat(meters.timed(SeckillMeter.ATTEMPT_DURATION, "activity", "42")).isEqualTo(attemptsMade.get());
        for (AttemptResult.Outcome o : AttemptResult.Outcome.values()) {
            assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "42", "outcome", o.name()))
                    .as("%s", o).isEqualTo(answers.get(o).get());
        }
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "outcome", "failed")).isZero();
        assertThat(answers.get(AttemptResult.Outcome.DUPLICATE).get()).as("the repeat clicks").isPositive();
        assertThat(answers.get(AttemptResult.Outcome.SOLD_OUT).get()).isPositive();

        // Admissions and settlements against the ledger's rows.
        long ledgerOrders = ledger.countOrders(ID).values().stream().mapToLong(Long::longValue).sum();
        assertThat(ledgerOrders).isEqualTo(STOCK + 10);
        assertThat(meters.count(SeckillMeter.ADMITTED, "activity", "42", "replayed", "false"))
                .isEqualTo(ledgerOrders).isEqualTo(orders.size() - replays.get());
        assertThat(meters.count(SeckillMeter.ADMITTED, "replayed", "true")).isEqualTo(replays.get()).isEqualTo(5);
        assertThat(meters.timer(SeckillMeter.PUBLISH_DURATION, "activity", "42", "outcome", "durable").count())
                .isEqualTo(orders.size());
        long holdingOrHeld = rows(OrderStatus.PENDING_PAYMENT) + rows(OrderStatus.PAID)
                + rows(OrderStatus.CLOSED);
        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "LOCKED")).isEqualTo(holdingOrHeld);
        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "SOLD_OUT"))
                .isEqualTo(rows(OrderStatus.SOLD_OUT));
        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "REPLAYED")).isEqualTo(replays.get());
        assertThat(meters.count(SeckillMeter.SETTLED))
                .isEqualTo(registry.get(SeckillMeter.SETTLE_BATCH_SIZE.defaultName()).summary().totalAmount());
        assertThat(meters.count(SeckillMeter.ORDER_UPDATES, "activity", "42", "state", "PENDING_PAYMENT"))
                .isEqualTo(holdingOrHeld);
        assertThat(meters.count(SeckillMeter.ORDER_UPDATES, "activity", "42", "state", "PAID"))
                .isEqualTo(rows(OrderStatus.PAID)).isEqualTo(30);
        assertThat(meters.count(SeckillMeter.ORDER_UPDATES, "activity", "42", "state", "CLOSED"))
                .isEqualTo(rows(OrderStatus.CLOSED)).isEqualTo(10);
        assertThat(meters.count(SeckillMeter.GIVE_BACKS, "activity", "42", "outcome", "restored"))
                .isEqualTo(rows(OrderStatus.CLOSED));
        assertThat(meters.count(SeckillMeter.GIVE_BACKS, "outcome", "failed")).isZero();
        assertThat(meters.count(SeckillMeter.COMPENSATIONS)).isZero();
        assertThat(meters.hasGauge(SeckillMeter.QUEUE_LAG, "group", "in-memory", "partition", "none")).isTrue();

        // The sold-out flag: raised and lowered in turn, so the difference is where it stands.
        double raised = meters.count(SeckillMeter.SOLD_OUT, "activity", "42");
        double lowered = meters.count(SeckillMeter.REOPENED, "activity", "42");
        assertThat(raised).isPositive();
        assertThat(lowered).as("the failed payments' units reopened the sale").isPositive();
        assertThat(raised - lowered).isEqualTo(sale.isSoldOut(ID) ? 1 : 0)
                .isEqualTo(meters.gauge(SeckillMeter.SOLD_OUT_FLAG, "activity", "42"));

        // Reconciliation: one run, which found nothing to repair in a clean sale.
        assertThat(meters.timer(SeckillMeter.RECONCILE_DURATION, "activity", "42", "outcome", "RECONCILED").count())
                .isEqualTo(1);
        assertThat(meters.count(SeckillMeter.RECONCILE_UNITS, "activity", "42", "action", "added"))
                .isEqualTo(run.unitsAdded()).isZero();
        assertThat(meters.count(SeckillMeter.RECONCILE_UNITS, "activity", "42", "action", "removed"))
                .isEqualTo(run.unitsRemoved()).isZero();

        // The polled gauges, read afresh, against the sources themselves.
        clock.add(Duration.ofMinutes(2));
        StockSnapshot stock = ledger.stock(ID).orElseThrow();
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "42", "state", "available"))
                .isEqualTo(stock.available());
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "42", "state", "locked"))
                .isEqualTo(stock.locked()).isEqualTo(rows(OrderStatus.PENDING_PAYMENT));
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "42", "state", "sold"))
                .isEqualTo(stock.sold()).isEqualTo(30);
        assertThat(meters.gauge(SeckillMeter.ADMISSION_REMAINING, "activity", "42"))
                .isEqualTo(LongStream.of(sale.remaining(ID)).sum());
        assertThat(meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", "42")).isZero();
        assertThat(meters.gauge(SeckillMeter.AUDIT_VIOLATIONS, "activity", "42")).isZero();
        assertThat(meters.count(SeckillMeter.POLL_FAILURES, "activity", "42")).isZero();
    }

    private AttemptResult attempt(long user, String requestId) {
        attemptsMade.incrementAndGet();
        AttemptResult r = sale.attempt(ID, user, requestId);
        answers.get(r.outcome()).incrementAndGet();
        if (r instanceof AttemptResult.Admitted a) {
            orders.add(a.orderId());
            if (a.replayed()) {
                replays.incrementAndGet();
            }
        }
        return r;
    }

    /** @return the ledger's orders of the activity in that status */
    private long rows(OrderStatus status) {
        return ledger.countOrders(ID).getOrDefault(status, 0L);
    }

    private void drained() throws InterruptedException {
        assertThat(queue.awaitDrained(Duration.ofSeconds(30))).isTrue();
    }
}
