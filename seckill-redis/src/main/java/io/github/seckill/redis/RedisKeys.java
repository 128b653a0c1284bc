package io.github.seckill.redis;

/**
 * The key names of the backend, all starting with {@code <prefix>:<activity>:} so that an activity's keys can be found
 * with one pattern:
 *
 * <ul>
 *   <li>{@code <prefix>:<activity>:user:<user>}: a user's slot. No hash tag on purpose: a per-activity tag would put
 *       every buyer of an activity into one cluster slot, the hot key sharding exists to avoid. Slots hash on their
 *       whole name and spread over the cluster.</li>
 *   <li>{@code <prefix>:<activity>:stock:{<tag>}}: units left on one shard, and
 *       {@code <prefix>:<activity>:orders:{<tag>}}: which orders hold units there. The same tag puts both in one slot,
 *       so that one script takes units and records the order atomically; each shard has its own tag so that shards
 *       land on different masters (see {@link ShardPlacement}). On a cluster, {@code <prefix>:<activity>:transit:{<tag>}}
       counts the units a steal moves between two shards' slots while they are on the way (see
       {@link ClusterShardOps}).</li>
 *   <li>{@code <prefix>:<activity>:waitlist:{<tag>}}: the buyers waiting for released units of the shard, in its
 *       slot so that one script hands a released unit to the next buyer (see {@link RedisWaitlist}).
 *       {@code <prefix>:<activity>:status} is the pub/sub channel of the activity's order updates.</li>
 *   <li>{@code <prefix>:<activity>:empty-shards}: the shards some instance last saw empty, a hint every instance
 *       routes by (see {@link RedisSharedShardBitmap}).</li>
 *   <li>{@code <prefix>:<activity>:meta}: the shards' tags and initial stock, written once by the first load. It
 *       remembers that an activity was loaded even when every shard is at zero.</li>
 * </ul>
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String user(long activityId, long userId) {
        return userKeyStart(activityId) + userId;
    }

    /** @return what every user slot key of the activity starts with: the user id follows */
    String userKeyStart(long activityId) {
        return prefix + ':' + activityId + ":user:";
    }

    String meta(long activityId) {
        return prefix + ':' + activityId + ":meta";
    }

    String stock(long activityId, String tag) {
        return prefix + ':' + activityId + ":stock:{" + tag + '}';
    }

    String orders(long activityId, String tag) {
        return prefix + ':' + activityId + ":orders:{" + tag + '}';
    }

    String transit(long activityId, String tag) {
        return prefix + ':' + activityId + ":transit:{" + tag + '}';
    }

    String waitlist(long activityId, String tag) {
        return prefix + ':' + activityId + ":waitlist:{" + tag + '}';
    }

    /** @return the bitmap of the activity's shards last seen empty, which every instance routes by */
    String emptyShards(long activityId) {
        return prefix + ':' + activityId + ":empty-shards";
    }

    String status(long activityId) {
        return prefix + ':' + activityId + ":status";
    }

    /**
     * @return the key remembering a stock move's result by operation id, in the shard's slot: a move re-sent after a
     *     reconnect finds it and changes nothing
     */
    String operation(long activityId, String tag, String operationId) {
        return prefix + ':' + activityId + ":op:{" + tag + "}:" + operationId;
    }

    /** @return a pattern matching every key of the activity */
    String activityPattern(long activityId) {
        return prefix + ':' + activityId + ":*";
    }

    /**
     * @param activityId activity
     * @param shard shard index
     * @param salt {@code 0} for the plain tag, more to move the shard to another cluster slot
     * @return the hash tag of the shard
     */
    static String tag(long activityId, int shard, int salt) {
        return salt == 0 ? activityId + "#" + shard : activityId + "#" + shard + "~" + salt;
    }
}
