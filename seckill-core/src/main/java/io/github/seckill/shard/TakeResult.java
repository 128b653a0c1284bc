package io.github.seckill.shard;

/**
 * What executing a {@link ShardPlan} did and saw.
 *
 * @param shard the shard the units were taken from, or {@link #NONE} when no stock was found
 * @param remaining units left on {@code shard} after the take ({@code 0} when nothing was taken)
 * @param emptyMask shards observed holding no units at all
 * @param stockedMask shards observed still holding units after the operation
 */
public record TakeResult(int shard, long remaining, long emptyMask, long stockedMask) {

    /** The {@link #shard()} of a result that took nothing. */
    public static final int NONE = -1;

    /**
     * @param emptyMask shards observed empty
     * @param stockedMask shards observed holding units, though too few for the quantity
     * @return a result that took nothing
     */
    public static TakeResult none(long emptyMask, long stockedMask) {
        return new TakeResult(NONE, 0, emptyMask, stockedMask);
    }

    /** @return whether units were taken */
    public boolean taken() {
        return shard != NONE;
    }
}
