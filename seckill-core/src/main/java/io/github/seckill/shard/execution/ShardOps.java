package io.github.seckill.shard.execution;

import io.github.seckill.admission.TakeRequest;

/**
 * Per-shard atomic operations of one activity, for backends that can make each shard atomic but not a whole plan
 * (separate Redis Cluster slots, lock-free memory). {@link ShardPlanExecutor} runs a plan on top of them.
 */
public interface ShardOps {

    /**
     * Takes the request's quantity from {@code shard} if it holds at least that many, and records that the request's
     * order holds them, with its buyer and time. If the order already holds units on this shard, takes nothing more
     * and reports success.
     *
     * @param shard shard index
     * @param request the order, its buyer, quantity and time
     * @return units left on the shard after taking ({@code >= 0}) on success, or {@code -(units held) - 1} when the
     *     shard holds too few
     * @throws io.github.seckill.OrderIdConflictException if the order id holds units there for another buyer
     */
    long tryTake(int shard, TakeRequest request);

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
