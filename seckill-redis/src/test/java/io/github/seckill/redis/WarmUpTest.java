package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Warm-up loads an activity once and never re-opens it: not when repeated, not after a sell-out (the meta key
 * remembers the load while every shard is at zero), not from another JVM, not when many JVMs race.
 */
@WithRedis
@WithRedisCluster
class WarmUpTest {

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
    void warmingUpAfterASellOutAddsNothingEvenFromAnotherJvm(Topology topology) {
        SeckillRedis backend = topology.open(redis);
        ShardedStockStore store = backend.stockStore();
        long activity = Tck.uniqueId();
        assertThat(store.load(activity, new long[] {1, 1})).isTrue();
        assertThat(store.take(new TakeRequest(activity, 1, 1, 1, ShardPlan.probing(0), System.currentTimeMillis())).taken()).isTrue();
        assertThat(store.take(new TakeRequest(activity, 2, 2, 1, ShardPlan.probing(1), System.currentTimeMillis())).taken()).isTrue();

        RawRedis raw = RawRedis.of(backend);
        assertThat(raw.stockKeys(activity)).allSatisfy(key -> assertThat(raw.sync().get(key)).isEqualTo("0"));
        assertThat(raw.sync().exists(raw.keys().meta(activity))).isEqualTo(1);

        assertThat(store.load(activity, new long[] {1, 1})).isFalse();
        ShardedStockStore otherJvm = topology.open(redis).stockStore();
        assertThat(otherJvm.load(activity, new long[] {50, 50})).isFalse();
        assertThat(otherJvm.remaining(activity)).containsExactly(0, 0);
        assertThat(raw.stockKeys(activity)).allSatisfy(key -> assertThat(raw.sync().get(key)).isEqualTo("0"));
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
    void racingLoadsLoadOnceWithTheWinnersStock(Topology topology) throws Exception {
        List<ShardedStockStore> jvms = List.of(topology.open(redis).stockStore(), topology.open(redis).stockStore(),
                topology.open(redis).stockStore());
        long activity = Tck.uniqueId();
        AtomicInteger loaded = new AtomicInteger();
        Map<Integer, Long> winner = new ConcurrentHashMap<>();
        Tck.runConcurrently(48, i -> {
            long units = 10 + i;
            if (jvms.get(i % jvms.size()).load(activity, new long[] {units, units, units})) {
                loaded.incrementAndGet();
                winner.put(0, units);
            }
        });
        assertThat(loaded.get()).isEqualTo(1);
        long units = winner.get(0);
        for (ShardedStockStore jvm : jvms) {
            assertThat(jvm.remaining(activity)).containsExactly(units, units, units);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
    void aLoadThatStoppedHalfWayIsCompletedFromTheMetaKey(Topology topology) {
        SeckillRedis backend = topology.open(redis);
        long activity = Tck.uniqueId();
        backend.stockStore().load(activity, new long[] {4, 6});
        RawRedis raw = RawRedis.of(backend);
        String second = raw.stockKeys(activity).get(1);
        raw.sync().del(second); // as if the loader died between writing the meta key and this shard

        assertThat(topology.open(redis).stockStore().load(activity, new long[] {100, 100})).isFalse();
        assertThat(raw.sync().get(second)).isEqualTo("6");
        assertThat(backend.stockStore().remaining(activity)).containsExactly(4, 6);
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
    void badStockIsRejectedAndWritesNothing(Topology topology) {
        SeckillRedis backend = topology.open(redis);
        ShardedStockStore store = backend.stockStore();
        long activity = Tck.uniqueId();
        assertThatThrownBy(() -> store.load(activity, new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.load(activity, new long[65])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.load(activity, new long[] {3, -1})).isInstanceOf(IllegalArgumentException.class);
        assertThat(RawRedis.of(backend).scan(RawRedis.of(backend).keys().activityPattern(activity))).isEmpty();
        assertThat(store.remaining(activity)).isEmpty();
    }

    /**
     * A batch whose activity lost a shard key (evicted, flushed) fails whole, before writing anything: no attempt of
     * the batch takes a unit or a slot that its failed answer would then leave behind.
     */
    @Test
    void aBatchOnAnActivityMissingAShardWritesNothing() throws Exception {
        SeckillRedis backend = Topology.STANDALONE_COALESCED.open(redis);
        long activity = Tck.uniqueId();
        backend.stockStore().load(activity, new long[] {5, 5});
        RawRedis raw = RawRedis.of(backend);
        raw.sync().del(raw.stockKeys(activity).get(1));
        long now = System.currentTimeMillis();
        List<CompletableFuture<AdmissionDecision>> answers = new ArrayList<>();
        for (int user = 1; user <= 5; user++) {
            answers.add(backend.admissionGate().admitAsync(new AdmissionRequest(activity, user, "r", 100 + user, 1,
                    ShardPlan.probing(0), now, now + 10_000, now + 86_400_000)).toCompletableFuture());
        }
        for (CompletableFuture<AdmissionDecision> answer : answers) {
            assertThat(answer).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(ActivityNotLoadedException.class);
        }
        assertThat(raw.sync().get(raw.stockKeys(activity).get(0))).isEqualTo("5");
        assertThat(raw.scan(raw.keys().user(activity, 1).replace(":user:1", ":user:*"))).isEmpty();
    }
}
