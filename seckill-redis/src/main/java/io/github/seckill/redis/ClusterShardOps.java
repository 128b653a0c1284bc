package io.github.seckill.redis;

import io.github.seckill.shard.ShardOps;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-shard steps of a plan on Redis Cluster, where each shard's two keys share a slot but different shards do
 * not: each step is one atomic script on one slot.
 *
 * <ul>
 *   <li>{@link #tryTake}: checks the shard's units and, if enough, decrements them and records the order in the same
 *       slot, all in one script. Units never go below zero, and an order that already holds units there takes
 *       nothing more, so a retried step cannot take twice.</li>
 *   <li>{@link #moveHalf}: steals in two steps on two slots, the donor decremented first, the target incremented
 *       after. Between them the units are in neither shard, so a concurrent attempt can only find less stock, never
 *       more: no oversell. If the increment fails, those units are lost to admission (undersell, logged with the
 *       numbers so that a reconciliation against the ledger can add them back).</li>
 * </ul>
 */
final class ClusterShardOps implements ShardOps {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterShardOps.class);

    private final RedisCalls redis;
    private final ShardLayout layout;

    ClusterShardOps(RedisCalls redis, ShardLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    @Override
    public long tryTake(int shard, int quantity, long orderId) {
        return RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER,
                        new String[] {layout.stockKey(shard), layout.orderKey(shard)},
                        "try_take", Integer.toString(quantity), Long.toString(orderId)),
                RedisCalls.Kind.ADMISSION, "take of order " + orderId + " in activity " + layout.activityId());
    }

    @Override
    public long moveHalf(int donor, int target) {
        long moved = RedisCalls.await(
                redis.<Long>script(ScriptOutputType.INTEGER, new String[] {layout.stockKey(donor)}, "take_half"),
                RedisCalls.Kind.ADMISSION, "steal from shard " + donor + " of activity " + layout.activityId());
        if (moved == 0) {
            return 0;
        }
        String targetKey = layout.stockKey(target);
        try {
            RedisCalls.await(redis.send(() -> redis.commands().incrby(targetKey, moved)), RedisCalls.Kind.ADMISSION,
                    "steal into shard " + target + " of activity " + layout.activityId());
        } catch (RuntimeException e) {
            LOG.error("{} units of activity {} left shard {} but may not have reached shard {}; if {} does not hold "
                    + "them, reconciliation must add them back", moved, layout.activityId(), donor, target,
                    targetKey, e);
            throw e;
        }
        return moved;
    }
}
