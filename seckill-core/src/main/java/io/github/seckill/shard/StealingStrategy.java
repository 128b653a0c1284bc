package io.github.seckill.shard;

import java.util.random.RandomGenerator;

/**
 * Stock stealing: take from a random shard; when it is empty, move half of a donor's units onto it and take again.
 * The donor is the shard last seen holding the most units, then the other shards the view marks as stocked, then the
 * rest, so a stale view costs probes but never leaves stock unsold. Stealing rebalances shards as they drain instead
 * of spreading buyers over more probes.
 */
final class StealingStrategy implements StockShardStrategy {

    private static final ShardPlan SINGLE_SHARD = ShardPlan.probing(0);

    @Override
    public ShardPlan plan(ShardView view, RandomGenerator random) {
        int n = view.shardCount();
        if (n == 1) {
            return SINGLE_SHARD;
        }
        int target = random.nextInt(n);
        long all = Shards.allMask(n);
        long others = all & ~Shards.bit(target);
        long stocked = view.stockedMask() & others;

        int richest = -1;
        long most = 0;
        for (long bits = stocked; bits != 0; bits &= bits - 1) {
            int s = Long.numberOfTrailingZeros(bits);
            long seen = view.lastSeenStock(s);
            if (richest < 0 || seen > most) {
                richest = s;
                most = seen;
            }
        }
        int[] donors = new int[n - 1];
        int k = 0;
        if (richest >= 0) {
            donors[k++] = richest;
            stocked &= ~Shards.bit(richest);
        }
        k = appendCyclic(donors, k, stocked, target, n);
        appendCyclic(donors, k, others & ~stocked & ~(richest >= 0 ? Shards.bit(richest) : 0), target, n);
        return ShardPlan.stealInto(target, donors);
    }

    /** Appends the shards of {@code mask} in cyclic order after {@code from}. */
    private static int appendCyclic(int[] out, int k, long mask, int from, int n) {
        for (int i = 1; i < n; i++) {
            int s = (from + i) % n;
            if ((mask & Shards.bit(s)) != 0) {
                out[k++] = s;
            }
        }
        return k;
    }

    @Override
    public String name() {
        return "stealing";
    }

    @Override
    public String toString() {
        return "StealingStrategy";
    }
}
