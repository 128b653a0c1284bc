package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.HandOver;
import io.github.seckill.admission.HandOverRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.JoinRequest;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.shard.ShardPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract of a {@link Waitlist}, over the {@link ShardedStockStore} it is kept with: FIFO per shard, one entry per
 * buyer, a bound, and a hand-over that gives each released unit to exactly one place (a waiting buyer's new order or
 * the shard), never both, never lost. Extend it and implement {@link #createBackend()}.
 */
public abstract class WaitlistContractTest {

    /**
     * A waitlist and the stock store it is kept with.
     *
     * @param stock the store
     * @param waitlist its waitlist
     */
    public record Backend(ShardedStockStore stock, Waitlist waitlist) {
    }

    /** The store under test. */
    protected ShardedStockStore stock;
    /** The waitlist under test. */
    protected Waitlist waitlist;
    private long activity;
    private final AtomicLong orderIds = new AtomicLong();
    private final long now = System.currentTimeMillis();
    private final long until = now + Duration.ofHours(1).toMillis();

    /** @return a fresh backend (a shared server is fine: each test uses its own activity) */
    protected abstract Backend createBackend();

    @BeforeEach
    void setUpWaitlist() {
        Backend b = createBackend();
        stock = b.stock();
        waitlist = b.waitlist();
        activity = Tck.uniqueId();
        orderIds.set(Tck.uniqueId() * 1_000);
    }

    private JoinResult join(long user, int capacity) {
        return waitlist.join(new JoinRequest(activity, user, capacity, now, until));
    }

    /** Takes units for an order of {@code user} on {@code shard}: the order that will be released. */
    private HeldUnits bought(long user, int shard, int quantity) {
        long order = orderIds.incrementAndGet();
        assertThat(stock.take(new TakeRequest(activity, order, user, quantity, ShardPlan.probing(shard), now))
                .taken()).isTrue();
        return new HeldUnits(activity, user, order, shard, quantity);
    }

    private HandOver handOver(HeldUnits released, long at, long end) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < released.quantity(); i++) {
            ids.add(orderIds.incrementAndGet());
        }
        return waitlist.handOver(new HandOverRequest(released, ids, at, end));
    }

    private long units() {
        long sum = 0;
        for (long u : stock.remaining(activity)) {
            sum += u;
        }
        return sum;
    }

    @Test
    void buyersJoinInOrderOnceAndWithinTheBound() {
        stock.load(activity, new long[] {0});
        assertThat(join(11, 3)).isEqualTo(new JoinResult(JoinResult.Outcome.JOINED, 1));
        assertThat(join(12, 3)).isEqualTo(new JoinResult(JoinResult.Outcome.JOINED, 2));
        assertThat(join(13, 3)).isEqualTo(new JoinResult(JoinResult.Outcome.JOINED, 3));
        assertThat(join(12, 3)).isEqualTo(new JoinResult(JoinResult.Outcome.ALREADY_WAITING, 2));
        assertThat(join(14, 3)).isEqualTo(JoinResult.refused(JoinResult.Outcome.FULL));
        assertThat(waitlist.size(activity)).isEqualTo(3);
        assertThat(waitlist.position(activity, 13)).hasValue(3);
        assertThat(waitlist.leave(activity, 12)).isTrue();
        assertThat(waitlist.leave(activity, 12)).isFalse();
        assertThat(waitlist.position(activity, 13)).hasValue(2);
        assertThat(waitlist.position(activity, 12)).isEmpty();
        assertThat(join(14, 3)).isEqualTo(new JoinResult(JoinResult.Outcome.JOINED, 3));
    }

    @Test
    void aReleasedUnitBecomesAnOrderOfTheLongestWaitingBuyer() {
        stock.load(activity, new long[] {1});
        HeldUnits released = bought(100, 0, 1);
        join(1, 10);
        join(2, 10);
        HandOver h = handOver(released, now + 1, until);
        assertThat(h.held()).isTrue();
        assertThat(h.restored()).isZero();
        assertThat(h.offers()).singleElement().satisfies(o -> {
            assertThat(o.userId()).isEqualTo(1);
            assertThat(o.shard()).isZero();
            assertThat(o.quantity()).isEqualTo(1);
        });
        long offered = h.offers().get(0).orderId();
        assertThat(stock.findTaken(activity, offered)).map(TakenUnits::userId).hasValue(1L);
        assertThat(stock.findTaken(activity, released.orderId())).isEmpty();
        assertThat(units()).as("the unit never reached open sale").isZero();
        assertThat(waitlist.position(activity, 1)).isEmpty();
        assertThat(waitlist.position(activity, 2)).hasValue(1);
        assertThat(handOver(released, now + 2, until)).as("a second hand-over of the same order")
                .isEqualTo(HandOver.NOTHING);
        assertThat(waitlist.size(activity)).isEqualTo(1);
    }

    @Test
    void unitsNobodyWaitsForGoBackToTheShardAndReopenTheActivity() throws Exception {
        stock.load(activity, new long[] {2});
        HeldUnits released = bought(100, 0, 2);
        List<Long> restocked = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = stock.onRestock(restocked::add)) {
            HandOver h = handOver(released, now, until);
            assertThat(h).isEqualTo(new HandOver(true, List.of(), 2));
            assertThat(units()).isEqualTo(2);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!restocked.contains(activity) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(restocked).contains(activity);
        }
    }

    @Test
    void anOrderOfSeveralUnitsServesSeveralBuyersAndTheRestGoesBack() {
        stock.load(activity, new long[] {3});
        HeldUnits released = bought(100, 0, 3);
        join(1, 10);
        join(2, 10);
        HandOver h = handOver(released, now, until);
        assertThat(h.offers()).extracting(TakenUnits::userId).containsExactly(1L, 2L);
        assertThat(h.restored()).isEqualTo(1);
        assertThat(units()).isEqualTo(1);
        AdmissionStock snap = stock.snapshot(activity);
        assertThat(snap.held()).extracting(TakenUnits::userId).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void afterTheWindowUnitsGoBackAndNobodyIsServed() {
        stock.load(activity, new long[] {1});
        HeldUnits released = bought(100, 0, 1);
        join(1, 10);
        HandOver h = handOver(released, until, until);
        assertThat(h).isEqualTo(new HandOver(true, List.of(), 1));
        assertThat(units()).isEqualTo(1);
        assertThat(waitlist.size(activity)).isZero();
    }

    @Test
    void buyersWaitOnTheShardTheirIdFallsOn() {
        stock.load(activity, new long[] {1, 1});
        HeldUnits onShardOne = bought(100, 1, 1);
        long evenUser = 2;
        long oddUser = 3;
        assertThat(JoinRequest.shardOf(evenUser, 2)).isZero();
        assertThat(JoinRequest.shardOf(oddUser, 2)).isOne();
        join(evenUser, 10);
        join(oddUser, 10);
        HandOver h = handOver(onShardOne, now, until);
        assertThat(h.offers()).extracting(TakenUnits::userId).containsExactly(oddUser);
        assertThat(waitlist.position(activity, evenUser)).hasValue(1);
    }

    /** Releases handed over twice each from eight threads: every unit ends in exactly one place. */
    @Test
    void concurrentHandOversNeitherLoseNorDoubleAUnit() throws Exception {
        int orders = 60;
        int waiting = 25;
        stock.load(activity, new long[] {orders});
        List<HeldUnits> released = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            released.add(bought(10_000 + i, 0, 1));
        }
        for (int u = 1; u <= waiting; u++) {
            join(u, 1_000);
        }
        Set<Long> served = ConcurrentHashMap.newKeySet();
        AtomicInteger offers = new AtomicInteger();
        AtomicInteger restored = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();
        Tck.runConcurrently(8, 2 * orders, i -> {
            HandOver h = handOver(released.get(i / 2), now, until);
            if (h.held()) {
                held.incrementAndGet();
            }
            restored.addAndGet(h.restored());
            h.offers().forEach(o -> {
                offers.incrementAndGet();
                served.add(o.userId());
            });
        });
        assertThat(held.get()).as("each release handed over once").isEqualTo(orders);
        assertThat(offers.get()).isEqualTo(waiting);
        assertThat(served).hasSize(waiting);
        assertThat(restored.get()).isEqualTo(orders - waiting);
        assertThat(units()).isEqualTo(orders - waiting);
        assertThat(stock.snapshot(activity).held()).hasSize(waiting)
                .allSatisfy(t -> assertThat(t.userId()).isBetween(1L, (long) waiting));
        assertThat(waitlist.size(activity)).isZero();
    }

    @Test
    void anActivityWithoutAdmissionDataCannotBeJoined() {
        assertThatThrownBy(() -> join(1, 10)).isInstanceOf(ActivityNotLoadedException.class);
        assertThat(waitlist.size(activity)).isZero();
        assertThat(waitlist.position(activity, 1)).isEmpty();
        assertThat(handOver(new HeldUnits(activity, 1, 99, 0, 1), now, until)).isEqualTo(HandOver.NOTHING);
    }
}
