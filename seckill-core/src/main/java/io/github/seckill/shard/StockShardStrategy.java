package io.github.seckill.shard;

import java.util.random.RandomGenerator;

/**
 * Decides, for one admission attempt, which stock shards to try and in which order, and what to do when they are
 * empty: probe further, route elsewhere, or steal. A strategy only <em>plans</em>; the backend executes the
 * {@link ShardPlan} atomically with the same semantics everywhere, so a strategy written once runs on every backend.
 *
 * <p>Implementations must be thread-safe and fast (they run on every attempt) and must only return plans whose shards
 * are below {@link ShardView#shardCount()}. Run seckill-tck's {@code StockShardStrategyContractTest} on your own
 * strategy to check it.
 */
public interface StockShardStrategy {

    /**
     * @param view what this JVM believes about the activity's shards
     * @param random a random source for this call (thread-confined)
     * @return the plan for one attempt
     */
    ShardPlan plan(ShardView view, RandomGenerator random);

    /** @return a short, stable name, used in logs, metrics and benchmark parameters */
    String name();
}
