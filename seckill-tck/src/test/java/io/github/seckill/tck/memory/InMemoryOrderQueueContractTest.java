package io.github.seckill.tck.memory;

import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.RetryPolicy;
import io.github.seckill.tck.OrderQueueContractTest;

class InMemoryOrderQueueContractTest extends OrderQueueContractTest {
    @Override
    protected OrderQueue createQueue(RetryPolicy retry) {
        return InMemoryOrderQueue.builder().retryPolicy(retry).batchSize(100).build();
    }

    /** A closed queue refuses every publish: nothing can become durable in it. */
    @Override
    protected OrderQueue createUnavailableQueue() {
        InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();
        queue.close();
        return queue;
    }
}
