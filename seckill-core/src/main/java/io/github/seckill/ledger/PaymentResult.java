package io.github.seckill.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The ledger's answer to a payment confirmation.
 *
 * @param orderId the order
 * @param outcome what happened
 * @param status the order's status afterwards, {@code null} when the order is unknown
 */
public record PaymentResult(long orderId, Outcome outcome, @Nullable OrderStatus status) {

    /** What a payment confirmation did. */
    public enum Outcome {
        /** Locked units are now sold. */
        PAID,
        /** The order was already paid; nothing changed. */
        ALREADY_PAID,
        /** The order holds no units (closed, failed or sold out): the payment must be refunded, never sold. */
        REFUND_REQUIRED,
        /** No such order. */
        NOT_FOUND
    }
}
