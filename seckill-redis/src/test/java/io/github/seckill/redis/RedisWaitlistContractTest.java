package io.github.seckill.redis;

import io.github.seckill.tck.WaitlistContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The waitlist TCK on standalone Redis and on a three-master cluster (each shard's waitlist in its slot). */
@ParameterizedClass(name = "{0}")
@EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
@WithRedis
@WithRedisCluster
class RedisWaitlistContractTest extends WaitlistContractTest {

    @Parameter
    Topology topology;

    private final TestRedis redis = new TestRedis();

    @Override
    protected Backend createBackend() {
        SeckillRedis backend = topology.open(redis);
        return new Backend(backend.stockStore(), backend.waitlist());
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
