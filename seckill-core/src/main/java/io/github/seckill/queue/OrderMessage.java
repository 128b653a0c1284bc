package io.github.seckill.queue;

import java.util.Comparator;

/**
 * An admitted attempt on its way to the ledger. Small and self-contained: the ledger needs nothing else to settle it,
 * and the admission layer nothing else to give its units back.
 *
 * @param orderId the order id pre-generated at admission, unique
 * @param activityId activity
 * @param userId buyer
 * @param quantity units, at least one
 * @param shard the admission shard the units were taken from, or {@link #NO_SHARD} when admitted without the admission
 *     layer (degraded mode)
 * @param admittedAtMillis admission time, epoch millis; settlement is first come, first served by this time
 */
public record OrderMessage(
        long orderId, long activityId, long userId, int quantity, int shard, long admittedAtMillis) {

    /** {@link #shard()} of an order admitted without the admission layer, which holds no admission units. */
    public static final int NO_SHARD = -1;

    /** First come, first served: by admission time, then order id. The order in which ledgers settle a batch. */
    public static final Comparator<OrderMessage> ADMISSION_ORDER =
            Comparator.comparingLong(OrderMessage::admittedAtMillis).thenComparingLong(OrderMessage::orderId);

    /**
     * @throws IllegalArgumentException if an id or the quantity is not positive, or the shard is out of range
     */
    public OrderMessage {
        if (orderId <= 0 || activityId <= 0 || userId <= 0) {
            throw new IllegalArgumentException(
                    "ids must be positive: order " + orderId + ", activity " + activityId + ", user " + userId);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, was " + quantity);
        }
        if (shard < NO_SHARD) {
            throw new IllegalArgumentException("shard must be >= -1, was " + shard);
        }
    }

    /** @return whether the order holds units in the admission layer */
    public boolean hasShard() {
        return shard != NO_SHARD;
    }
}
