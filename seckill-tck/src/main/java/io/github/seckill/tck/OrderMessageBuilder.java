package io.github.seckill.tck;

import io.github.seckill.queue.OrderMessage;

/**
 * Builds {@link OrderMessage}s by name instead of six positional numbers, with the values most tests leave alone as
 * defaults: activity 1, user 1, quantity 1, shard 0, admitted at {@link #ADMITTED_AT}. The builder is mutable and
 * may build several messages, changing a field in between.
 *
 * <pre>{@code
 * OrderMessage late = order(10).activity(a).user(1).admittedAt(2_000).build();
 * }</pre>
 */
public final class OrderMessageBuilder {

    /** The default admission time, the fixed "now" of the contract suites (epoch millis, in 2030). */
    public static final long ADMITTED_AT = 1_900_000_000_000L;

    private long orderId;
    private long activityId = 1;
    private long userId = 1;
    private int quantity = 1;
    private int shard = 0;
    private long admittedAtMillis = ADMITTED_AT;

    private OrderMessageBuilder(long orderId) {
        this.orderId = orderId;
    }

    /**
     * @param orderId the order id, positive
     * @return a builder of an order with that id and the defaults
     */
    public static OrderMessageBuilder order(long orderId) {
        return new OrderMessageBuilder(orderId);
    }

    /**
     * @param orderId the order id, positive
     * @return this builder
     */
    public OrderMessageBuilder id(long orderId) {
        this.orderId = orderId;
        return this;
    }

    /**
     * @param activityId the activity, positive
     * @return this builder
     */
    public OrderMessageBuilder activity(long activityId) {
        this.activityId = activityId;
        return this;
    }

    /**
     * @param userId the buyer, positive
     * @return this builder
     */
    public OrderMessageBuilder user(long userId) {
        this.userId = userId;
        return this;
    }

    /**
     * @param quantity units, at least one
     * @return this builder
     */
    public OrderMessageBuilder quantity(int quantity) {
        this.quantity = quantity;
        return this;
    }

    /**
     * @param shard the admission shard the units came from
     * @return this builder
     */
    public OrderMessageBuilder shard(int shard) {
        this.shard = shard;
        return this;
    }

    /**
     * An order admitted without the admission layer (degraded mode), which holds no admission units.
     *
     * @return this builder
     */
    public OrderMessageBuilder noShard() {
        return shard(OrderMessage.NO_SHARD);
    }

    /**
     * @param admittedAtMillis admission time, epoch millis
     * @return this builder
     */
    public OrderMessageBuilder admittedAt(long admittedAtMillis) {
        this.admittedAtMillis = admittedAtMillis;
        return this;
    }

    /**
     * @return the message
     * @throws IllegalArgumentException as {@link OrderMessage}'s constructor does
     */
    public OrderMessage build() {
        return new OrderMessage(orderId, activityId, userId, quantity, shard, admittedAtMillis);
    }
}
