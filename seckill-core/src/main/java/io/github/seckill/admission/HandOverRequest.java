package io.github.seckill.admission;

import java.util.List;
import java.util.Objects;

/**
 * A released order's units to be handed to waiting buyers, as handed to {@link Waitlist#handOver}.
 *
 * @param released the released order's units
 * @param offerOrderIds fresh order ids, one per unit, for the orders the hand-over may create (unused ones are
 *     simply not used)
 * @param nowMillis now, epoch millis: the new orders' admission time
 * @param untilMillis when the waitlist ends: from then on units go back to the shard instead
 */
public record HandOverRequest(HeldUnits released, List<Long> offerOrderIds, long nowMillis, long untilMillis) {

    /** @throws IllegalArgumentException unless there is one fresh order id per released unit */
    public HandOverRequest {
        Objects.requireNonNull(released, "released");
        offerOrderIds = List.copyOf(offerOrderIds);
        if (offerOrderIds.size() != released.quantity()) {
            throw new IllegalArgumentException("need " + released.quantity() + " order ids, got "
                    + offerOrderIds.size());
        }
        if (!released.inAdmission()) {
            throw new IllegalArgumentException("order " + released.orderId() + " holds no admission units");
        }
    }
}
