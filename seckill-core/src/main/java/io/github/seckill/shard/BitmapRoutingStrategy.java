package io.github.seckill.shard;

import java.util.random.RandomGenerator;

/**
 * Server-side routing on a bitmap of shards that still hold stock: start at a random shard among those the
 * {@link ShardView} marks as stocked and probe only stocked shards after it, so buyers almost never meet "sold out"
 * while stock remains. When the view marks no shard at all, it probes every shard, which lets the engine learn the
 * truth (and confirm a sell-out) instead of trusting a stale hint.
 */
final class BitmapRoutingStrategy implements StockShardStrategy {

    @Override
    public ShardPlan plan(ShardView view, RandomGenerator random) {
        int n = view.shardCount();
        long stocked = view.stockedMask() & Shards.allMask(n);
        if (stocked == 0) {
            stocked = Shards.allMask(n);
        }
        int count = Long.bitCount(stocked);
        int[] probes = new int[count];
        // Rotate the stocked set so that the first probe is a uniformly random stocked shard.
        int skip = count == 1 ? 0 : random.nextInt(count);
        long rest = stocked;
        for (int i = 0; i < skip; i++) {
            rest &= rest - 1;
        }
        int k = 0;
        for (long bits = rest; bits != 0; bits &= bits - 1) {
            probes[k++] = Long.numberOfTrailingZeros(bits);
        }
        for (long bits = stocked & ~rest; bits != 0; bits &= bits - 1) {
            probes[k++] = Long.numberOfTrailingZeros(bits);
        }
        return ShardPlan.probing(probes);
    }

    @Override
    public String name() {
        return "bitmap";
    }

    @Override
    public String toString() {
        return "BitmapRoutingStrategy";
    }
}
