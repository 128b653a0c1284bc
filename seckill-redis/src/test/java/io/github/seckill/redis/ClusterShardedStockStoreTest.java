package io.github.seckill.redis;

import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.tck.ShardedStockStoreContractTest;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;

/** The stock store TCK on a three-master Redis Cluster: plans in per-shard steps. */
@WithRedisCluster
class ClusterShardedStockStoreTest extends ShardedStockStoreContractTest {

    private final TestRedis redis = new TestRedis();

    @Override
    protected ShardedStockStore createStore() {
        return redis.cluster().stockStore();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
