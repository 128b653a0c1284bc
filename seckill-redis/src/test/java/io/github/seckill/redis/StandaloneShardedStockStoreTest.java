package io.github.seckill.redis;

import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.tck.ShardedStockStoreContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import org.junit.jupiter.api.AfterEach;

/** The stock store TCK on standalone Redis: whole plans in one script call. */
@WithRedis
class StandaloneShardedStockStoreTest extends ShardedStockStoreContractTest {

    private final TestRedis redis = new TestRedis();

    @Override
    protected ShardedStockStore createStore() {
        return redis.standalone().stockStore();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
