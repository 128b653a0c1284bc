package io.github.seckill.redis;

import io.github.seckill.admission.ShardBitmapChange;
import io.github.seckill.admission.SharedShardBitmap;
import io.lettuce.core.BitFieldArgs;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared shard bitmap in one Redis key per activity, {@code <prefix>:<activity>:empty-shards}: bit {@code i} (from
 * the first byte's high bit, as SETBIT counts) set when shard {@code i} was last seen empty. Updates set and clear bits
 * with one BITFIELD; a read is one BITFIELD GET of 64 bits. It expires with the activity's other data.
 */
final class RedisSharedShardBitmap implements SharedShardBitmap {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedShardBitmap.class);

    private final RedisCalls redis;
    private final RedisKeys keys;

    RedisSharedShardBitmap(RedisCalls redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletionStage<Long> emptyShards(long activityId) {
        String key = keys.emptyShards(activityId);
        return redis.<List<Long>>send(() -> redis.commands().bitfield(key,
                        BitFieldArgs.Builder.get(BitFieldArgs.signed(64), 0)))
                // Redis numbers bits from the high end: shard i is the long's bit 63 - i.
                .thenApply(reply -> reply.isEmpty() || reply.get(0) == null ? 0L : Long.reverse(reply.get(0)));
    }

    @Override
    public void update(ShardBitmapChange change) {
        if ((change.emptied() | change.restocked()) == 0) {
            return;
        }
        BitFieldArgs args = new BitFieldArgs();
        for (long bits = change.emptied() | change.restocked(); bits != 0; bits &= bits - 1) {
            int shard = Long.numberOfTrailingZeros(bits);
            args.set(BitFieldArgs.unsigned(1), shard, (change.emptied() >>> shard & 1) == 1 ? 1 : 0);
        }
        String key = keys.emptyShards(change.activityId());
        redis.<List<Long>>send(() -> redis.commands().bitfield(key, args))
                .thenCompose(ignored -> redis.<Boolean>send(() -> redis.commands().pexpireat(key,
                        change.expiresAtMillis())))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.debug("could not update the shared shard bitmap of activity {}", change.activityId(),
                                failure);
                    }
                });
    }
}
