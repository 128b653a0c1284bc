package io.github.seckill.queue;

import java.util.List;

/** Processes batches of queued orders, typically by settling them in a {@link io.github.seckill.ledger.StockLedger}. */
@FunctionalInterface
public interface OrderBatchHandler {

    /**
     * Handles one batch. The queue acknowledges the batch only after this returns normally; if it throws, the batch
     * is retried after a backoff and, once the retry budget is spent, the messages that still fail are dead-lettered.
     * A failure caused by a {@link io.github.seckill.BackendUnavailableException} (the ledger is down) is transient:
     * it is retried without limit and never dead-lettered, so orders wait in the queue until the ledger is back. A
     * batch may be delivered again after a crash or a rebalance, so handling must be idempotent by order id.
     *
     * @param batch messages in queue order, never empty
     * @throws Exception to have the batch retried
     */
    void handle(List<OrderMessage> batch) throws Exception;

    /**
     * Told after messages were moved to the dead-letter store, so that their orders can be marked failed and the
     * buyers told. Called before the dead letters are acknowledged; if it throws, they are reported again.
     *
     * @param letters the dead letters, never empty
     * @throws Exception to have the report retried
     */
    default void deadLettered(List<DeadLetter> letters) throws Exception {
    }
}
