package io.github.seckill.admission;

import io.github.seckill.queue.OrderMessage;

/**
 * Units an order holds in the admission store, as recorded by its take.
 *
 * @param orderId the order
 * @param userId its buyer
 * @param shard the shard holding the units
 * @param quantity units
 * @param takenAtMillis when they were taken (the admission time), epoch millis
 */
public record TakenUnits(long orderId, long userId, int shard, int quantity, long takenAtMillis) {

    /**
     * @param activityId the activity
     * @return the order as it was admitted, to be queued again
     */
    public OrderMessage toMessage(long activityId) {
        return new OrderMessage(orderId, activityId, userId, quantity, shard, takenAtMillis);
    }

    /**
     * @param activityId the activity
     * @return the units as a give-back sees them
     */
    public HeldUnits toHeldUnits(long activityId) {
        return new HeldUnits(activityId, userId, orderId, shard, quantity);
    }
}
