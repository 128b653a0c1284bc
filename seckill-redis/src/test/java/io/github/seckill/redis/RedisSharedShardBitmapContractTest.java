package io.github.seckill.redis;

import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.tck.SharedShardBitmapContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared shard bitmap's contract on standalone Redis and on a three-master cluster. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
@WithRedis
@WithRedisCluster
class RedisSharedShardBitmapContractTest extends SharedShardBitmapContractTest {

    @Parameter
    Topology topology;

    private final TestRedis redis = new TestRedis();

    @Override
    protected SharedShardBitmap createBitmap() {
        return topology.open(redis).sharedShardBitmap();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
