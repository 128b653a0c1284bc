package io.github.seckill.shard;

import java.util.random.RandomGenerator;

/**
 * Client-side polling: start at a random shard and probe the next ones in turn, at most {@code maxProbes} in all. Simple
 * and stateless; the price is that an attempt can fail while shards it did not probe still hold stock, so a few units
 * may stay unsold until later buyers find them. Every plan is built up front (about two thousand): choosing one
 * allocates nothing.
 */
final class PollingStrategy implements StockShardStrategy {

    private final int maxProbes;
    /** plans[n][start]: the plan for n shards starting at shard start; final, so safely published. */
    private final ShardPlan[][] plans = new ShardPlan[Shards.MAX_SHARDS + 1][];

    PollingStrategy(int maxProbes) {
        if (maxProbes < 1) {
            throw new IllegalArgumentException("maxProbes must be >= 1, was " + maxProbes);
        }
        this.maxProbes = maxProbes;
        for (int n = 1; n <= Shards.MAX_SHARDS; n++) {
            plans[n] = buildPlans(n);
        }
    }

    @Override
    public ShardPlan plan(ShardView view, RandomGenerator random) {
        int n = view.shardCount();
        return plans[n][n == 1 ? 0 : random.nextInt(n)];
    }

    private ShardPlan[] buildPlans(int n) {
        int probes = Math.min(maxProbes, n);
        ShardPlan[] byStart = new ShardPlan[n];
        for (int start = 0; start < n; start++) {
            int[] order = new int[probes];
            for (int i = 0; i < probes; i++) {
                order[i] = (start + i) % n;
            }
            byStart[start] = ShardPlan.probing(order);
        }
        return byStart;
    }

    @Override
    public String name() {
        return "polling";
    }

    @Override
    public String toString() {
        return "PollingStrategy{maxProbes=" + maxProbes + '}';
    }
}
