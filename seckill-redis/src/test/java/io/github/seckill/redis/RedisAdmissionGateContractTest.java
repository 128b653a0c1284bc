package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.tck.AdmissionGateContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gate TCK on every way the backend runs: standalone Redis with attempts coalesced into shared script calls,
 * standalone with one script call per attempt, and a three-master cluster (claim, take, confirm).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Topology.class)
@WithRedis
@WithRedisCluster
class RedisAdmissionGateContractTest extends AdmissionGateContractTest {

    @Parameter
    Topology topology;

    private final TestRedis redis = new TestRedis();

    @Override
    protected AdmissionGate createGate() {
        return topology.open(redis).admissionGate();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
