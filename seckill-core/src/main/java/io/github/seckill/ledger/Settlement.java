package io.github.seckill.ledger;

/**
 * What the ledger did with one queued order.
 *
 * @param orderId the order
 * @param outcome what happened now
 * @param status the order's status afterwards
 */
public record Settlement(long orderId, Outcome outcome, OrderStatus status) {

    /** What happened to the order in this call. */
    public enum Outcome {
        /** Units were locked; the order waits for payment. */
        LOCKED,
        /** No units were left; the order is recorded {@link OrderStatus#SOLD_OUT}. */
        SOLD_OUT,
        /** The order id was settled before; nothing changed, {@link #status()} is its current status. */
        REPLAYED,
        /** The user already has another order in the activity; this one is recorded {@link OrderStatus#FAILED}. */
        DUPLICATE_USER,
        /** The activity is not defined in the ledger; the order is recorded {@link OrderStatus#FAILED}. */
        UNKNOWN_ACTIVITY,
        /** The order was marked {@link OrderStatus#FAILED} by {@link StockLedger#fail}. */
        FAILED,
        /**
         * The order id is already the ledger's for another buyer, activity or quantity (two JVMs drew the same id):
         * nothing changed for the existing order; this one is recorded as a conflict, {@link OrderStatus#FAILED} for
         * its own buyer ({@link StockLedger#findOrder(long, long)}).
         */
        CONFLICT
    }
}
