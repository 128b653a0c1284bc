package io.github.seckill.status;

import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.queue.OrderMessage;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the pipeline's order events to an {@link OrderStatusFeed}: register it as a listener of the engine
 * (queued, waitlist offers), the settler and the lifecycle (every ledger transition). A failing feed is logged and
 * otherwise ignored: pushing is best-effort, polling stays right.
 *
 * <pre>{@code
 * SeckillListener push = StatusPublisher.to(feed);
 * FlashSale sale = FlashSale.builder(gate, queue).listener(push).build();
 * OrderSettler settler = OrderSettler.builder(queue, ledger).listener(push).start();
 * }</pre>
 */
public final class StatusPublisher implements SeckillListener {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final OrderStatusFeed feed;

    private StatusPublisher(OrderStatusFeed feed) {
        this.feed = feed;
    }

    /**
     * @param feed where updates go
     * @return a listener publishing every order update to the feed
     */
    public static StatusPublisher to(OrderStatusFeed feed) {
        return new StatusPublisher(Objects.requireNonNull(feed, "feed"));
    }

    @Override
    public void admitted(OrderMessage order, boolean replayed, boolean degraded) {
        if (!replayed) {
            publish(new OrderUpdate(order.activityId(), order.orderId(), order.userId(), OrderState.QUEUED,
                    order.admittedAtMillis()));
        }
    }

    @Override
    public void waitlistOffered(OrderMessage order) {
        publish(new OrderUpdate(order.activityId(), order.orderId(), order.userId(), OrderState.WAITLIST_OFFER,
                order.admittedAtMillis()));
    }

    @Override
    public void orderUpdated(OrderUpdate update) {
        publish(update);
    }

    private void publish(OrderUpdate update) {
        try {
            feed.publish(update);
        } catch (RuntimeException e) {
            LOG.warn("could not push the update of order {}; buyers polling still see it", update.orderId(), e);
        }
    }
}
