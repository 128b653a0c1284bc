package io.github.seckill.redis;

import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.tck.DedupeGuardContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import org.junit.jupiter.api.AfterEach;

/** The dedupe guard TCK on standalone Redis. */
@WithRedis
class StandaloneDedupeGuardTest extends DedupeGuardContractTest {

    private final TestRedis redis = new TestRedis();

    @Override
    protected DedupeGuard createGuard() {
        return redis.standalone().dedupeGuard();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
