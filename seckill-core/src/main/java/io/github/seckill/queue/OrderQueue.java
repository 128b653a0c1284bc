package io.github.seckill.queue;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The durable hand-off between admission and the ledger, which smooths the peak: the ledger only sees the rate its
 * consumers take.
 *
 * <p>The contract that keeps "queued" honest: {@link #publish} completes normally only once the message is durable
 * (for Kafka: acknowledged by all in-sync replicas). When it cannot be made durable within the queue's timeout, the
 * queue calls the required {@link NotQueuedHandler} exactly once and then fails the stage with
 * {@link io.github.seckill.OrderNotQueuedException}, so nobody is ever told "queued" for a message that may be lost.
 *
 * <p>Consumers hand batches to an {@link OrderBatchHandler} and acknowledge a batch only after the handler returned;
 * failures are retried per the queue's {@link RetryPolicy}, then dead-lettered. Delivery is at least once: handlers
 * are idempotent by order id. Run seckill-tck's {@code OrderQueueContractTest} on an implementation.
 */
public interface OrderQueue extends AutoCloseable {

    /**
     * Publishes a message durably.
     *
     * @param message the admitted order
     * @param onNotQueued compensation, run once if the message is not durable, before the stage fails
     * @return a stage completing when the message is durable, or failing with
     *     {@link io.github.seckill.OrderNotQueuedException}
     */
    CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued);

    /**
     * Starts a consumer. Several consumers of one queue share its messages (one consumer group).
     *
     * @param handler processes batches
     * @return the running consumer
     */
    QueueConsumer consume(OrderBatchHandler handler);

    /**
     * Marks what was published so far, for {@link #settledThrough}.
     *
     * @return a mark, or empty when this queue cannot tell what its consumers handled
     * @throws io.github.seckill.BackendUnavailableException when the queue cannot be reached
     */
    default Optional<QueueMark> mark() {
        return Optional.empty();
    }

    /**
     * @param mark a mark of this queue
     * @return whether consumers handled (acknowledged) every message published before the mark
     * @throws io.github.seckill.BackendUnavailableException when the queue cannot be reached
     */
    default boolean settledThrough(QueueMark mark) {
        return true;
    }

    /** Releases the queue's producer resources. Consumers are closed separately. */
    @Override
    void close();
}
