package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 32 threads storm one activity; afterwards the real keys are read back with GET, HGETALL and SCAN: no shard below
 * zero, the units taken equal the buyers admitted, each admitted buyer holds one slot with the order id they were
 * given, every order record matches, and repeat buyers changed nothing.
 */
@WithRedis
@WithRedisCluster
class AdmissionStormTest {

    private static final int THREADS = 32;
    private static final int USERS = 3_000;
    private static final int SHARDS = 8;
    private static final long NOW = 1_900_000_000_000L;

    private final TestRedis redis = new TestRedis();
    private final AtomicLong orderIds = new AtomicLong(9_007_199_254_740_000L); // above 2^53: no precision to lose

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest(name = "{0}, stock {1}")
    @CsvSource({
        "STANDALONE_COALESCED, 700", "STANDALONE_COALESCED, 5000",
        "STANDALONE_ONE_CALL_PER_ATTEMPT, 700",
        "CLUSTER, 700", "CLUSTER, 5000"})
    void stormTakesExactlyWhatItAdmits(Topology topology, long stock) throws Exception {
        SeckillRedis backend = topology.open(redis);
        AdmissionGate gate = backend.admissionGate();
        long activity = Tck.uniqueId();
        gate.stock().load(activity, Shards.split(stock, SHARDS));

        Map<Long, Long> firstOrder = new ConcurrentHashMap<>();
        Map<Long, String> firstRequest = new ConcurrentHashMap<>();
        Map<Long, Set<Long>> admittedOrders = new ConcurrentHashMap<>();
        AtomicLong duplicates = new AtomicLong();
        // each user: request "a" twice (a replay), request "b" once (a repeat buyer), as consecutive tasks that race
        Tck.runConcurrently(THREADS, USERS * 3, i -> {
            long user = 1 + i / 3;
            String requestId = i % 3 == 2 ? "b" : "a";
            AdmissionDecision d = Tck.retryWhileInFlight(() -> gate.admit(request(activity, user, requestId)));
            switch (d.outcome()) {
                case ADMITTED -> {
                    admittedOrders.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(d.orderId());
                    if (!d.replayed()) {
                        assertThat(firstOrder.put(user, d.orderId())).as("user %d admitted twice", user).isNull();
                        firstRequest.put(user, requestId);
                    }
                }
                case DUPLICATE -> duplicates.incrementAndGet();
                case SOLD_OUT -> assertThat(d.take().taken()).isFalse();
                default -> throw new AssertionError(d);
            }
        });

        long admitted = firstOrder.size();
        assertThat(admitted).isEqualTo(Math.min(stock, USERS));
        admittedOrders.forEach((user, orders) -> assertThat(orders).as("orders of user %d", user)
                .containsExactly(firstOrder.get(user)));
        assertThat(duplicates.get()).as("every admitted user's other request").isGreaterThanOrEqualTo(admitted);

        RawRedis raw = RawRedis.of(backend);
        long left = 0;
        for (String key : raw.stockKeys(activity)) {
            long units = Long.parseLong(raw.sync().get(key));
            assertThat(units).as(key).isNotNegative();
            left += units;
        }
        assertThat(stock - left).as("units taken").isEqualTo(admitted);

        Map<Long, Long> recorded = new ConcurrentHashMap<>();
        Map<Long, Long> buyerOf = new ConcurrentHashMap<>();
        firstOrder.forEach((user, order) -> buyerOf.put(order, user));
        for (String key : raw.orderKeys(activity)) {
            raw.sync().hgetall(key).forEach((order, record) -> {
                String[] parts = record.split(":");
                assertThat(parts[0]).as("one unit").isEqualTo("1");
                assertThat(Long.parseLong(parts[1])).as("the buyer recorded with order %s", order)
                        .isEqualTo(buyerOf.get(Long.parseLong(order)));
                assertThat(recorded.put(Long.parseLong(order), 1L)).as("order %s recorded twice", order).isNull();
            });
        }
        assertThat(recorded.keySet()).containsExactlyInAnyOrderElementsOf(firstOrder.values());

        List<String> slots = raw.scan(raw.keys().user(activity, 0).replace(":0", ":*"));
        assertThat(slots).hasSize((int) admitted);
        for (String slot : slots) {
            long user = Long.parseLong(slot.substring(slot.lastIndexOf(':') + 1));
            String value = raw.sync().get(slot);
            assertThat(value).as(slot).startsWith(firstOrder.get(user) + ":").endsWith(":" + firstRequest.get(user));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void repeatBuyerNeverChangesStockAndRetriesGetTheSameOrder(Topology topology) {
        SeckillRedis backend = topology.open(redis);
        AdmissionGate gate = backend.admissionGate();
        long activity = Tck.uniqueId();
        gate.stock().load(activity, new long[] {3, 3});
        RawRedis raw = RawRedis.of(backend);
        List<String> stockKeys = raw.stockKeys(activity);

        AdmissionRequest first = request(activity, 7, "first", ShardPlan.probing(0, 1));
        AdmissionDecision admitted = gate.admit(first);
        assertThat(admitted.admitted()).isTrue();
        List<String> after = raw.sync().mget(stockKeys.toArray(new String[0])).stream().map(kv -> kv.getValue())
                .toList();
        for (int i = 0; i < 20; i++) {
            AdmissionDecision replay = gate.admit(request(activity, 7, "first", ShardPlan.probing(1, 0)));
            assertThat(replay.admitted()).isTrue();
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.orderId()).isEqualTo(first.orderId());
            assertThat(replay.shard()).isEqualTo(admitted.shard());
            AdmissionDecision repeat = gate.admit(request(activity, 7, "again-" + i, ShardPlan.stealInto(1, 0)));
            assertThat(repeat.outcome()).isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
            assertThat(repeat.orderId()).isEqualTo(first.orderId());
        }
        assertThat(raw.sync().mget(stockKeys.toArray(new String[0])).stream().map(kv -> kv.getValue()).toList())
                .isEqualTo(after);
        assertThat(gate.stock().remaining(activity)).containsExactly(2, 3);
    }

    @Test
    void orderIdsAbove2To53SurviveTheRoundTrip() {
        AdmissionGate gate = Topology.STANDALONE_COALESCED.open(redis).admissionGate();
        long activity = Tck.uniqueId();
        gate.stock().load(activity, new long[] {1});
        long orderId = Long.MAX_VALUE - 1; // not representable as a double
        AdmissionRequest r = new AdmissionRequest(activity, 1, "r", orderId, 1, ShardPlan.probing(0), NOW,
                NOW + 10_000, NOW + 86_400_000);
        assertThat(gate.admit(r).orderId()).isEqualTo(orderId);
        assertThat(gate.admit(r).orderId()).isEqualTo(orderId);
        assertThat(gate.restore(new HeldUnits(activity, 1, orderId, 0, 1))).isTrue();
        assertThat(gate.stock().remaining(activity)).containsExactly(1);
    }

    private AdmissionRequest request(long activity, long user, String requestId) {
        int start = ThreadLocalRandom.current().nextInt(SHARDS);
        return request(activity, user, requestId,
                ThreadLocalRandom.current().nextBoolean() ? rotated(start) : stealing(start));
    }

    private AdmissionRequest request(long activity, long user, String requestId, ShardPlan plan) {
        return new AdmissionRequest(activity, user, requestId, orderIds.incrementAndGet(), 1, plan, NOW,
                NOW + 10_000, NOW + 86_400_000);
    }

    private static ShardPlan rotated(int start) {
        int[] probes = new int[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            probes[i] = (start + i) % SHARDS;
        }
        return ShardPlan.probing(probes);
    }

    private static ShardPlan stealing(int target) {
        int[] donors = new int[SHARDS - 1];
        for (int i = 1; i < SHARDS; i++) {
            donors[i - 1] = (target + i) % SHARDS;
        }
        return ShardPlan.stealInto(target, donors);
    }
}
