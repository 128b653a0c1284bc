package io.github.seckill;

import io.github.seckill.queue.OrderMessage;
import org.jspecify.annotations.Nullable;

/**
 * An admitted order could not be made durable in the order queue, so it was compensated: giving its stock and the
 * buyer's claim back was attempted before this exception was thrown (whether it succeeded is reported through
 * {@link io.github.seckill.event.SeckillListener#compensated}). The buyer was never told "queued" for it and may try
 * again.
 */
public class OrderNotQueuedException extends SeckillException {
    private static final long serialVersionUID = 1L;

    private final transient OrderMessage order;

    /**
     * @param order the order that was not queued
     * @param cause why the queue refused or timed out
     */
    public OrderNotQueuedException(OrderMessage order, @Nullable Throwable cause) {
        super("order " + order.orderId() + " of activity " + order.activityId() + " was not queued", cause);
        this.order = order;
    }

    /** @return the order that was not queued (already compensated) */
    public OrderMessage order() {
        return order;
    }
}
