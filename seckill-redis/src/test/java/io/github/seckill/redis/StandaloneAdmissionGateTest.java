package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.tck.AdmissionGateContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import org.junit.jupiter.api.AfterEach;

/** The gate TCK on standalone Redis: one script per attempt, coalesced. */
@WithRedis
class StandaloneAdmissionGateTest extends AdmissionGateContractTest {

    private final TestRedis redis = new TestRedis();

    @Override
    protected AdmissionGate createGate() {
        return redis.standalone(true).admissionGate();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
