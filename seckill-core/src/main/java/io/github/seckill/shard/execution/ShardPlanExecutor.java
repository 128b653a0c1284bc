package io.github.seckill.shard.execution;

import io.github.seckill.admission.TakeRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;

/** The reference execution of a {@link ShardPlan} over per-shard atomic {@link ShardOps}. */
public final class ShardPlanExecutor {

    private ShardPlanExecutor() {
    }

    /**
     * Executes a take's plan for one order.
     *
     * @param request the take: its plan, order, buyer, quantity and time
     * @param ops the activity's shards
     * @return what was taken and observed
     */
    public static TakeResult execute(TakeRequest request, ShardOps ops) {
        ShardPlan plan = request.plan();
        long empty = 0;
        long stocked = 0;
        for (int i = 0, n = plan.probeCount(); i < n; i++) {
            int shard = plan.probe(i);
            long left = ops.tryTake(shard, request);
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
            long left = ops.tryTake(target, request);
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
