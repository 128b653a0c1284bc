package io.github.seckill.tck.memory;

import io.github.seckill.lease.LeaseStore;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.tck.LeaseStoreContractTest;

class InMemoryLeaseStoreContractTest extends LeaseStoreContractTest {
    @Override
    protected LeaseStore createStore() {
        return new InMemoryLeaseStore();
    }
}
