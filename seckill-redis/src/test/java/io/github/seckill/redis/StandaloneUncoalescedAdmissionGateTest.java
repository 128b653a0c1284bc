package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.tck.AdmissionGateContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import org.junit.jupiter.api.AfterEach;

/** The gate TCK on standalone Redis: one script call per attempt, no batching. */
@WithRedis
class StandaloneUncoalescedAdmissionGateTest extends AdmissionGateContractTest {

    private final TestRedis redis = new TestRedis();

    @Override
    protected AdmissionGate createGate() {
        return redis.standalone(false).admissionGate();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
