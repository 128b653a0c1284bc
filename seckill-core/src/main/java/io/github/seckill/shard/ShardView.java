package io.github.seckill.shard;

/**
 * What this JVM believes about an activity's shards: which still hold stock and how much was last seen on each. It is
 * a hint, refreshed from every admission's {@link TakeResult}, never a source of truth; a strategy that acts on a stale
 * view only costs a wasted probe, because backends check the real stock atomically.
 */
public interface ShardView {

    /** @return the activity's number of shards, 1 to {@value Shards#MAX_SHARDS} */
    int shardCount();

    /** @return bit {@code i} set when shard {@code i} is believed to still hold stock */
    long stockedMask();

    /**
     * @param shard a shard index
     * @return units last seen on that shard, or {@code -1} when never observed
     */
    long lastSeenStock(int shard);

    /**
     * A fixed view, for tests and for strategies' own unit tests.
     *
     * @param shardCount number of shards
     * @param stockedMask shards believed to hold stock
     * @param lastSeen units last seen per shard ({@code -1} for unknown); may be shorter than {@code shardCount}
     * @return an immutable view
     */
    static ShardView fixed(int shardCount, long stockedMask, long... lastSeen) {
        Shards.checkShardCount(shardCount);
        long[] seen = lastSeen.clone();
        return new ShardView() {
            @Override
            public int shardCount() {
                return shardCount;
            }

            @Override
            public long stockedMask() {
                return stockedMask & Shards.allMask(shardCount);
            }

            @Override
            public long lastSeenStock(int shard) {
                return shard < seen.length ? seen[shard] : -1;
            }
        };
    }
}
