package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real command timeout: CLIENT PAUSE holds the server's clients while the admission waits past its command
 * timeout, then lets the held command run. The attempt is told its outcome is unknown; retrying the same request
 * resolves it without taking stock twice.
 */
@WithRedis
@WithRedisCluster
class OutcomeUnknownTest {

    private static final long NOW = 1_900_000_000_000L;
    private static final long PAUSE_MILLIS = 1_500;

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "STANDALONE_ONE_CALL_PER_ATTEMPT"})
    void aTimedOutAdmissionReplaysWithTheSameOrderId(Topology topology) {
        SeckillRedis backend = topology.open(redis, b -> b.commandTimeout(Duration.ofMillis(200)));
        AdmissionGate gate = backend.admissionGate();
        RawRedis raw = RawRedis.of(backend);
        long activity = Tck.uniqueId();
        gate.stock().load(activity, new long[] {5});

        AdmissionRequest first = request(activity, "r1", 1_001, NOW);
        pauseEveryNode(raw);
        assertThatThrownBy(() -> gate.admit(first)).isInstanceOf(AttemptOutcomeUnknownException.class);
        awaitPauseOver(raw);

        AdmissionDecision retried = gate.admit(request(activity, "r1", 1_002, NOW + 2_000));
        assertThat(retried.admitted()).isTrue();
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.orderId()).isEqualTo(first.orderId());
        assertThat(gate.admit(request(activity, "r2", 1_003, NOW + 2_001)).outcome())
                .isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
        assertThat(gate.stock().remaining(activity)).containsExactly(4);
    }

    /**
     * On a cluster the claim is the step that times out; it still lands, pending, so the same request is "in flight"
     * until its lease runs out, and is then decided once, with one unit taken.
     */
    @ParameterizedTest
    @EnumSource(value = Topology.class, names = "CLUSTER")
    void aTimedOutClaimIsDecidedOnceItsLeaseRunsOut(Topology topology) {
        SeckillRedis backend = topology.open(redis, b -> b.commandTimeout(Duration.ofMillis(200)));
        AdmissionGate gate = backend.admissionGate();
        RawRedis raw = RawRedis.of(backend);
        long activity = Tck.uniqueId();
        gate.stock().load(activity, new long[] {5, 5, 5});

        AdmissionRequest first = request(activity, "r1", 2_001, NOW);
        pauseEveryNode(raw);
        assertThatThrownBy(() -> gate.admit(first)).isInstanceOf(AttemptOutcomeUnknownException.class);
        awaitPauseOver(raw);

        assertThatThrownBy(() -> gate.admit(request(activity, "r1", 2_002, NOW + 1)))
                .isInstanceOf(AttemptOutcomeUnknownException.class);
        AdmissionDecision decided = gate.admit(request(activity, "r1", 2_003, first.leaseUntilMillis()));
        assertThat(decided.admitted()).isTrue();
        AdmissionDecision replay = gate.admit(request(activity, "r1", 2_004, first.leaseUntilMillis() + 1));
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.orderId()).isEqualTo(decided.orderId());
        assertThat(gate.stock().remaining(activity)).containsExactly(4, 5, 5);
    }

    private static void pauseEveryNode(RawRedis raw) {
        raw.onEveryNode(node -> assertThat(node.clientPause(PAUSE_MILLIS)).isEqualTo("OK"));
    }

    /** PING is held by the pause too, so its answer means the held commands have run. */
    private static void awaitPauseOver(RawRedis raw) {
        raw.onEveryNode(node -> assertThat(node.ping()).isEqualTo("PONG"));
    }

    private static AdmissionRequest request(long activity, String requestId, long orderId, long now) {
        return new AdmissionRequest(activity, 1, requestId, orderId, 1, ShardPlan.probing(0), now, now + 10_000,
                now + 86_400_000);
    }
}
