package io.github.seckill.ledger;

/** Status of an order in the ledger. Transitions only go forward: {@code PENDING_PAYMENT} to one final status. */
public enum OrderStatus {
    /** Units are locked for the order; waiting for payment. */
    PENDING_PAYMENT,
    /** Paid: the units are sold. Final. */
    PAID,
    /** The ledger had no units left when the order arrived. Final. */
    SOLD_OUT,
    /** Payment failed, was cancelled or timed out; the units went back. Final. */
    CLOSED,
    /** The order could not be processed (dead-lettered, duplicate of another order of the user, ...). Final. */
    FAILED,
    /**
     * A payment arrived for an order that holds no units (closed, failed or sold out), or an operator cancelled a paid
     * order (its units went back): refund it. Final.
     */
    REFUND_REQUIRED,
    /** Cancelled before payment, by its buyer or an operator (the reason is kept); the units went back. Final. */
    CANCELLED;

    /** @return whether no further transition is possible */
    public boolean isFinal() {
        return this != PENDING_PAYMENT;
    }

    /** @return whether the order holds units: locked (pending) or sold (paid) */
    public boolean holdsStock() {
        return this == PENDING_PAYMENT || this == PAID;
    }
}
