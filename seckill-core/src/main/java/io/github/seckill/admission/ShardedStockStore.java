package io.github.seckill.admission;

import io.github.seckill.shard.TakeResult;
import java.util.Optional;

/**
 * Pre-deducted stock of an activity, split over shards, with the units each order took recorded (with its buyer and
 * time) so that every operation can be made idempotent by order id and a stranded admission can be queued again. No
 * shard's units ever go below zero.
 *
 * <p>Stock moves that are not tied to an order ({@link #addStock}, {@link #removeStock}) carry an operation id: a
 * client that re-sends a command after a reconnect cannot apply it twice.
 *
 * <p>Run seckill-tck's {@code ShardedStockStoreContractTest} on an implementation.
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
     * Executes the request's plan with the semantics documented on {@link io.github.seckill.shard.ShardPlan}, and
     * records which shard's units the order holds.
     *
     * @param request the take
     * @return what was taken and observed
     * @throws io.github.seckill.ActivityNotLoadedException if the activity is not loaded (never loaded, or lost)
     * @throws io.github.seckill.OrderIdConflictException if the order id holds units for another buyer
     */
    TakeResult take(TakeRequest request);

    /**
     * @param activityId activity
     * @param orderId an order
     * @return the units the order holds, empty if it holds none (never took, or was restored)
     */
    Optional<TakenUnits> findTaken(long activityId, long orderId);

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
     * Adds units to one shard (reconciliation, waitlist) and notifies restock listeners. Applied once per operation
     * id.
     *
     * @param activityId a loaded activity
     * @param shard shard index
     * @param units units to add, at least one
     * @param operationId unique per intended move; the same id again changes nothing
     */
    void addStock(long activityId, int shard, long units, String operationId);

    /**
     * Takes up to {@code units} units off the shards, never below zero (reconciliation, when admission holds more than
     * the ledger can still sell). Applied once per operation id.
     *
     * @param activityId a loaded activity
     * @param units units to take off, at least one
     * @param operationId unique per intended move; the same id again changes nothing and answers the first result
     * @return the units taken off: fewer when the shards held fewer
     */
    long removeStock(long activityId, long units, String operationId);

    /**
     * Units per shard. Units being stolen from one shard to another are never missing from the answer: a sum of zero
     * means the activity has no units left, which is what the engine's sold-out flag relies on.
     *
     * @param activityId activity
     * @return units per shard, or an empty array if the activity was never loaded
     */
    long[] remaining(long activityId);

    /**
     * Reads everything the store holds for an activity, for reconciliation (see {@link AdmissionStock}).
     *
     * @param activityId activity
     * @return the stock and the orders holding units, or {@link AdmissionStock#NOT_LOADED}
     */
    AdmissionStock snapshot(long activityId);

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
