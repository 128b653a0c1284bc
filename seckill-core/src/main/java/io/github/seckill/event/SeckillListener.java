package io.github.seckill.event;

import io.github.seckill.AttemptResult;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderMessage;
import java.util.List;

/**
 * Receives the events of the pipeline. Every method has an empty default, so a listener implements only what it
 * needs. Listeners are called on the thread that did the work, some on the admission hot path: they must be fast and
 * must not block. An exception thrown by a listener is logged and otherwise ignored.
 */
public interface SeckillListener {

    /** A listener that ignores everything. */
    SeckillListener NOOP = new SeckillListener() {
    };

    /**
     * A buyer was admitted and the order durably queued.
     *
     * @param order the queued order
     * @param replayed whether this repeats an earlier admission of the same request id
     * @param degraded whether it was admitted without the admission layer
     */
    default void admitted(OrderMessage order, boolean replayed, boolean degraded) {
    }

    /**
     * An attempt was turned away.
     *
     * @param activityId activity
     * @param userId buyer
     * @param outcome why: duplicate, sold out, not started, ended or throttled
     */
    default void rejected(long activityId, long userId, AttemptResult.Outcome outcome) {
    }

    /**
     * This JVM raised its local sold-out flag: attempts are now rejected without a round trip.
     *
     * @param activityId activity
     */
    default void soldOut(long activityId) {
    }

    /**
     * An activity was retired from an engine: its state there is gone.
     *
     * @param activityId activity
     */
    default void retired(long activityId) {
    }

    /**
     * Stock came back and this JVM lowered its sold-out flag.
     *
     * @param activityId activity
     */
    default void reopened(long activityId) {
    }

    /**
     * The admission backend failed.
     *
     * @param activityId activity
     * @param cause the failure
     * @param degraded whether the attempt went on without the admission layer
     */
    default void admissionFailed(long activityId, Throwable cause, boolean degraded) {
    }

    /**
     * An admitted order could not be queued and its admission was given back.
     *
     * @param order the order
     * @param cause why it was not queued
     * @param compensated whether giving it back succeeded; if not, reconciliation must repair the admission layer
     */
    default void compensated(OrderMessage order, Throwable cause, boolean compensated) {
    }

    /**
     * The ledger settled a batch.
     *
     * @param settlements one per distinct order
     * @param nanos time spent in the ledger
     */
    default void settled(List<Settlement> settlements, long nanos) {
    }

    /**
     * A released order's units went back to the admission layer.
     *
     * @param activityId activity
     * @param orderId the released order
     */
    default void restored(long activityId, long orderId) {
    }

    /**
     * The ledger recorded an order or changed its status (settlement, payment, release, cancel, timeout sweep).
     *
     * @param update the order's new state
     */
    default void orderUpdated(OrderUpdate update) {
    }

    /**
     * An attempt was answered (admitted, duplicate, sold out, not started, ended, throttled, closing), measured from
     * the engine's entry to its answer.
     *
     * @param activityId activity
     * @param outcome the answer
     * @param nanos how long the attempt took
     */
    default void attemptAnswered(long activityId, AttemptResult.Outcome outcome, long nanos) {
    }

    /**
     * An attempt failed with an exception (the queue refused, the backend failed, the outcome is unknown, bad input).
     *
     * @param activityId activity
     * @param cause what it failed with
     * @param nanos how long the attempt took
     */
    default void attemptFailed(long activityId, Throwable cause, long nanos) {
    }

    /**
     * The queue answered a publish.
     *
     * @param order the order
     * @param nanos from handing it to the queue to its answer
     * @param durable whether the order is durable (otherwise it was compensated)
     */
    default void published(OrderMessage order, long nanos, boolean durable) {
    }

    /**
     * A released unit became an order of a buyer on the activity's waitlist; the order is being queued.
     *
     * @param order the new order
     */
    default void waitlistOffered(OrderMessage order) {
    }

    /**
     * A released order's units were not given back: its activity accepts undersell
     * ({@link io.github.seckill.GiveBackPolicy#NONE}).
     *
     * @param activityId activity
     * @param orderId the released order
     * @param quantity the units left unsold
     */
    default void keptUnsold(long activityId, long orderId, int quantity) {
    }

    /**
     * An order the ledger released or rejected holds admission units that could not be given back (the admission
     * backend failed). They stay unsold until the activity's stock is re-synced ({@code FlashSale.addStock}): alert
     * on this.
     *
     * @param activityId activity
     * @param orderId the order
     * @param quantity the units left stranded
     * @param cause the failure
     */
    default void giveBackFailed(long activityId, long orderId, int quantity, Throwable cause) {
    }

    /**
     * A consumer batch failed and will be retried.
     *
     * @param batchSize messages in the batch
     * @param attempt deliveries so far
     * @param cause the failure
     */
    default void consumeRetry(int batchSize, int attempt, Throwable cause) {
    }

    /**
     * Messages were dead-lettered.
     *
     * @param letters the dead letters
     */
    default void deadLettered(List<DeadLetter> letters) {
    }

    /**
     * A consumer stopped on a failure it cannot recover from; its unacknowledged messages go to the other consumers
     * of its group. Without another consumer the queue stops draining: alert on this.
     *
     * @param group consumer group
     * @param consumer the consumer's name
     * @param cause the failure
     */
    default void consumerStopped(String group, String consumer, Throwable cause) {
    }

    /**
     * A reconciliation run finished.
     *
     * @param report what it found and did
     */
    default void reconciled(ReconciliationReport report) {
    }

    /**
     * The circuit breaker around an activity's admission changed state.
     *
     * @param activityId activity
     * @param from the state it left
     * @param to the state it entered
     */
    default void admissionBreakerChanged(long activityId, BreakerState from, BreakerState to) {
    }

    /**
     * The circuit breaker around the order queue changed state: while it is open, attempts fail fast with
     * {@code OrderNotQueuedException} without touching stock.
     *
     * @param from the state it left
     * @param to the state it entered
     */
    default void queueBreakerChanged(BreakerState from, BreakerState to) {
    }

    /**
     * Current lag of a consumer: messages published but not yet acknowledged.
     *
     * @param group consumer group
     * @param partition partition, or {@code -1} for a queue without partitions
     * @param lag messages behind
     */
    default void consumerLag(String group, int partition, long lag) {
    }
}
