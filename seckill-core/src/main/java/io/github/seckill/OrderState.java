package io.github.seckill;

/**
 * Where an order stands, as a buyer is told it: the ledger's statuses plus the steps before the ledger has the
 * order.
 */
public enum OrderState {
    /** Admitted and on its way to the ledger. */
    QUEUED,
    /** A released unit became this order of a buyer who was on the waitlist; it is on its way to the ledger. */
    WAITLIST_OFFER,
    /** Recorded by the ledger, units locked, waiting for payment. */
    PENDING_PAYMENT,
    /** Paid. Final. */
    PAID,
    /** Payment failed or timed out; the units went back. Final. */
    CLOSED,
    /** Cancelled by the buyer or an operator; the units went back. Final. */
    CANCELLED,
    /** The ledger had no stock left. Final. */
    SOLD_OUT,
    /** The order could not be processed. Final. */
    FAILED,
    /** Paid but holding no units (or cancelled by an operator after payment): refund it. Final. */
    REFUND_REQUIRED
}
