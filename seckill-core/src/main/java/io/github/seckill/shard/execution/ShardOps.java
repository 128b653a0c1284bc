package io.github.seckill.shard.execution;

/**
 * Per-shard atomic operations of one activity, for backends that can make each shard atomic but not a whole plan
 * (separate Redis Cluster slots, lock-free memory). {@link ShardPlanExecutor} runs a plan on top of them.
 */
public interface ShardOps {

    /**
     * Takes {@code quantity} units from {@code shard} if it holds at least that many, and records that {@code orderId}
     * holds them. If {@code orderId} already holds units on this shard, takes nothing more and reports success.
     *
     * @param shard shard index
     * @param quantity units wanted, at least one
     * @param orderId the order the units are for
     * @return units left on the shard after taking ({@code >= 0}) on success, or {@code -(units held) - 1} when the
     *     shard holds too few
     */
    long tryTake(int shard, int quantity, long orderId);

    /**
     * Moves half of {@code donor}'s units, rounded up, onto {@code target}. The donor is decremented before the target
     * is incremented, so a crash in between can only lose units (undersell, repaired by reconciliation), never
     * create them.
     *
     * @param donor the shard giving units
     * @param target the shard receiving them
     * @return units moved, {@code 0} when the donor was empty
     */
    long moveHalf(int donor, int target);
}
