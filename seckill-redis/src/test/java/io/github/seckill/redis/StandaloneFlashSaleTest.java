package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.tck.FlashSaleContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import org.junit.jupiter.api.AfterEach;

/** The engine TCK on standalone Redis, coalesced. */
@WithRedis
class StandaloneFlashSaleTest extends FlashSaleContractTest {

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
