package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad input is a typed exception before anything reaches Redis, and changes nothing. */
@WithRedis
@WithRedisCluster
class InputValidationTest {

    private static final long NOW = 1_900_000_000_000L;

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void badRequestsAreRejectedAndChangeNothing(Topology topology) throws Exception {
        SeckillRedis backend = topology.open(redis);
        AdmissionGate gate = backend.admissionGate();
        ShardedStockStore store = backend.stockStore();
        long activity = Tck.uniqueId();
        gate.stock().load(activity, new long[] {2, 2});

        assertThatThrownBy(() -> gate.admit(request(activity, 0, ShardPlan.probing(0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gate.admit(request(activity, 1, ShardPlan.probing(0, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard 2");
        assertThatThrownBy(() -> gate.admit(request(activity + 1_000_000, 1, ShardPlan.probing(0))))
                .isInstanceOf(ActivityNotLoadedException.class);
        assertThat(gate.admitAsync(request(activity, 1, ShardPlan.stealInto(0, 5))).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.take(new TakeRequest(activity, 9, 9, 0, ShardPlan.probing(0), System.currentTimeMillis())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.addStock(activity, 0, 0, java.util.UUID.randomUUID().toString())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.addStock(activity, 2, 1, java.util.UUID.randomUUID().toString())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.addStock(activity + 1_000_000, 0, 1, java.util.UUID.randomUUID().toString()))
                .isInstanceOf(ActivityNotLoadedException.class);

        assertThat(gate.stock().remaining(activity)).containsExactly(2, 2);
        RawRedis raw = RawRedis.of(backend);
        assertThat(raw.scan(raw.keys().user(activity, 0).replace(":0", ":*"))).isEmpty();
        assertThat(gate.admit(request(activity, 1, ShardPlan.probing(1))).admitted()).isTrue();
        assertThat(gate.stock().remaining(activity)).containsExactly(2, 1);
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> redis.builder().keyPrefix("shop:{a}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("braces");
        assertThatThrownBy(() -> redis.builder().keyPrefix(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> redis.builder().commandTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Coalescing.batches(0, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Coalescing.batches(8, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        try (SeckillRedis shop = redis.builder().keyPrefix("shop").build()) {
            assertThat(shop.options().restockChannel()).isEqualTo("shop:restock");
        }
    }

    private static AdmissionRequest request(long activity, int quantity, ShardPlan plan) {
        return new AdmissionRequest(activity, 1, "r1", 77, quantity, plan, NOW, NOW + 10_000, NOW + 86_400_000);
    }
}
