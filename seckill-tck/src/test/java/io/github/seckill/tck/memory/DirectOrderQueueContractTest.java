package io.github.seckill.tck.memory;

import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.RetryPolicy;
import io.github.seckill.settlement.DirectOrderQueue;
import io.github.seckill.tck.OrderQueueContractTest;
import java.time.Duration;

/** The broker-less queue passes the queue contract, consumers started before publishing. */
class DirectOrderQueueContractTest extends OrderQueueContractTest {

    @Override
    protected OrderQueue createQueue(RetryPolicy retry) {
        // One worker: the suite's handlers count failures without synchronising, as a consumer's batches arrive.
        return DirectOrderQueue.builder().retry(retry).workers(1).backlog(20_000).timeout(Duration.ofSeconds(20))
                .build();
    }

    /** No consumer runs: nothing can settle a publish. */
    @Override
    protected OrderQueue createUnavailableQueue() {
        return DirectOrderQueue.builder().build();
    }

    @Override
    protected Duration publishTimeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected boolean keepsMessagesWithoutConsumer() {
        return false;
    }
}
