package io.github.seckill.engine;

import io.github.seckill.admission.ShardBitmapChange;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.shard.Shards;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this JVM's shard views in step with the bitmap every instance shares: publishes the shards this JVM saw empty
 * or restocked, and now and then (once per interval and activity, off the attempt's path) folds in what the others
 * saw. Without a shared bitmap it does nothing and each view learns alone.
 */
final class SharedRouting {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRouting.class);

    private final @Nullable SharedShardBitmap bitmap;
    private final long refreshMillis;

    SharedRouting(@Nullable SharedShardBitmap bitmap, long refreshMillis) {
        this.bitmap = bitmap;
        this.refreshMillis = refreshMillis;
    }

    static SharedRouting none() {
        return new SharedRouting(null, 0);
    }

    /** Starts a read of the shared bitmap when this activity's is due; its answer replaces the view's bits. */
    void refreshIfDue(ActivityState a, long now) {
        SharedShardBitmap b = bitmap;
        if (b == null || !a.claimSharedRead(now, refreshMillis)) {
            return;
        }
        try {
            b.emptyShards(a.id).whenComplete((empty, failure) -> {
                if (failure == null) {
                    a.applySharedEmpty(empty);
                } else {
                    LOG.debug("could not read the shared shard bitmap of activity {}", a.id, failure);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("could not read the shared shard bitmap of activity {}", a.id, e);
        }
    }

    /** Publishes what this JVM saw change; nothing when nothing did. */
    void changed(ActivityState a, long emptied, long restocked) {
        SharedShardBitmap b = bitmap;
        if (b == null || (emptied | restocked) == 0) {
            return;
        }
        try {
            b.update(new ShardBitmapChange(a.id, emptied & ~restocked, restocked, a.expiresAtMillis));
        } catch (RuntimeException e) {
            LOG.debug("could not update the shared shard bitmap of activity {}", a.id, e);
        }
    }

    /** Publishes the whole truth read from the backend: which shards hold stock. */
    void truth(ActivityState a, long[] remaining) {
        long stocked = 0;
        for (int i = 0; i < remaining.length && i < a.shardCount(); i++) {
            if (remaining[i] > 0) {
                stocked |= Shards.bit(i);
            }
        }
        changed(a, Shards.allMask(a.shardCount()) & ~stocked, stocked);
    }
}
