package io.github.seckill;

import java.util.Objects;

/**
 * A change of an order's state, as pushed to subscribers.
 *
 * @param activityId the order's activity
 * @param orderId the order
 * @param userId its buyer
 * @param state the new state
 * @param atMillis when it changed, epoch millis
 */
public record OrderUpdate(long activityId, long orderId, long userId, OrderState state, long atMillis) {

    /** @throws NullPointerException without a state */
    public OrderUpdate {
        Objects.requireNonNull(state, "state");
    }
}
