package io.github.seckill.admission;

import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.queue.OrderMessage;

/**
 * The admission units one order holds: what a give-back returns to the admission layer.
 *
 * @param activityId activity
 * @param userId the buyer
 * @param orderId the order
 * @param shard the admission shard holding the units, or {@link OrderMessage#NO_SHARD} for an order admitted without
 *     the admission layer (degraded mode), which holds none there
 * @param quantity units
 */
public record HeldUnits(long activityId, long userId, long orderId, int shard, int quantity) {

    /**
     * @param order a queued order
     * @return the units it holds in admission
     */
    public static HeldUnits of(OrderMessage order) {
        return new HeldUnits(order.activityId(), order.userId(), order.orderId(), order.shard(), order.quantity());
    }

    /**
     * @param order an order the ledger knows
     * @return the units it holds in admission
     */
    public static HeldUnits of(OrderRecord order) {
        return new HeldUnits(order.activityId(), order.userId(), order.orderId(), order.shard(), order.quantity());
    }

    /** @return whether the units are in the admission layer at all (not a degraded admission) */
    public boolean inAdmission() {
        return shard >= 0;
    }
}
