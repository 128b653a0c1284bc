package io.github.seckill.simulation;

import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardView;
import io.github.seckill.shard.StockShardStrategy;
import java.util.random.RandomGenerator;

/**
 * A built-in strategy on the simulation's seeded randomness instead of the engine's thread-local one, so that a seed
 * picks the same shards every time it runs.
 */
final class SeededStrategy implements StockShardStrategy {

    private final StockShardStrategy delegate;
    private final RandomGenerator random;

    SeededStrategy(StockShardStrategy delegate, RandomGenerator random) {
        this.delegate = delegate;
        this.random = random;
    }

    @Override
    public ShardPlan plan(ShardView view, RandomGenerator ignored) {
        return delegate.plan(view, random);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String toString() {
        return "seeded " + delegate.name();
    }
}
