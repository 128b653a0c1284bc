package io.github.seckill.tck.memory;

import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.memory.InMemoryShardedStockStore;
import io.github.seckill.tck.ShardedStockStoreContractTest;

class InMemoryShardedStockStoreContractTest extends ShardedStockStoreContractTest {
    @Override
    protected ShardedStockStore createStore() {
        return new InMemoryShardedStockStore();
    }
}
