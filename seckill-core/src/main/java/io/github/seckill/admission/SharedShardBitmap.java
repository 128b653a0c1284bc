package io.github.seckill.admission;

import java.util.concurrent.CompletionStage;

/**
 * The bitmap of an activity's shards that have run dry, shared by every instance of a sale: what one instance learns
 * when a shard empties (or holds stock again) the others route by, so that an instance that never saw a shard run dry
 * stops probing it. Like {@link io.github.seckill.shard.ShardView} it is a hint: a stale bit costs a probe, never a
 * unit, because shards are taken from atomically. Failures are therefore swallowed by callers; implementations may
 * throw, or fail the stage, when their backend is down.
 */
public interface SharedShardBitmap {

    /**
     * @param activityId the activity
     * @return bit {@code i} set when shard {@code i} was last seen empty; 0 when nothing is known
     */
    CompletionStage<Long> emptyShards(long activityId);

    /**
     * Records what an instance saw change; best effort, asynchronous.
     *
     * @param change the shards that emptied and those that hold stock again
     */
    void update(ShardBitmapChange change);
}
