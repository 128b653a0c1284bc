package io.github.seckill.shard;

/** Constants and small helpers about shard indexes and shard bitmasks. */
public final class Shards {

    /** The most shards an activity may have: a shard set fits in one {@code long} bitmask. */
    public static final int MAX_SHARDS = 64;

    private Shards() {
    }

    /**
     * @param shardCount number of shards, 1 to {@value #MAX_SHARDS}
     * @return a mask with the low {@code shardCount} bits set
     */
    public static long allMask(int shardCount) {
        return shardCount == MAX_SHARDS ? -1L : (1L << shardCount) - 1;
    }

    /**
     * @param shard a shard index
     * @return the mask bit of that shard
     */
    public static long bit(int shard) {
        return 1L << shard;
    }

    /**
     * Splits stock as evenly as possible: every shard gets {@code total / shards}, the first {@code total % shards}
     * shards one more.
     *
     * @param totalStock units to split, zero or more
     * @param shardCount number of shards, 1 to {@value #MAX_SHARDS}
     * @return units per shard, summing to {@code totalStock}
     */
    public static long[] split(long totalStock, int shardCount) {
        checkShardCount(shardCount);
        if (totalStock < 0) {
            throw new IllegalArgumentException("totalStock must be >= 0, was " + totalStock);
        }
        long[] parts = new long[shardCount];
        long base = totalStock / shardCount;
        long extra = totalStock % shardCount;
        for (int i = 0; i < shardCount; i++) {
            parts[i] = base + (i < extra ? 1 : 0);
        }
        return parts;
    }

    /**
     * @param shardCount a shard count to check
     * @throws IllegalArgumentException unless 1 to {@value #MAX_SHARDS}
     */
    public static void checkShardCount(int shardCount) {
        if (shardCount < 1 || shardCount > MAX_SHARDS) {
            throw new IllegalArgumentException("shard count must be 1.." + MAX_SHARDS + ", was " + shardCount);
        }
    }
}
