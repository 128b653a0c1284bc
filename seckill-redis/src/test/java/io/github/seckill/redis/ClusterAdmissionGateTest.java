package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.tck.AdmissionGateContractTest;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;

/** The gate TCK on a three-master Redis Cluster: claim, take, confirm. */
@WithRedisCluster
class ClusterAdmissionGateTest extends AdmissionGateContractTest {

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
