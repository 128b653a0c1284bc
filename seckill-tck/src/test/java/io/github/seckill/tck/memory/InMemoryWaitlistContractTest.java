package io.github.seckill.tck.memory;

import io.github.seckill.memory.InMemoryShardedStockStore;
import io.github.seckill.tck.WaitlistContractTest;

class InMemoryWaitlistContractTest extends WaitlistContractTest {
    @Override
    protected Backend createBackend() {
        InMemoryShardedStockStore store = new InMemoryShardedStockStore();
        return new Backend(store, store.waitlist());
    }
}
