package io.github.seckill.redis;

import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.tck.DedupeGuardContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dedupe guard TCK on standalone Redis and on a three-master cluster; coalescing batches admissions only, so one
 * standalone topology covers the guard.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
@WithRedis
@WithRedisCluster
class RedisDedupeGuardContractTest extends DedupeGuardContractTest {

    @Parameter
    Topology topology;

    private final TestRedis redis = new TestRedis();

    @Override
    protected DedupeGuard createGuard() {
        return topology.open(redis).dedupeGuard();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
