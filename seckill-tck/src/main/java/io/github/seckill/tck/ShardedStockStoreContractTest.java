package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.OrderIdConflictException;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract of {@link ShardedStockStore}. Extend it and implement {@link #createStore()}. */
public abstract class ShardedStockStoreContractTest {

    /** The store under test, fresh for each test. */
    protected ShardedStockStore store;
    /** An activity id unique to the test. */
    protected long activity;

    /** @return a store under test */
    protected abstract ShardedStockStore createStore();

    /** @return how long restock notifications may take to arrive (distributed backends publish them) */
    protected Duration restockNotificationDelay() {
        return Duration.ofSeconds(5);
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
        activity = Tck.uniqueId();
    }

    @Test
    void loadsOnceAndNeverOverwrites() {
        assertThat(store.load(activity, new long[] {5, 5})).isTrue();
        assertThat(store.load(activity, new long[] {100, 100})).isFalse();
        assertThat(store.remaining(activity)).containsExactly(5, 5);
    }

    @Test
    void loadingAgainAfterASellOutDoesNotReopen() {
        store.load(activity, new long[] {1});
        assertThat(store.take(take(1, 1, ShardPlan.probing(0))).taken()).isTrue();
        assertThat(store.load(activity, new long[] {1})).isFalse();
        assertThat(store.remaining(activity)).containsExactly(0);
    }

    @Test
    void unknownActivityHasNoStock() {
        assertThat(store.remaining(activity)).isEmpty();
        assertThatThrownBy(() -> store.take(take(1, 1, ShardPlan.probing(0))))
                .isInstanceOf(ActivityNotLoadedException.class);
        assertThat(store.snapshot(activity).loaded()).isFalse();
    }

    @Test
    void takesFromTheFirstProbeThatHoldsEnough() {
        store.load(activity, new long[] {0, 1, 5});
        TakeResult r = store.take(take(7, 2, ShardPlan.probing(0, 1, 2)));
        assertThat(r.shard()).isEqualTo(2);
        assertThat(r.remaining()).isEqualTo(3);
        assertThat(r.emptyMask() & Shards.bit(0)).isNotZero();
        assertThat(r.stockedMask() & Shards.bit(1)).isNotZero();
        assertThat(store.remaining(activity)).containsExactly(0, 1, 3);
        assertThat(store.findTaken(activity, 7)).map(TakenUnits::shard).hasValue(2);
    }

    @Test
    void findsTheQuantityAnOrderHolds() {
        store.load(activity, new long[] {5, 5});
        store.take(take(7, 3, ShardPlan.probing(1)));
        TakenUnits held = store.findTaken(activity, 7).orElseThrow();
        assertThat(held.shard()).isEqualTo(1);
        assertThat(held.quantity()).isEqualTo(3);
        assertThat(held.userId()).as("the buyer is recorded").isEqualTo(user(7));
        assertThat(held.takenAtMillis()).as("and the admission time").isEqualTo(NOW);
        assertThat(store.findTaken(activity, 8)).as("another order").isEmpty();
        store.restore(activity, 7, 1);
        assertThat(store.findTaken(activity, 7)).as("given back").isEmpty();
    }

    @Test
    void takesNothingWhenNoProbeHoldsEnough() {
        store.load(activity, new long[] {1, 0, 9});
        TakeResult r = store.take(take(7, 2, ShardPlan.probing(1, 0)));
        assertThat(r.taken()).isFalse();
        assertThat(r.emptyMask()).isEqualTo(Shards.bit(1));
        assertThat(store.remaining(activity)).containsExactly(1, 0, 9);
        assertThat(store.findTaken(activity, 7)).isEmpty();
    }

    @Test
    void stealsHalfOfADonorRoundedUp() {
        store.load(activity, new long[] {0, 5});
        TakeResult r = store.take(take(7, 1, ShardPlan.stealInto(0, 1)));
        assertThat(r.shard()).isEqualTo(0);
        assertThat(r.remaining()).isEqualTo(2);
        assertThat(store.remaining(activity)).containsExactly(2, 2);
    }

    @Test
    void stealsFromDonorsInOrderSkippingEmptyOnes() {
        store.load(activity, new long[] {0, 0, 4, 8});
        TakeResult r = store.take(take(7, 1, ShardPlan.stealInto(0, 1, 2, 3)));
        assertThat(r.shard()).isEqualTo(0);
        assertThat(store.remaining(activity)).containsExactly(1, 0, 2, 8);
        assertThat(r.emptyMask() & Shards.bit(1)).isNotZero();
    }

    @Test
    void findsNoStockWhenEveryDonorIsEmpty() {
        store.load(activity, new long[] {0, 0, 0});
        TakeResult r = store.take(take(7, 1, ShardPlan.stealInto(1, 0, 2)));
        assertThat(r.taken()).isFalse();
        assertThat(r.emptyMask()).isEqualTo(Shards.allMask(3));
        assertThat(store.remaining(activity)).containsExactly(0, 0, 0);
    }

    @Test
    void restoresAnOrdersUnitsExactlyOnce() {
        store.load(activity, new long[] {3, 3});
        store.take(take(7, 2, ShardPlan.probing(1)));
        assertThat(store.restore(activity, 7, 0)).as("wrong shard").isFalse();
        assertThat(store.restore(activity, 8, 1)).as("unknown order").isFalse();
        assertThat(store.restore(activity, 7, 1)).isTrue();
        assertThat(store.restore(activity, 7, 1)).isFalse();
        assertThat(store.remaining(activity)).containsExactly(3, 3);
        assertThat(store.findTaken(activity, 7)).isEmpty();
    }

    @Test
    void addsStockToOneShard() {
        store.load(activity, new long[] {0, 0});
        store.addStock(activity, 1, 4, operation());
        assertThat(store.remaining(activity)).containsExactly(0, 4);
    }

    @Test
    void notifiesRestockOnRestoreAndAddStock() throws Exception {
        store.load(activity, new long[] {1});
        Map<Long, AtomicInteger> notified = new ConcurrentHashMap<>();
        try (AutoCloseable ignored = store.onRestock(
                id -> notified.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet())) {
            store.take(take(7, 1, ShardPlan.probing(0)));
            store.restore(activity, 7, 0);
            store.addStock(activity, 0, 2, operation());
            long deadline = System.nanoTime() + restockNotificationDelay().toNanos();
            while (count(notified, activity) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(count(notified, activity)).isEqualTo(2);
    }

    private static int count(Map<Long, AtomicInteger> notified, long id) {
        AtomicInteger n = notified.get(id);
        return n == null ? 0 : n.get();
    }

    @Test
    void aStockMoveSentTwiceAppliesOnce() {
        store.load(activity, new long[] {0, 0});
        String add = operation();
        store.addStock(activity, 1, 4, add);
        store.addStock(activity, 1, 4, add);
        assertThat(store.remaining(activity)).containsExactly(0, 4);
        String remove = operation();
        assertThat(store.removeStock(activity, 3, remove)).isEqualTo(3);
        assertThat(store.removeStock(activity, 3, remove)).as("answers the first result").isEqualTo(3);
        assertThat(store.remaining(activity)).containsExactly(0, 1);
    }

    @Test
    void removeStockNeverGoesBelowZero() {
        store.load(activity, new long[] {2, 1, 0});
        assertThat(store.removeStock(activity, 10, operation())).isEqualTo(3);
        assertThat(store.remaining(activity)).containsExactly(0, 0, 0);
        assertThat(store.removeStock(activity, 1, operation())).isZero();
    }

    @Test
    void aSnapshotHoldsTheUnitsAndEveryOrderHoldingSome() {
        store.load(activity, new long[] {3, 3});
        store.take(take(7, 2, ShardPlan.probing(1)));
        store.take(take(8, 1, ShardPlan.probing(0)));
        store.take(take(9, 1, ShardPlan.probing(0)));
        store.restore(activity, 9, 0);
        AdmissionStock snapshot = store.snapshot(activity);
        assertThat(snapshot.loaded()).isTrue();
        assertThat(snapshot.units()).containsExactly(2, 1);
        assertThat(snapshot.held()).containsExactlyInAnyOrder(
                new TakenUnits(7, user(7), 1, 2, NOW), new TakenUnits(8, user(8), 0, 1, NOW));
    }

    @Test
    void anOrderIdHoldingUnitsForAnotherBuyerIsAConflictNotAReplay() {
        store.load(activity, new long[] {5});
        store.take(take(7, 1, ShardPlan.probing(0)));
        assertThatThrownBy(() -> store.take(new TakeRequest(activity, 7, user(8), 1, ShardPlan.probing(0), NOW)))
                .isInstanceOf(OrderIdConflictException.class);
        assertThat(store.remaining(activity)).containsExactly(4);
        assertThat(store.take(take(7, 1, ShardPlan.probing(0))).taken()).as("the same buyer again").isTrue();
        assertThat(store.remaining(activity)).as("takes nothing twice").containsExactly(4);
    }

    /**
     * While 8 threads take and give back, a reader takes snapshots: units on the shards plus units held by orders
     * never change, so no snapshot sees a unit twice or misses one (reconciliation counts on it).
     */
    @Test
    void snapshotsNeverSeeAUnitTwiceOrMissOne() throws Exception {
        int shards = 4;
        long total = 400;
        store.load(activity, Shards.split(total, shards));
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.List<Long> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            while (running.get()) {
                AdmissionStock s = store.snapshot(activity);
                long held = s.held().stream().mapToLong(TakenUnits::quantity).sum();
                if (s.remaining() + held != total) {
                    wrong.add(s.remaining() + held);
                }
                reads.incrementAndGet();
            }
        });
        reader.start();
        try {
            Tck.runConcurrently(8, 4_000, i -> {
                long order = 1 + i;
                TakeResult r = store.take(take(order, 1, rotatedProbes(i % shards, shards)));
                if (r.taken() && i % 3 != 0) {
                    store.restore(activity, order, r.shard());
                }
            });
        } finally {
            running.set(false);
            reader.join();
        }
        assertThat(reads.get()).isPositive();
        assertThat(wrong).as("snapshot sums other than " + total).isEmpty();
    }

    @Test
    void removeDropsTheActivity() {
        store.load(activity, new long[] {4});
        store.remove(activity);
        assertThat(store.remaining(activity)).isEmpty();
        assertThat(store.load(activity, new long[] {2})).isTrue();
    }

    /**
     * 16 threads, 10,000 orders, stock 1,000: with plans that cover every shard (probing all, or stealing from all),
     * exactly 1,000 orders take a unit, no shard goes below zero, and the store's records agree with the answers.
     */
    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 4, 16})
    void concurrentTakesSellExactlyTheStock(int shards) throws Exception {
        store.load(activity, Shards.split(Tck.STOCK, shards));
        Map<Long, Integer> takenBy = new ConcurrentHashMap<>();
        Tck.runConcurrently(Tck.USERS, i -> {
            long orderId = 1 + i;
            int start = ThreadLocalRandom.current().nextInt(shards);
            ShardPlan plan = i % 2 == 0 ? rotatedProbes(start, shards) : stealingPlan(start, shards);
            TakeResult r = store.take(take(orderId, 1, plan));
            if (r.taken()) {
                assertThat(r.remaining()).isNotNegative();
                takenBy.put(orderId, r.shard());
            }
        });
        long[] left = store.remaining(activity);
        assertThat(left).hasSize(shards).containsOnly(0L);
        assertThat(takenBy).hasSize(Tck.STOCK);
        takenBy.forEach((order, shard) -> assertThat(store.findTaken(activity, order)).map(TakenUnits::shard)
                .hasValue(shard));
    }

    /**
     * Steals that move units but never take any (the quantity is more than any shard can hold) run on 8 threads while
     * the test reads {@code remaining()}: the sum must never drop, or a sell-out could be confirmed while units are
     * still in transit between shards.
     */
    @Test
    void remainingNeverMissesUnitsBeingStolen() throws Exception {
        int shards = 8;
        long total = 8 * 1_000;
        store.load(activity, Shards.split(total, shards));
        java.util.concurrent.atomic.AtomicBoolean stealing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong lowest = new java.util.concurrent.atomic.AtomicLong(total);
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            while (stealing.get()) {
                lowest.accumulateAndGet(Arrays.stream(store.remaining(activity)).sum(), Math::min);
                reads.incrementAndGet();
            }
        });
        reader.start();
        try {
            Tck.runConcurrently(8, 40_000, i -> {
                int target = ThreadLocalRandom.current().nextInt(shards);
                TakeResult r = store.take(take(1 + i, 1_000_000, stealingPlan(target, shards)));
                assertThat(r.taken()).isFalse();
            });
        } finally {
            stealing.set(false);
            reader.join();
        }
        assertThat(reads.get()).isPositive();
        assertThat(lowest.get()).as("lowest sum of remaining() seen while stealing").isEqualTo(total);
        assertThat(totalRemaining()).isEqualTo(total);
    }

    private static ShardPlan rotatedProbes(int start, int n) {
        int[] probes = new int[n];
        for (int i = 0; i < n; i++) {
            probes[i] = (start + i) % n;
        }
        return ShardPlan.probing(probes);
    }

    private static ShardPlan stealingPlan(int target, int n) {
        int[] donors = new int[n - 1];
        for (int i = 1; i < n; i++) {
            donors[i - 1] = (target + i) % n;
        }
        return ShardPlan.stealInto(target, donors);
    }

    /** The admission time of every take of the suite. */
    protected static final long NOW = 1_750_000_000_000L;
    private static final AtomicLong OPERATIONS = new AtomicLong();

    /** @return the buyer the suite takes an order's units for: one per order */
    protected static long user(long orderId) {
        return 1_000_000 + orderId;
    }

    /** @return a take of the suite's activity */
    protected TakeRequest take(long orderId, int quantity, ShardPlan plan) {
        return new TakeRequest(activity, orderId, user(orderId), quantity, plan, NOW);
    }

    /** @return a fresh operation id */
    protected static String operation() {
        return "op-" + OPERATIONS.incrementAndGet();
    }

    /** Helper for subclasses: the sum of an activity's shards. */
    protected long totalRemaining() {
        return Arrays.stream(store.remaining(activity)).sum();
    }
}
