package io.github.seckill.status;

import io.github.seckill.OrderUpdate;
import java.util.function.Consumer;

/**
 * Carries order updates to every instance subscribed to the order's activity: the push half of telling buyers what
 * became of their orders (polling the ledger is the other half, and the fallback). Delivery is at most once and
 * best-effort: a subscriber that must not miss the final state reads the order once after subscribing (as
 * {@link OrderUpdates#watch} does).
 */
public interface OrderStatusFeed {

    /**
     * @param update the change, delivered to every subscriber of its activity, on every instance
     * @throws io.github.seckill.BackendUnavailableException when the feed's backend failed
     */
    void publish(OrderUpdate update);

    /**
     * @param activityId the activity
     * @param subscriber told every update of the activity's orders, on a thread of the feed: keep it short
     * @return a handle that ends the subscription
     */
    AutoCloseable subscribe(long activityId, Consumer<OrderUpdate> subscriber);
}
