package io.github.seckill.admission;

import io.github.seckill.shard.ShardPlan;
import java.util.Objects;

/**
 * A stock take for one order, as handed to {@link ShardedStockStore#take}. The store records the order with its
 * buyer and time, so that an admission stranded between admission and the queue can be published again from what the
 * store holds.
 *
 * @param activityId activity
 * @param orderId the order the units are for
 * @param userId the buyer
 * @param quantity units wanted, at least one
 * @param plan which shards to try
 * @param nowMillis the admission time, epoch millis
 */
public record TakeRequest(long activityId, long orderId, long userId, int quantity, ShardPlan plan, long nowMillis) {

    /** @throws NullPointerException without a plan */
    public TakeRequest {
        Objects.requireNonNull(plan, "plan");
    }
}
