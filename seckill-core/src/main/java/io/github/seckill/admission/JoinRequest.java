package io.github.seckill.admission;

/**
 * A buyer asking to wait for released units, as handed to {@link Waitlist#join}.
 *
 * @param activityId activity
 * @param userId buyer, positive
 * @param capacity the most buyers the activity's waitlist holds, at least one; each of its {@code n} shards holds up
 *     to {@code ceil(capacity / n)}
 * @param nowMillis the time of joining, epoch millis: it orders the waitlist
 * @param untilMillis when the waitlist ends (the activity's end), epoch millis: its data may be dropped after it
 */
public record JoinRequest(long activityId, long userId, int capacity, long nowMillis, long untilMillis) {

    /** @throws IllegalArgumentException on a non-positive user or capacity, or an end before now */
    public JoinRequest {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive, was " + userId);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        if (untilMillis <= nowMillis) {
            throw new IllegalArgumentException("untilMillis must be after nowMillis");
        }
    }

    /**
     * @param shards the activity's shard count
     * @return how many buyers one shard's waitlist holds
     */
    public int capacityPerShard(int shards) {
        return (capacity + shards - 1) / shards;
    }

    /**
     * @param userId a buyer
     * @param shards the activity's shard count
     * @return the shard the buyer waits on
     */
    public static int shardOf(long userId, int shards) {
        return (int) Math.floorMod(userId, (long) shards);
    }
}
