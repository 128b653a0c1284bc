package io.github.seckill.benchmarks;

import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/** An order queue that acknowledges at once and keeps nothing: isolates admission from the queue in benchmarks. */
public final class DiscardingOrderQueue implements OrderQueue {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private final LongAdder published = new LongAdder();

    @Override
    public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
        published.increment();
        return DONE;
    }

    @Override
    public QueueConsumer consume(OrderBatchHandler handler) {
        throw new UnsupportedOperationException("nothing is kept to consume");
    }

    @Override
    public void close() {
    }

    /** @return messages acknowledged so far */
    public long published() {
        return published.sum();
    }
}
