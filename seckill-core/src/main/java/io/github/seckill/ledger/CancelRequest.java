package io.github.seckill.ledger;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cancel of an order, as handed to {@link StockLedger#cancel}: by its buyer (only their own order, only before
 * payment) or by an operator (a risk cancel, also of a paid order, which is then refunded). The reason is kept with
 * the order.
 *
 * @param orderId the order
 * @param buyer the buyer cancelling their own order, or {@code null} for an operator
 * @param reason why, kept for audit: 1 to 255 characters
 */
public record CancelRequest(long orderId, @Nullable Long buyer, String reason) {

    /** The longest reason the ledger keeps. */
    public static final int MAX_REASON_LENGTH = 255;

    /** @throws IllegalArgumentException on a blank or overlong reason */
    public CancelRequest {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason must be 1..255 characters, not blank");
        }
    }

    /**
     * @param orderId the order
     * @param userId its buyer
     * @return the buyer's own cancel of a pending order
     */
    public static CancelRequest byBuyer(long orderId, long userId) {
        return new CancelRequest(orderId, userId, "cancelled by the buyer");
    }

    /**
     * @param orderId the order
     * @param reason why, for example a risk rule's name
     * @return an operator's cancel, of a pending or a paid order
     */
    public static CancelRequest byOperator(long orderId, String reason) {
        return new CancelRequest(orderId, null, reason);
    }

    /** @return whether an operator cancels */
    public boolean operator() {
        return buyer == null;
    }
}
