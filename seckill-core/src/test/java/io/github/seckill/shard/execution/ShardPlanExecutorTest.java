package io.github.seckill.shard.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.TakeRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;
import org.junit.jupiter.api.Test;

/** The reference plan semantics, on a trivial single-threaded shard array. */
class ShardPlanExecutorTest {

    private static final class ArrayShards implements ShardOps {
        final long[] units;

        ArrayShards(long... units) {
            this.units = units;
        }

        @Override
        public long tryTake(int shard, TakeRequest r) {
            if (units[shard] < r.quantity()) {
                return -units[shard] - 1;
            }
            units[shard] -= r.quantity();
            return units[shard];
        }

        @Override
        public long moveHalf(int donor, int target) {
            long moved = (units[donor] + 1) / 2;
            units[donor] -= moved;
            units[target] += moved;
            return moved;
        }
    }

    private static TakeRequest take(ShardPlan plan, int quantity) {
        return new TakeRequest(1, 1, 1, quantity, plan, 0);
    }

    @Test
    void takesFromTheFirstProbeWithEnoughAndReportsWhatItSaw() {
        ArrayShards shards = new ArrayShards(0, 1, 4);
        TakeResult r = ShardPlanExecutor.execute(take(ShardPlan.probing(0, 1, 2), 2), shards);
        assertThat(r).isEqualTo(new TakeResult(2, 2, Shards.bit(0), Shards.bit(1) | Shards.bit(2)));
        assertThat(shards.units).containsExactly(0, 1, 2);
    }

    @Test
    void marksTheShardItDrainedAsEmpty() {
        TakeResult r = ShardPlanExecutor.execute(take(ShardPlan.probing(0), 1), new ArrayShards(1));
        assertThat(r).isEqualTo(new TakeResult(0, 0, Shards.bit(0), 0));
    }

    @Test
    void stealsUntilTheTargetHoldsEnough() {
        ArrayShards shards = new ArrayShards(0, 1, 0, 6);
        TakeResult r = ShardPlanExecutor.execute(take(ShardPlan.stealInto(0, 1, 2, 3), 2), shards);
        assertThat(r.shard()).isZero();
        assertThat(shards.units).containsExactly(2, 0, 0, 3);
        assertThat(r.emptyMask() & Shards.bit(2)).isNotZero();
    }

    @Test
    void findsNothingWhenEverythingIsEmpty() {
        TakeResult r = ShardPlanExecutor.execute(take(ShardPlan.stealInto(0, 1), 1), new ArrayShards(0, 0));
        assertThat(r.taken()).isFalse();
        assertThat(r.emptyMask()).isEqualTo(Shards.allMask(2));
    }
}
