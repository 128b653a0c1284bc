package io.github.seckill.memory;

import io.github.seckill.admission.ShardBitmapChange;
import io.github.seckill.admission.SharedShardBitmap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The shared shard bitmap of the engines of one JVM (or of tests): a map of masks. */
public final class InMemorySharedShardBitmap implements SharedShardBitmap {

    private final Map<Long, Long> empty = new ConcurrentHashMap<>();

    /** An empty bitmap. */
    public InMemorySharedShardBitmap() {
    }

    @Override
    public CompletionStage<Long> emptyShards(long activityId) {
        return CompletableFuture.completedFuture(empty.getOrDefault(activityId, 0L));
    }

    @Override
    public void update(ShardBitmapChange change) {
        empty.merge(change.activityId(), change.emptied(), (was, ignored) -> (was | change.emptied())
                & ~change.restocked());
    }
}
