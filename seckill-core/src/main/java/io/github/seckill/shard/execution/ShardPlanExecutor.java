package io.github.seckill.shard.execution;

import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;

/** The reference execution of a {@link ShardPlan} over per-shard atomic {@link ShardOps}. */
public final class ShardPlanExecutor {

    private ShardPlanExecutor() {
    }

    /**
     * Executes {@code plan} for one order.
     *
     * @param plan the plan
     * @param quantity units wanted, at least one
     * @param orderId the order the units are for
     * @param ops the activity's shards
     * @return what was taken and observed
     */
    public static TakeResult execute(ShardPlan plan, int quantity, long orderId, ShardOps ops) {
        long empty = 0;
        long stocked = 0;
        for (int i = 0, n = plan.probeCount(); i < n; i++) {
            int shard = plan.probe(i);
            long left = ops.tryTake(shard, quantity, orderId);
            if (left >= 0) {
                return taken(shard, left, empty, stocked);
            }
            if (left == -1) {
                empty |= Shards.bit(shard);
            } else {
                stocked |= Shards.bit(shard);
            }
        }
        int target = plan.probe(0);
        for (int i = 0, n = plan.donorCount(); i < n; i++) {
            int donor = plan.donor(i);
            if (ops.moveHalf(donor, target) == 0) {
                empty |= Shards.bit(donor);
                continue;
            }
            long left = ops.tryTake(target, quantity, orderId);
            if (left >= 0) {
                return taken(target, left, empty & ~Shards.bit(target), stocked);
            }
            stocked |= Shards.bit(target);
            empty &= ~Shards.bit(target);
        }
        return TakeResult.none(empty, stocked);
    }

    private static TakeResult taken(int shard, long left, long empty, long stocked) {
        long bit = Shards.bit(shard);
        return left == 0
                ? new TakeResult(shard, 0, empty | bit, stocked & ~bit)
                : new TakeResult(shard, left, empty & ~bit, stocked | bit);
    }
}
