package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.StockShardStrategy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flash sale every contract suite runs end to end: an engine on the gate under test, an in-memory queue drained by
 * an {@link OrderSettler} into an in-memory ledger. {@link Tck#THREADS} threads, {@link Tck#USERS} users each sending
 * one request twice and another once. Checks by counting answers, queue and ledger rows.
 */
public final class FlashSaleScenario {

    private FlashSaleScenario() {
    }

    /**
     * What the scenario counted.
     *
     * @param admittedUsers users with an admitted answer
     * @param ledgerOrders order rows in the ledger for the activity
     * @param admittedAnswers admitted answers, replays included
     * @param soldOutAnswers sold-out answers
     * @param duplicateAnswers duplicate answers
     */
    public record Outcome(
            long admittedUsers, long ledgerOrders, long admittedAnswers, long soldOutAnswers, long duplicateAnswers) {
    }

    /**
     * Runs the sale and asserts the invariants: no user admitted twice, one ledger order per admitted user, every
     * admitted order settled, no oversell anywhere. With {@code exact}, also that exactly the stock was sold.
     *
     * @param gate the admission backend under test (an activity id unique to the run is used)
     * @param strategy the shard strategy
     * @param shards the shard count
     * @param exact whether the strategy must sell exactly the stock when buyers outnumber it
     * @return what was counted
     * @throws Exception on a failed attempt or a timeout
     */
    public static Outcome run(AdmissionGate gate, StockShardStrategy strategy, int shards, boolean exact)
            throws Exception {
        long activity = Tck.uniqueId();
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        InMemoryStockLedger ledger = new InMemoryStockLedger();
        ActivityConfig config = OpenWindow.now().activity(activity)
                .stock(Tck.STOCK)
                .shards(shards)
                .strategy(strategy)
                .build();
        ledger.defineActivity(config.toLedgerActivity());
        Map<Long, Set<Long>> admitted = new ConcurrentHashMap<>();
        AtomicLong admittedAnswers = new AtomicLong();
        AtomicLong soldOut = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        try (FlashSale sale = FlashSale.builder(gate, queue).build();
                OrderSettler settler = OrderSettler.builder(queue, ledger).consumers(2).start()) {
            sale.launch(config);
            Tck.runConcurrently(Tck.USERS * 3, i -> {
                // A user's three requests are consecutive tasks, so they are taken by different threads at once.
                long user = 1 + i / 3;
                String requestId = "u" + user + (i % 3 == 2 ? "-b" : "-a");
                AttemptResult r = attempt(sale, activity, user, requestId);
                switch (r.outcome()) {
                    case ADMITTED -> {
                        admittedAnswers.incrementAndGet();
                        admitted.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet())
                                .add(((AttemptResult.Admitted) r).orderId());
                    }
                    case SOLD_OUT -> soldOut.incrementAndGet();
                    case DUPLICATE -> duplicates.incrementAndGet();
                    default -> throw new AssertionError("unexpected " + r);
                }
            });
            assertThat(queue.awaitDrained(Duration.ofSeconds(60))).as("queue drained").isTrue();
            long[] remaining = sale.remaining(activity);
            assertThat(Arrays.stream(remaining).min().orElse(0)).as("lowest shard").isNotNegative();
            if (exact) {
                assertThat(sale.isSoldOut(activity)).as("local sold-out flag").isTrue();
            }
        }
        admitted.forEach((user, orders) -> assertThat(orders).as("orders of user %d", user).hasSize(1));
        Map<OrderStatus, Long> counts = ledger.countOrders(activity);
        long ledgerOrders = counts.values().stream().mapToLong(Long::longValue).sum();
        assertThat(ledgerOrders).as("ledger rows").isEqualTo(admitted.size());
        assertThat(counts.getOrDefault(OrderStatus.PENDING_PAYMENT, 0L)).isEqualTo(admitted.size());
        StockSnapshot stock = ledger.stock(activity).orElseThrow();
        assertThat(stock.balanced()).isTrue();
        assertThat(admitted.size()).isLessThanOrEqualTo(Tck.STOCK);
        if (exact) {
            assertThat(admitted).hasSize(Math.min(Tck.STOCK, Tck.USERS));
            assertThat(stock.available()).isZero();
        }
        return new Outcome(admitted.size(), ledgerOrders, admittedAnswers.get(), soldOut.get(), duplicates.get());
    }

    private static AttemptResult attempt(FlashSale sale, long activity, long user, String requestId) {
        return Tck.retryWhileInFlight(() -> sale.attempt(activity, user, requestId));
    }
}
