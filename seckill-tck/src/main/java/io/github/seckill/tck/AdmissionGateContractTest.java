package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract of {@link AdmissionGate}: dedupe before stock, idempotent replays, no shard below zero, and exact
 * sell-outs under concurrency. Extend it and implement {@link #createGate()}.
 */
public abstract class AdmissionGateContractTest {

    /** A fixed "now"; gates take time as an argument. */
    protected static final long NOW = 1_900_000_000_000L;

    /** The gate under test, fresh for each test. */
    protected AdmissionGate gate;
    /** An activity id unique to the test. */
    protected long activity;
    private final AtomicLong orderIds = new AtomicLong(10_000_000);

    /** @return a gate under test */
    protected abstract AdmissionGate createGate();

    /** @return how long restock notifications may take to arrive */
    protected Duration restockNotificationDelay() {
        return Duration.ofSeconds(5);
    }

    @BeforeEach
    void setUpGate() {
        gate = createGate();
        activity = Tck.uniqueId();
    }

    /**
     * @param user user
     * @param requestId request id
     * @param plan plan
     * @return a request for one unit with a fresh order id
     */
    protected AdmissionRequest request(long user, String requestId, ShardPlan plan) {
        return request(user, requestId, 1, plan);
    }

    private AdmissionRequest request(long user, String requestId, int quantity, ShardPlan plan) {
        return new AdmissionRequest(activity, user, requestId, orderIds.incrementAndGet(), quantity, plan, NOW,
                NOW + 10_000, NOW + 86_400_000);
    }

    private static final ShardPlan FIRST = ShardPlan.probing(0);

    @Test
    void admitsAndTakesTheUnits() {
        gate.stock().load(activity, new long[] {2});
        AdmissionRequest r = request(1, "r1", FIRST);
        AdmissionDecision d = gate.admit(r);
        assertThat(d.outcome()).isEqualTo(AdmissionDecision.Outcome.ADMITTED);
        assertThat(d.orderId()).isEqualTo(r.orderId());
        assertThat(d.shard()).isZero();
        assertThat(d.replayed()).isFalse();
        assertThat(gate.stock().remaining(activity)).containsExactly(1);
    }

    @Test
    void replayReturnsTheSameOrderAndTakesNothing() {
        gate.stock().load(activity, new long[] {5});
        long first = gate.admit(request(1, "r1", FIRST)).orderId();
        AdmissionDecision again = gate.admit(request(1, "r1", FIRST));
        assertThat(again.outcome()).isEqualTo(AdmissionDecision.Outcome.ADMITTED);
        assertThat(again.orderId()).isEqualTo(first);
        assertThat(again.replayed()).isTrue();
        assertThat(again.shard()).isZero();
        assertThat(gate.stock().remaining(activity)).containsExactly(4);
    }

    @Test
    void replayReportsTheQuantityOfTheOriginalAdmission() {
        gate.stock().load(activity, new long[] {5});
        AdmissionDecision first = gate.admit(request(1, "r1", 2, FIRST));
        assertThat(first.quantity()).isEqualTo(2);
        AdmissionDecision again = gate.admit(request(1, "r1", 1, FIRST));
        assertThat(again.replayed()).isTrue();
        assertThat(again.orderId()).isEqualTo(first.orderId());
        assertThat(again.quantity()).as("the units the order holds").isEqualTo(2);
        assertThat(gate.stock().remaining(activity)).containsExactly(3);
    }

    @Test
    void repeatBuyerIsADuplicateAndBurnsNoStock() {
        gate.stock().load(activity, new long[] {5});
        long first = gate.admit(request(1, "r1", FIRST)).orderId();
        AdmissionDecision dup = gate.admit(request(1, "r2", FIRST));
        assertThat(dup.outcome()).isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
        assertThat(dup.orderId()).isEqualTo(first);
        assertThat(gate.stock().remaining(activity)).containsExactly(4);
    }

    @Test
    void soldOutLeavesTheUserFreeToTryAgain() {
        gate.stock().load(activity, new long[] {1});
        AdmissionDecision winner = gate.admit(request(1, "r1", FIRST));
        AdmissionDecision loser = gate.admit(request(2, "r1", FIRST));
        assertThat(loser.outcome()).isEqualTo(AdmissionDecision.Outcome.SOLD_OUT);
        assertThat(loser.take().emptyMask()).isEqualTo(Shards.bit(0));
        assertThat(gate.stock().remaining(activity)).containsExactly(0);

        assertThat(gate.restore(new HeldUnits(activity, 1, winner.orderId(), 0, 1))).isTrue();
        assertThat(gate.admit(request(2, "r1", FIRST)).outcome()).isEqualTo(AdmissionDecision.Outcome.ADMITTED);
        assertThat(gate.stock().remaining(activity)).containsExactly(0);
    }

    @Test
    void revokeGivesTheUnitsAndTheSlotBack() {
        gate.stock().load(activity, new long[] {3});
        AdmissionDecision d = gate.admit(request(1, "r1", FIRST));
        gate.revoke(new HeldUnits(activity, 1, d.orderId(), d.shard(), 1));
        gate.revoke(new HeldUnits(activity, 1, d.orderId(), d.shard(), 1));
        assertThat(gate.stock().remaining(activity)).containsExactly(3);
        AdmissionDecision again = gate.admit(request(1, "r2", FIRST));
        assertThat(again.outcome()).isEqualTo(AdmissionDecision.Outcome.ADMITTED);
        assertThat(again.orderId()).isNotEqualTo(d.orderId());
        assertThat(gate.stock().remaining(activity)).containsExactly(2);
    }

    @Test
    void restoreGivesUnitsBackOnceAndKeepsTheSlot() {
        gate.stock().load(activity, new long[] {3});
        AdmissionDecision d = gate.admit(request(1, "r1", FIRST));
        assertThat(gate.restore(new HeldUnits(activity, 1, d.orderId(), d.shard(), 1))).isTrue();
        assertThat(gate.restore(new HeldUnits(activity, 1, d.orderId(), d.shard(), 1))).isFalse();
        assertThat(gate.stock().remaining(activity)).containsExactly(3);
        assertThat(gate.admit(request(1, "r2", FIRST)).outcome()).isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
    }

    @Test
    void warmingUpTwiceOrAfterASellOutAddsNothing() {
        assertThat(gate.stock().load(activity, new long[] {1, 1})).isTrue();
        assertThat(gate.stock().load(activity, new long[] {1, 1})).isFalse();
        gate.admit(request(1, "r1", ShardPlan.probing(0, 1)));
        gate.admit(request(2, "r1", ShardPlan.probing(0, 1)));
        assertThat(gate.stock().load(activity, new long[] {5, 5})).isFalse();
        assertThat(gate.stock().remaining(activity)).containsExactly(0, 0);
    }

    @Test
    void takesTheRequestedQuantityOrNothing() {
        gate.stock().load(activity, new long[] {3});
        assertThat(gate.admit(request(1, "r1", 2, FIRST)).admitted()).isTrue();
        assertThat(gate.admit(request(2, "r1", 2, FIRST)).outcome()).isEqualTo(AdmissionDecision.Outcome.SOLD_OUT);
        assertThat(gate.stock().remaining(activity)).containsExactly(1);
    }

    @Test
    void executesStealingPlans() {
        gate.stock().load(activity, new long[] {0, 4});
        AdmissionDecision d = gate.admit(request(1, "r1", ShardPlan.stealInto(0, 1)));
        assertThat(d.admitted()).isTrue();
        assertThat(d.shard()).isZero();
        assertThat(gate.stock().remaining(activity)).containsExactly(1, 2);
    }

    /** Bad input is an exception that leaves nothing behind: the same request, corrected, is decided normally. */
    @Test
    void badRequestsAreRejectedAndLeaveTheUserFree() {
        gate.stock().load(activity, new long[] {2, 2});
        assertThatThrownBy(() -> gate.admit(request(1, "r1", 0, FIRST)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gate.admit(request(1, "r1", ShardPlan.probing(0, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gate.admit(request(1, "r1", ShardPlan.stealInto(0, 7))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(gate.stock().remaining(activity)).containsExactly(2, 2);
        AdmissionDecision d = gate.admit(request(1, "r1", FIRST));
        assertThat(d.admitted()).isTrue();
        assertThat(d.replayed()).isFalse();
        assertThat(gate.stock().remaining(activity)).containsExactly(1, 2);
    }

    @Test
    void asyncAdmissionDecidesLikeTheSyncOne() throws Exception {
        gate.stock().load(activity, new long[] {1});
        AdmissionDecision d = gate.admitAsync(request(1, "r1", FIRST)).toCompletableFuture().get();
        assertThat(d.admitted()).isTrue();
        AdmissionDecision dup = gate.admitAsync(request(1, "r2", FIRST)).toCompletableFuture().get();
        assertThat(dup.outcome()).isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
        assertThat(gate.stock().remaining(activity)).containsExactly(0);
    }

    @Test
    void notifiesRestocks() throws Exception {
        gate.stock().load(activity, new long[] {1});
        AdmissionDecision d = gate.admit(request(1, "r1", FIRST));
        AtomicInteger heard = new AtomicInteger();
        try (AutoCloseable ignored = gate.stock().onRestock(id -> {
            if (id == activity) {
                heard.incrementAndGet();
            }
        })) {
            gate.restore(new HeldUnits(activity, 1, d.orderId(), 0, 1));
            gate.restore(new HeldUnits(activity, 1, d.orderId(), 0, 1)); // restores nothing: no second notification
            long deadline = System.nanoTime() + restockNotificationDelay().toNanos();
            while (heard.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // room for a wrong second notification to arrive
        }
        assertThat(heard.get()).isEqualTo(1);
    }

    static Stream<Arguments> shardsAndPlans() {
        return Arrays.stream(Tck.SHARD_COUNTS).boxed()
                .flatMap(n -> Stream.of(Arguments.of(n, "probe-all"), Arguments.of(n, "steal")));
    }

    /**
     * 16 threads, 10,000 users, each sending one request twice and another once, stock 1,000: exactly 1,000 users
     * admitted, each with one order id, 1,000 distinct order ids, every shard at zero and none below.
     */
    @ParameterizedTest(name = "{0} shards, {1}")
    @MethodSource("shardsAndPlans")
    void concurrentAttemptsAdmitExactlyTheStock(int shards, String planKind) throws Exception {
        gate.stock().load(activity, Shards.split(Tck.STOCK, shards));
        Map<Long, Set<Long>> admittedOrders = new ConcurrentHashMap<>();
        Tck.runConcurrently(Tck.USERS * 3, i -> {
            // A user's three requests are consecutive tasks, so they are taken by different threads at once.
            long user = 1 + i / 3;
            String requestId = "u" + user + (i % 3 == 2 ? "-b" : "-a");
            int start = ThreadLocalRandom.current().nextInt(shards);
            ShardPlan plan = planKind.equals("steal") ? stealing(start, shards) : rotated(start, shards);
            AdmissionDecision d = admitResolvingInFlight(request(user, requestId, plan));
            if (d.admitted()) {
                admittedOrders.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(d.orderId());
            }
        });
        assertThat(admittedOrders).hasSize(Tck.STOCK);
        admittedOrders.forEach((user, orders) -> assertThat(orders).as("orders of user %d", user).hasSize(1));
        assertThat(admittedOrders.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(Tck.STOCK);
        assertThat(gate.stock().remaining(activity)).hasSize(shards).containsOnly(0L);
    }

    /** A replay racing its own first call may be told "in flight"; a client retries it, as here. */
    private AdmissionDecision admitResolvingInFlight(AdmissionRequest r) {
        return Tck.retryWhileInFlight(() -> gate.admit(r));
    }

    private static ShardPlan rotated(int start, int n) {
        int[] probes = new int[n];
        for (int i = 0; i < n; i++) {
            probes[i] = (start + i) % n;
        }
        return ShardPlan.probing(probes);
    }

    private static ShardPlan stealing(int target, int n) {
        if (n == 1) {
            return ShardPlan.probing(0);
        }
        int[] donors = new int[n - 1];
        for (int i = 1; i < n; i++) {
            donors[i - 1] = (target + i) % n;
        }
        return ShardPlan.stealInto(target, donors);
    }
}
