package io.github.seckill.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The ledger's answer to a release (payment failed, cancelled or timed out) or a cancel.
 *
 * @param orderId the order
 * @param outcome what happened
 * @param order the order afterwards, {@code null} when unknown
 */
public record ReleaseResult(long orderId, Outcome outcome, @Nullable OrderRecord order) {

    /** What a release did. */
    public enum Outcome {
        /**
         * The locked units went back to available stock; the order is closed (or cancelled). Give admission units
         * back too.
         */
        RELEASED,
        /**
         * An operator cancelled a paid order: its sold units went back to available stock and the payment must be
         * refunded ({@link OrderStatus#REFUND_REQUIRED}). Give admission units back too.
         */
        REFUNDED,
        /** The order was already closed or cancelled; nothing changed. */
        ALREADY_CLOSED,
        /** The order is paid; it cannot be released. */
        ALREADY_PAID,
        /** The order never held units (sold out, failed, refund required); nothing changed. */
        NOT_HELD,
        /** No such order. */
        NOT_FOUND
    }

    /** @return whether units went back to available stock in this call */
    public boolean released() {
        return outcome == Outcome.RELEASED || outcome == Outcome.REFUNDED;
    }
}
