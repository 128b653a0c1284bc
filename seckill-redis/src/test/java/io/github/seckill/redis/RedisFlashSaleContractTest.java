package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.tck.FlashSaleContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine TCK on every way the backend runs: standalone coalesced, standalone one call per attempt, cluster. */
@ParameterizedClass(name = "{0}")
@EnumSource(Topology.class)
@WithRedis
@WithRedisCluster
class RedisFlashSaleContractTest extends FlashSaleContractTest {

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
