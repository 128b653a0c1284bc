package io.github.seckill;

import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.StockShardStrategy;
import java.time.Duration;
import java.time.Instant;

/**
 * One flash-sale activity: what is on sale, when, and how its stock is sharded. Immutable; build it with
 * {@link #builder(long)}.
 *
 * @param activityId activity id, positive
 * @param skuId the item on sale, positive (defaults to the activity id)
 * @param stock units on sale, 0 to {@link #MAX_STOCK}
 * @param startsAt when buying opens
 * @param endsAt when buying closes, after {@code startsAt}
 * @param shards number of stock shards, 1 to 64
 * @param strategy how attempts pick shards
 * @param paymentTimeout how long an order waits for payment before its units are released
 * @param maxQuantityPerOrder the most units one order may take, at least one
 * @param giveBack where released units go
 * @param waitlistCapacity the most buyers the waitlist holds, 1 to 1,000,000 (used by {@code WAITLIST_FIRST} only)
 */
public record ActivityConfig(
        long activityId,
        long skuId,
        long stock,
        Instant startsAt,
        Instant endsAt,
        int shards,
        StockShardStrategy strategy,
        Duration paymentTimeout,
        int maxQuantityPerOrder,
        GiveBackPolicy giveBack,
        int waitlistCapacity) {

    /** @throws InvalidRequestException naming the setting when a value is out of range */
    public ActivityConfig {
        InvalidRequestException.requirePositive(activityId, "activityId");
        InvalidRequestException.requirePositive(skuId, "skuId");
        if (stock < 0 || stock > MAX_STOCK) {
            throw new InvalidRequestException("stock", "must be 0.." + MAX_STOCK + ", was " + stock);
        }
        if (startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)) {
            throw new InvalidRequestException("window", "must end after it starts, was " + startsAt + " to " + endsAt);
        }
        if (shards < 1 || shards > Shards.MAX_SHARDS) {
            throw new InvalidRequestException("shards", "must be 1.." + Shards.MAX_SHARDS + ", was " + shards);
        }
        InvalidRequestException.requireNonNull(strategy, "strategy");
        InvalidRequestException.requirePositive(paymentTimeout, "paymentTimeout");
        InvalidRequestException.requireAtLeast(maxQuantityPerOrder, 1, "maxQuantityPerOrder");
        InvalidRequestException.requireNonNull(giveBack, "giveBack");
        if (waitlistCapacity < 1 || waitlistCapacity > MAX_WAITLIST) {
            throw new InvalidRequestException("waitlist", "must be 1.." + MAX_WAITLIST + ", was " + waitlistCapacity);
        }
    }

    /** The largest waitlist an activity may have. */
    public static final int MAX_WAITLIST = 1_000_000;

    /** The most units one activity sells: sums of shards, ledger rows and Redis counters stay far from overflow. */
    public static final long MAX_STOCK = 1_000_000_000_000L;

    /** @return whether released units go to the waitlist first */
    public boolean hasWaitlist() {
        return giveBack == GiveBackPolicy.WAITLIST_FIRST;
    }

    /**
     * @param activityId the activity id, positive
     * @return a builder: one shard, bitmap routing, open from now for an hour, 5-minute payment timeout, one unit per
     *     order, released units back to open sale, no stock until {@link Builder#stock(long)}
     */
    public static Builder builder(long activityId) {
        return new Builder(activityId);
    }

    /** @return the ledger's view of this activity */
    public LedgerActivity toLedgerActivity() {
        return new LedgerActivity(activityId, skuId, stock, startsAt, endsAt, paymentTimeout);
    }

    /** Builds an {@link ActivityConfig}. */
    public static final class Builder {
        private final long activityId;
        private long skuId;
        private long stock;
        private Instant startsAt = Instant.now();
        private Instant endsAt = startsAt.plus(Duration.ofHours(1));
        private int shards = 1;
        private StockShardStrategy strategy = ShardStrategies.bitmapRouting();
        private Duration paymentTimeout = Duration.ofMinutes(5);
        private int maxQuantityPerOrder = 1;
        private GiveBackPolicy giveBack = GiveBackPolicy.OPEN_SALE;
        private int waitlistCapacity = 10_000;

        private Builder(long activityId) {
            this.activityId = activityId;
            this.skuId = activityId;
        }

        /**
         * @param id the item on sale
         * @return this
         */
        public Builder skuId(long id) {
            this.skuId = id;
            return this;
        }

        /**
         * @param units units on sale
         * @return this
         */
        public Builder stock(long units) {
            this.stock = units;
            return this;
        }

        /**
         * @param start when buying opens
         * @param end when buying closes
         * @return this
         */
        public Builder window(Instant start, Instant end) {
            this.startsAt = start;
            this.endsAt = end;
            return this;
        }

        /**
         * @param count number of stock shards, 1 to 64
         * @return this
         */
        public Builder shards(int count) {
            this.shards = count;
            return this;
        }

        /**
         * @param shardStrategy how attempts pick shards
         * @return this
         */
        public Builder strategy(StockShardStrategy shardStrategy) {
            this.strategy = shardStrategy;
            return this;
        }

        /**
         * @param timeout how long an order waits for payment
         * @return this
         */
        public Builder paymentTimeout(Duration timeout) {
            this.paymentTimeout = timeout;
            return this;
        }

        /**
         * @param max the most units one order may take
         * @return this
         */
        public Builder maxQuantityPerOrder(int max) {
            this.maxQuantityPerOrder = max;
            return this;
        }

        /**
         * @param policy where released units go
         * @return this
         */
        public Builder giveBack(GiveBackPolicy policy) {
            this.giveBack = policy;
            return this;
        }

        /**
         * Released units go to a waitlist of at most this many buyers first ({@link GiveBackPolicy#WAITLIST_FIRST}).
         *
         * @param capacity the most buyers waiting, 1 to {@link ActivityConfig#MAX_WAITLIST}
         * @return this
         */
        public Builder waitlist(int capacity) {
            this.giveBack = GiveBackPolicy.WAITLIST_FIRST;
            this.waitlistCapacity = capacity;
            return this;
        }

        /** @return the configuration */
        public ActivityConfig build() {
            return new ActivityConfig(
                    activityId, skuId, stock, startsAt, endsAt, shards, strategy, paymentTimeout, maxQuantityPerOrder,
                    giveBack, waitlistCapacity);
        }
    }
}
