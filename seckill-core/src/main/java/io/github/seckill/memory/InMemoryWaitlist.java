package io.github.seckill.memory;

import io.github.seckill.admission.HandOver;
import io.github.seckill.admission.HandOverRequest;
import io.github.seckill.admission.JoinRequest;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.Waitlist;
import java.util.OptionalLong;

/**
 * {@link Waitlist} in memory, kept with the activities of an {@link InMemoryShardedStockStore} (get it from
 * {@link InMemoryShardedStockStore#waitlist()}): a hand-over moves units between a released order, new orders and a
 * shard under the store's locks, atomic as on Redis. Dropped with the activity.
 */
public final class InMemoryWaitlist implements Waitlist {

    private final InMemoryShardedStockStore store;

    InMemoryWaitlist(InMemoryShardedStockStore store) {
        this.store = store;
    }

    @Override
    public JoinResult join(JoinRequest request) {
        return store.join(request);
    }

    @Override
    public HandOver handOver(HandOverRequest request) {
        return store.handOver(request);
    }

    @Override
    public OptionalLong position(long activityId, long userId) {
        return store.position(activityId, userId);
    }

    @Override
    public boolean leave(long activityId, long userId) {
        return store.leave(activityId, userId);
    }

    @Override
    public long size(long activityId) {
        return store.waiting(activityId);
    }
}
