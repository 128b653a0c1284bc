package io.github.seckill.redis;

import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.tck.ShardedStockStoreContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stock store TCK on standalone Redis (whole plans in one script call) and on a three-master cluster (plans in
 * per-shard steps); coalescing batches admissions only, so one standalone topology covers the store.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = Topology.class, names = {"STANDALONE_COALESCED", "CLUSTER"})
@WithRedis
@WithRedisCluster
class RedisShardedStockStoreContractTest extends ShardedStockStoreContractTest {

    @Parameter
    Topology topology;

    private final TestRedis redis = new TestRedis();

    @Override
    protected ShardedStockStore createStore() {
        return topology.open(redis).stockStore();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
