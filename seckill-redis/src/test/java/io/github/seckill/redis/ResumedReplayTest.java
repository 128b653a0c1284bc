package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.Claim;
import io.github.seckill.admission.ClaimRequest;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An attempt that stopped after its units were taken but before its slot was confirmed (a crash, or a confirm that
 * timed out), resumed by a retry of the same request id that asks for another quantity: the replay reports, and the
 * slot keeps, the units the order really holds, as a replay of a confirmed admission does.
 */
@WithRedis
@WithRedisCluster
class ResumedReplayTest {

    private static final long NOW = 1_900_000_000_000L;

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aResumedReplayReportsTheUnitsTheOrderHolds(Topology topology) {
        SeckillRedis backend = topology.open(redis);
        AdmissionGate gate = backend.admissionGate();
        long activity = Tck.uniqueId();
        gate.stock().load(activity, new long[] {5});

        // The first call: claimed, took two units, then stopped before confirming.
        Claim claim = backend.dedupeGuard().claim(new ClaimRequest(activity, 1, "r1", 7_001, NOW, NOW + 10_000));
        assertThat(claim.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(backend.stockStore().take(new TakeRequest(activity, 7_001, 7_001, 2, ShardPlan.probing(0), System.currentTimeMillis())).taken()).isTrue();

        AdmissionDecision resumed = gate.admit(request(activity, 7_002, 1, NOW + 1));
        assertThat(resumed.admitted()).isTrue();
        assertThat(resumed.replayed()).isTrue();
        assertThat(resumed.orderId()).isEqualTo(7_001);
        assertThat(resumed.quantity()).as("the units order 7001 holds").isEqualTo(2);

        AdmissionDecision again = gate.admit(request(activity, 7_003, 2, NOW + 2));
        assertThat(again.replayed()).isTrue();
        assertThat(again.orderId()).isEqualTo(7_001);
        assertThat(again.quantity()).as("the units the confirmed slot records").isEqualTo(2);
        assertThat(gate.stock().remaining(activity)).containsExactly(3);
    }

    private static AdmissionRequest request(long activity, long orderId, int quantity, long now) {
        return new AdmissionRequest(activity, 1, "r1", orderId, quantity, ShardPlan.probing(0), now, now + 10_000,
                now + 86_400_000);
    }
}
