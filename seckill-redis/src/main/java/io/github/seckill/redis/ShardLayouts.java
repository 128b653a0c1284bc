package io.github.seckill.redis;

import io.github.seckill.ActivityNotLoadedException;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads activities and remembers their {@link ShardLayout}s. A layout never changes once an activity is loaded, so
 * each JVM reads it from the meta key once and keeps it until the activity is removed.
 */
final class ShardLayouts {

    private final RedisCalls redis;
    private final RedisKeys keys;
    private final ShardPlacement placement;
    private final ConcurrentHashMap<Long, ShardLayout> known = new ConcurrentHashMap<>();

    ShardLayouts(RedisCalls redis, RedisKeys keys, ShardPlacement placement) {
        this.redis = redis;
        this.keys = keys;
        this.placement = placement;
    }

    /**
     * Loads an activity once. The first call writes the meta key (tags and initial stock) atomically; every call,
     * the first included, then creates the shard keys that do not exist yet from what the meta key says. So a
     * loader that crashed half-way is completed by the next one, concurrent loaders agree, and a shard sold down to
     * zero is never overwritten: the meta key remembers the load even when all shards are at zero.
     *
     * @param activityId activity
     * @param shardStocks units per shard
     * @return whether this call wrote the meta key
     */
    boolean load(long activityId, long[] shardStocks) {
        String[] tags = placement.tags(keys, activityId, shardStocks.length);
        StringBuilder stocks = new StringBuilder();
        for (long s : shardStocks) {
            stocks.append(stocks.length() == 0 ? "" : ",").append(s);
        }
        List<Object> reply = RedisCalls.await(
                redis.<List<Object>>script(ScriptOutputType.MULTI, new String[] {keys.meta(activityId)},
                        ScriptOp.LOAD, String.join(",", tags), stocks.toString()),
                RedisCalls.Kind.OTHER, "load of activity " + activityId);
        boolean created = (Long) reply.get(0) == 1L;
        String[] storedTags = ((String) reply.get(1)).split(",");
        String[] storedStocks = ((String) reply.get(2)).split(",");
        ShardLayout layout = new ShardLayout(activityId, storedTags, keys);
        List<CompletableFuture<String>> creates = new ArrayList<>();
        for (int i = 0; i < layout.shards(); i++) {
            String key = layout.stockKey(i);
            String units = storedStocks[i];
            creates.add(redis.send(() -> redis.commands().set(key, units, SetArgs.Builder.nx())));
        }
        RedisCalls.await(CompletableFuture.allOf(creates.toArray(new CompletableFuture<?>[0])), RedisCalls.Kind.OTHER,
                "load of activity " + activityId);
        known.put(activityId, layout);
        return created;
    }

    /**
     * @param activityId activity
     * @return its layout, empty if it was never loaded
     */
    Optional<ShardLayout> find(long activityId) {
        ShardLayout layout = known.get(activityId);
        if (layout != null) {
            return Optional.of(layout);
        }
        String tags = RedisCalls.await(redis.send(() -> redis.commands().hget(keys.meta(activityId), "tags")),
                RedisCalls.Kind.OTHER, "layout of activity " + activityId);
        if (tags == null) {
            return Optional.empty();
        }
        layout = new ShardLayout(activityId, tags.split(","), keys);
        ShardLayout raced = known.putIfAbsent(activityId, layout);
        return Optional.of(raced != null ? raced : layout);
    }

    /**
     * @param activityId a loaded activity
     * @return its layout
     * @throws ActivityNotLoadedException if Redis holds no data for it
     */
    ShardLayout require(long activityId) {
        return find(activityId).orElseThrow(() -> new ActivityNotLoadedException("redis", activityId));
    }

    /** Forgets an activity's layout, after it was removed or found missing. */
    void forget(long activityId) {
        known.remove(activityId);
    }

    /** @return the activities this JVM knows a layout of */
    Set<Long> knownActivities() {
        return Set.copyOf(known.keySet());
    }
}
