package io.github.seckill.redis;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the hash tags of an activity's shards when it is first loaded.
 *
 * <p>On standalone Redis the tag is simply {@code <activity>#<shard>}. On Redis Cluster a shard's tag decides its slot
 * and so its master; shards exist to spread one activity's load, which only works if they sit on different masters.
 * So each shard gets the first of {@code <activity>#<shard>}, {@code <activity>#<shard>~1}, {@code ~2}, ... whose slot
 * (CRC16, as Lettuce's {@link SlotHash} computes it) belongs to a master holding the fewest of the activity's shards so
 * far in the client's slot map. With no more shards than masters every shard gets its own master; with more they
 * spread evenly, the counts per master differing by at most one. The tags are stored in the activity's meta key, so
 * every JVM uses the same ones even if the slot map changes later: a resharding moves keys with their slots, which
 * may unbalance shards but never breaks anything.
 */
final class ShardPlacement {

    /** Far more than needed: with three masters a free one is hit within a few salts. */
    private static final int MAX_SALT = 10_000;

    private final @Nullable Supplier<Partitions> slotMap;

    private ShardPlacement(@Nullable Supplier<Partitions> slotMap) {
        this.slotMap = slotMap;
    }

    static ShardPlacement singleNode() {
        return new ShardPlacement(null);
    }

    static ShardPlacement cluster(Supplier<Partitions> slotMap) {
        return new ShardPlacement(slotMap);
    }

    /**
     * @param keys key names
     * @param activityId activity
     * @param shards number of shards
     * @return a tag per shard
     */
    String[] tags(RedisKeys keys, long activityId, int shards) {
        String[] tags = new String[shards];
        if (slotMap == null) {
            for (int i = 0; i < shards; i++) {
                tags[i] = RedisKeys.tag(activityId, i, 0);
            }
            return tags;
        }
        Partitions partitions = slotMap.get();
        Map<String, Integer> shardsPerMaster = new HashMap<>();
        for (RedisClusterNode node : partitions) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.hasNoSlots()) {
                shardsPerMaster.put(node.getNodeId(), 0);
            }
        }
        for (int i = 0; i < shards; i++) {
            tags[i] = RedisKeys.tag(activityId, i, 0);
            if (shardsPerMaster.isEmpty()) {
                continue;
            }
            int fewest = shardsPerMaster.values().stream().min(Integer::compare).orElse(0);
            for (int salt = 0; salt <= MAX_SALT; salt++) {
                String tag = RedisKeys.tag(activityId, i, salt);
                RedisClusterNode master = partitions.getMasterBySlot(SlotHash.getSlot(keys.stock(activityId, tag)));
                Integer held = master == null ? null : shardsPerMaster.get(master.getNodeId());
                if (held != null && held == fewest) {
                    tags[i] = tag;
                    shardsPerMaster.put(master.getNodeId(), held + 1);
                    break;
                }
            }
        }
        return tags;
    }
}
