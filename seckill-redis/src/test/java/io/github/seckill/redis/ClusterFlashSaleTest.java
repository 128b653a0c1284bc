package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.tck.FlashSaleContractTest;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;

/** The engine TCK on a three-master Redis Cluster. */
@WithRedisCluster
class ClusterFlashSaleTest extends FlashSaleContractTest {

    private final TestRedis redis = new TestRedis();

    @Override
    protected AdmissionGate createGate() {
        return redis.cluster().admissionGate();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
