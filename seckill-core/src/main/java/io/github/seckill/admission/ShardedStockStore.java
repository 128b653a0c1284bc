package io.github.seckill.admission;

import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.TakeResult;
import java.util.OptionalInt;

/**
 * Pre-deducted stock of an activity, split over shards, with the units each order took recorded so that every
 * operation can be made idempotent by order id. No shard's units ever go below zero.
 *
 * <p>Run the testkit's {@code ShardedStockStoreContractTest} on an implementation.
 */
public interface ShardedStockStore {

    /**
     * Loads an activity's stock, once. Never overwrites stock that is already there, even if it was sold down to
     * zero: warming up twice, or after a sell-out, must not re-open an activity.
     *
     * @param activityId activity
     * @param shardStocks units per shard, 1 to 64 shards, each {@code >= 0}
     * @return {@code true} if loaded now, {@code false} if the activity already had stock loaded
     */
    boolean load(long activityId, long[] shardStocks);

    /**
     * Executes {@code plan} for {@code orderId} with the semantics documented on {@link ShardPlan}, and records which
     * shard's units the order holds.
     *
     * @param activityId a loaded activity
     * @param orderId the order the units are for
     * @param quantity units wanted, at least one
     * @param plan the plan, whose shards all exist
     * @return what was taken and observed
     * @throws IllegalStateException if the activity was never loaded
     */
    TakeResult take(long activityId, long orderId, int quantity, ShardPlan plan);

    /**
     * @param activityId activity
     * @param orderId an order
     * @return the shard holding the order's units, empty if it holds none (never took, or was restored)
     */
    OptionalInt findTaken(long activityId, long orderId);

    /**
     * How many units an order holds on a shard, so that an admission resumed from the store's records (the first call
     * stopped between take and confirm) is confirmed with the units really taken, not those a retry asks for.
     *
     * @param activityId activity
     * @param orderId an order
     * @param shard the shard {@link #findTaken} reported for it
     * @return the units the order holds there; empty if it holds none there, or if the store does not record
     *     quantities (the default)
     */
    default OptionalInt findTakenQuantity(long activityId, long orderId, int shard) {
        return OptionalInt.empty();
    }

    /**
     * Gives an order's units back to the shard they came from, exactly once, and notifies restock listeners.
     *
     * @param activityId activity
     * @param orderId the order
     * @param shard the shard its units came from
     * @return {@code true} if units were given back now; {@code false} if the order held none there
     */
    boolean restore(long activityId, long orderId, int shard);

    /**
     * Adds units to one shard (re-sync from the ledger, waitlist top-up) and notifies restock listeners.
     *
     * @param activityId a loaded activity
     * @param shard shard index
     * @param units units to add, at least one
     */
    void addStock(long activityId, int shard, long units);

    /**
     * Units per shard. Units being stolen from one shard to another are never missing from the answer: a sum of zero
     * means the activity has no units left, which is what the engine's sold-out flag relies on.
     *
     * @param activityId activity
     * @return units per shard, or an empty array if the activity was never loaded
     */
    long[] remaining(long activityId);

    /**
     * Subscribes to stock coming back to any activity, on this JVM and, for shared backends, on every JVM.
     *
     * @param listener called with the activity id; must be fast and must not throw
     * @return a handle that unsubscribes
     */
    AutoCloseable onRestock(RestockListener listener);

    /**
     * Drops everything stored for an activity (after it ended and settled).
     *
     * @param activityId activity
     */
    void remove(long activityId);
}
