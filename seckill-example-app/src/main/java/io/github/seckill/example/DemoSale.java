package io.github.seckill.example;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.SeckillException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.StockShardStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A complete flash sale on a {@link SaleBackend}: buyers storm the sale (some click twice, some retry), the queue
 * drains into the
 * ledger, most winners pay and the others fail, their stock goes back, and a second wave of buyers takes it. Every
 * claim of the report is counted, not assumed.
 */
final class DemoSale {

    private DemoSale() {
    }

    /**
     * What to simulate.
     *
     * @param buyers distinct buyers of the first wave
     * @param stock items on sale
     * @param shards stock shards
     * @param strategy shard strategy
     * @param threads buyer threads
     * @param impatient share of buyers who also retry their request and click a second time
     * @param payRatio share of orders paid; the others fail
     * @param seed random seed of the buyers' behaviour
     */
    record Settings(int buyers, int stock, int shards, StockShardStrategy strategy, int threads, double impatient,
            double payRatio, long seed) {
    }

    /** Counts of one wave of attempts. */
    static final class Wave {
        final LongAdder attempts = new LongAdder();
        final Map<AttemptResult.Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
        /** Every order id each user was told "admitted" with. */
        final Map<Long, Set<Long>> ordersByUser = new ConcurrentHashMap<>();
        /** Attempts that ended in an exception (outcome unknown, not queued), which a real client would retry. */
        final LongAdder errors = new LongAdder();
        long nanos;

        long admittedUsers() {
            return ordersByUser.size();
        }

        long count(AttemptResult.Outcome outcome) {
            LongAdder n = outcomes.get(outcome);
            return n == null ? 0 : n.sum();
        }
    }

    /**
     * What happened.
     *
     * @param settings the settings
     * @param backend where the sale ran
     * @param first the first wave
     * @param paid orders paid after the first wave
     * @param failed orders whose payment failed (stock given back)
     * @param second the second wave, buying the stock given back
     * @param stock the ledger's stock row at the end
     * @param orders the ledger's orders by status at the end
     * @param ordersMissing admitted orders the ledger does not know
     * @param usersWithTwoOrders users told "admitted" with two order ids, or holding two orders in the ledger
     */
    record Report(Settings settings, String backend, Wave first, int paid, int failed, Wave second, StockSnapshot stock,
            Map<OrderStatus, Long> orders, int ordersMissing, int usersWithTwoOrders) {

        boolean noOversell() {
            return stock.balanced() && stock.sold() + stock.locked() <= stock.totalStock();
        }

        boolean oneOrderPerUser() {
            return usersWithTwoOrders == 0;
        }

        boolean nothingQueuedWasLost() {
            return ordersMissing == 0;
        }

        boolean invariantsHold() {
            return noOversell() && oneOrderPerUser() && nothingQueuedWasLost();
        }

        String render() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("seckill demo: %,d buyers, %,d items, %d shards (%s), %d threads, %s%n",
                    settings.buyers(), settings.stock(), settings.shards(), settings.strategy().name(),
                    settings.threads(), backend));
            renderWave(out, "first wave", first);
            out.append(String.format("payments           %,d paid, %,d failed (their stock went back)%n", paid,
                    failed));
            renderWave(out, "second wave", second);
            out.append(String.format("ledger stock       total %,d = available %,d + locked %,d + sold %,d%n",
                    stock.totalStock(), stock.available(), stock.locked(), stock.sold()));
            out.append(String.format("ledger orders      %s%n", orders));
            out.append(String.format("invariants         no oversell: %s, one order per user: %s, "
                            + "every queued order reached the ledger: %s%n",
                    yes(noOversell()), yes(oneOrderPerUser()), yes(nothingQueuedWasLost())));
            return out.toString();
        }

        private static void renderWave(StringBuilder out, String name, Wave w) {
            double seconds = w.nanos / 1e9;
            out.append(String.format("%-18s %,d attempts in %.2f s (%,.0f/s): admitted %,d, duplicate %,d, "
                            + "sold out %,d%s%n", name, w.attempts.sum(), seconds, w.attempts.sum() / seconds,
                    w.admittedUsers(), w.count(AttemptResult.Outcome.DUPLICATE),
                    w.count(AttemptResult.Outcome.SOLD_OUT),
                    w.errors.sum() == 0 ? "" : String.format(", failed %,d (to retry)", w.errors.sum())));
        }

        private static String yes(boolean ok) {
            return ok ? "yes" : "NO";
        }
    }

    static Report run(Settings s, SaleBackend backend) throws Exception {
        StockLedger ledger = backend.ledger();
        long activityId = 888;
        ActivityConfig activity = ActivityConfig.builder(activityId)
                .stock(s.stock())
                .shards(s.shards())
                .strategy(s.strategy())
                .window(Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1)))
                .build();
        ledger.defineActivity(activity.toLedgerActivity());
        try (FlashSale sale = FlashSale.builder(backend.gate(), backend.queue()).build();
                OrderSettler settler = OrderSettler.builder(backend.queue(), ledger).consumers(2).start()) {
            sale.launch(activity);
            Random random = new Random(s.seed());
            Wave first = storm(sale, activityId, 1, s.buyers(), List.of(), s, random);
            awaitSettled(ledger, activityId, first.admittedUsers());

            int paid = 0;
            int failed = 0;
            List<Long> firstOrders = new ArrayList<>();
            first.ordersByUser.values().forEach(firstOrders::addAll);
            Collections.sort(firstOrders);
            OrderLifecycle lifecycle = OrderLifecycle.builder(sale, ledger).build();
            for (long orderId : firstOrders) {
                if (random.nextDouble() < s.payRatio()) {
                    paid += lifecycle.paymentSucceeded(orderId).outcome() == PaymentResult.Outcome.PAID ? 1 : 0;
                } else {
                    failed += lifecycle.paymentFailed(orderId).released() ? 1 : 0;
                }
            }

            // New buyers take the released stock; the first wave's winners click again and must be turned away.
            Wave second = storm(sale, activityId, s.buyers() + 1, Math.max(s.buyers() / 10, 1),
                    first.ordersByUser.keySet(), s, random);
            awaitSettled(ledger, activityId, first.admittedUsers() + second.admittedUsers());

            // Every order id any user was told "admitted" with, across both waves, checked against the ledger.
            Map<Long, Set<Long>> ordersByUser = new HashMap<>();
            for (Wave w : List.of(first, second)) {
                w.ordersByUser.forEach((user, ids) -> ordersByUser.computeIfAbsent(user, u -> new HashSet<>())
                        .addAll(ids));
            }
            int missing = 0;
            int twice = 0;
            for (Set<Long> ids : ordersByUser.values()) {
                int live = 0;
                for (long id : ids) {
                    OrderRecord r = ledger.findOrder(id).orElse(null);
                    if (r == null) {
                        missing++;
                    } else if (r.status() != OrderStatus.FAILED) {
                        live++;
                    }
                }
                twice += ids.size() > 1 || live > 1 ? 1 : 0;
            }
            StockSnapshot stock = ledger.stock(activityId).orElseThrow();
            Map<OrderStatus, Long> orders = new EnumMap<>(ledger.countOrders(activityId));
            return new Report(s, backend.describe(), first, paid, failed, second, stock, orders, missing, twice);
        }
    }

    /** Every admitted order ends as a ledger row; waits until the ledger holds them all. */
    private static void awaitSettled(StockLedger ledger, long activityId, long orders) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ledger.countOrders(activityId).values().stream().mapToLong(Long::longValue).sum() < orders) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ledger did not settle " + orders + " orders within two minutes");
            }
            Thread.sleep(10);
        }
    }

    /** Buyers {@code from .. from+count-1} attempt; the impatient ones also retry and click again. */
    /** One buyer's click: who, and with which request id. */
    private record Click(long user, String requestId) {
    }

    /**
     * Buyers {@code from .. from+count-1} attempt, the impatient ones also retrying and clicking again; then
     * {@code returning} buyers of an earlier wave click once more, which must be turned away as duplicates.
     */
    private static Wave storm(FlashSale sale, long activityId, long from, int count, Collection<Long> returning,
            Settings s, Random random) throws Exception {
        List<Click> clicks = new ArrayList<>();
        for (long user = from; user < from + count; user++) {
            clicks.add(new Click(user, "b" + user + "-1"));
            if (random.nextDouble() < s.impatient()) {
                clicks.add(new Click(user, "b" + user + "-1")); // a network retry
                clicks.add(new Click(user, "b" + user + "-2")); // a second click
            }
        }
        returning.forEach(user -> clicks.add(new Click(user, "b" + user + "-again")));
        Collections.shuffle(clicks, random);
        Wave wave = new Wave();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads());
        try {
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < s.threads(); t++) {
                running.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < clicks.size(); ) {
                        click(sale, activityId, clicks.get(i), wave);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            wave.nanos = System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
        return wave;
    }

    private static void click(FlashSale sale, long activityId, Click c, Wave wave) {
        wave.attempts.increment();
        AttemptResult r;
        try {
            r = sale.attempt(activityId, c.user(), c.requestId());
        } catch (SeckillException e) {
            wave.errors.increment();
            return;
        }
        wave.outcomes.computeIfAbsent(r.outcome(), o -> new LongAdder()).increment();
        if (r instanceof AttemptResult.Admitted a) {
            wave.ordersByUser.computeIfAbsent(c.user(), u -> ConcurrentHashMap.newKeySet()).add(a.orderId());
        }
    }

}
