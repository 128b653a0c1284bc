package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.memory.InMemoryShardedStockStore;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.TakeResult;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Redis backend against the in-memory reference, operation by operation: random plans (probes and donors, up to
 * 64 shards so that both mask halves are used), quantities, replays, repeat buyers, restores, revokes and added
 * stock, run on both with the same inputs; every answer and the stock after each step must be identical. Single
 * threaded, so that the reference's answers are the only right ones.
 */
@WithRedis
@WithRedisCluster
class ReferenceSemanticsTest {

    private static final long NOW = 1_900_000_000_000L;
    private static final int[] SHARD_COUNTS = {1, 2, 3, 5, 16, 33, 64};

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_ONE_CALL_PER_ATTEMPT", "CLUSTER"})
    void storeTakesExactlyLikeTheReference(Topology topology) {
        ShardedStockStore store = topology.open(redis).stockStore();
        Random random = new Random(7);
        for (int n : SHARD_COUNTS) {
            long activity = Tck.uniqueId();
            InMemoryShardedStockStore reference = new InMemoryShardedStockStore();
            long[] stocks = randomStocks(random, n);
            assertThat(store.load(activity, stocks)).isEqualTo(reference.load(activity, stocks));
            List<long[]> taken = new ArrayList<>(); // {order, shard}
            for (int step = 0; step < 40; step++) {
                int op = random.nextInt(10);
                if (op < 7) {
                    long order = 9_007_199_254_740_993L + random.nextInt(1_000_000);
                    ShardPlan plan = randomPlan(random, n);
                    int quantity = 1 + random.nextInt(3);
                    TakeRequest take = new TakeRequest(activity, order, order, quantity, plan, 1_750_000_000_000L + step);
                    TakeResult expected = reference.take(take);
                    assertThat(store.take(take)).as("%s, quantity %d", plan, quantity)
                            .isEqualTo(expected);
                    if (expected.taken()) {
                        taken.add(new long[] {order, expected.shard()});
                        assertThat(store.findTaken(activity, order)).isEqualTo(reference.findTaken(activity, order));
                    }
                } else if (op < 9 && !taken.isEmpty()) {
                    long[] t = taken.get(random.nextInt(taken.size()));
                    int shard = random.nextBoolean() ? (int) t[1] : random.nextInt(n);
                    assertThat(store.restore(activity, t[0], shard))
                            .isEqualTo(reference.restore(activity, t[0], shard));
                    assertThat(store.findTaken(activity, t[0])).isEqualTo(reference.findTaken(activity, t[0]));
                } else {
                    int shard = random.nextInt(n);
                    store.addStock(activity, shard, 1 + random.nextInt(2), java.util.UUID.randomUUID().toString());
                    reference.addStock(activity, shard, store.remaining(activity)[shard]
                            - reference.remaining(activity)[shard], java.util.UUID.randomUUID().toString());
                }
                assertThat(store.remaining(activity)).isEqualTo(reference.remaining(activity));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void gateDecidesExactlyLikeTheReference(Topology topology) {
        AdmissionGate gate = topology.open(redis).admissionGate();
        Random random = new Random(11);
        for (int n : SHARD_COUNTS) {
            long activity = Tck.uniqueId();
            AdmissionGate reference = InMemorySeckill.create().admissionGate();
            long[] stocks = randomStocks(random, n);
            assertThat(gate.stock().load(activity, stocks)).isEqualTo(reference.stock().load(activity, stocks));
            List<AdmissionDecision> admitted = new ArrayList<>();
            List<Long> users = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                int op = random.nextInt(10);
                if (op < 8) {
                    long user = 1 + random.nextInt(12);
                    AdmissionRequest r = new AdmissionRequest(activity, user, "r" + random.nextInt(2),
                            Long.MAX_VALUE - random.nextInt(1_000_000), 1 + random.nextInt(2),
                            randomPlan(random, n), NOW + step, NOW + step + 10_000, NOW + 86_400_000);
                    AdmissionDecision expected = reference.admit(r);
                    AdmissionDecision actual = admit(gate, r);
                    assertThat(actual).as("%s", r).isEqualTo(expected);
                    if (expected.admitted() && !expected.replayed()) {
                        admitted.add(expected);
                        users.add(user);
                    }
                } else if (!admitted.isEmpty()) {
                    int k = random.nextInt(admitted.size());
                    AdmissionDecision d = admitted.get(k);
                    if (op == 8) {
                        assertThat(gate.restore(new HeldUnits(activity, users.get(k), d.orderId(), d.shard(), 1)))
                                .isEqualTo(reference.restore(new HeldUnits(activity, users.get(k), d.orderId(), d.shard(), 1)));
                    } else {
                        gate.revoke(new HeldUnits(activity, users.get(k), d.orderId(), d.shard(), 1));
                        reference.revoke(new HeldUnits(activity, users.get(k), d.orderId(), d.shard(), 1));
                    }
                }
                assertThat(gate.stock().remaining(activity)).isEqualTo(reference.stock().remaining(activity));
            }
        }
    }

    private static AdmissionDecision admit(AdmissionGate gate, AdmissionRequest r) {
        try {
            return gate.admit(r);
        } catch (AttemptOutcomeUnknownException e) {
            throw new AssertionError("a sequential attempt cannot be in flight", e);
        }
    }

    private static long[] randomStocks(Random random, int n) {
        long[] stocks = new long[n];
        for (int i = 0; i < n; i++) {
            stocks[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
        }
        return stocks;
    }

    /** Distinct probes in random order; donors distinct, never the first probe, possibly also probes. */
    private static ShardPlan randomPlan(Random random, int n) {
        List<Integer> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(i);
        }
        java.util.Collections.shuffle(shards, random);
        int probes = 1 + random.nextInt(Math.min(n, 4));
        int[] p = shards.subList(0, probes).stream().mapToInt(Integer::intValue).toArray();
        java.util.Collections.shuffle(shards, random);
        int[] d = shards.stream().filter(s -> s != p[0]).limit(random.nextInt(Math.min(n, 5)))
                .mapToInt(Integer::intValue).toArray();
        return ShardPlan.of(p, d);
    }
}
