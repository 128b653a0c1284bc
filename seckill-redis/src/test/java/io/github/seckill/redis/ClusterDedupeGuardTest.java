package io.github.seckill.redis;

import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.tck.DedupeGuardContractTest;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;

/** The dedupe guard TCK on a three-master Redis Cluster. */
@WithRedisCluster
class ClusterDedupeGuardTest extends DedupeGuardContractTest {

    private final TestRedis redis = new TestRedis();

    @Override
    protected DedupeGuard createGuard() {
        return redis.cluster().dedupeGuard();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
