package io.github.seckill.memory;

import io.github.seckill.admission.RestockListener;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;
import io.github.seckill.shard.execution.ShardOps;
import io.github.seckill.shard.execution.ShardPlanExecutor;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ShardedStockStore} on lock-free per-shard counters: each shard is one CAS word, so shards relieve contention
 * in memory as they do on Redis. Plans run through {@link ShardPlanExecutor}, the reference semantics.
 */
public final class InMemoryShardedStockStore implements ShardedStockStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryShardedStockStore.class);

    private record Taken(int shard, int quantity) {
    }

    private static final class Activity implements ShardOps {
        final AtomicLongArray units;
        final ConcurrentHashMap<Long, Taken> taken = new ConcurrentHashMap<>();
        /**
         * A steal is two atomic steps (donor down, then target up); snapshots exclude steals in progress so that
         * stolen units are never invisible to {@link #remaining}. Takes need no lock: they only lower counts.
         */
        final ReentrantReadWriteLock steals = new ReentrantReadWriteLock();

        Activity(long[] shardStocks) {
            this.units = new AtomicLongArray(shardStocks);
        }

        @Override
        public long tryTake(int shard, int quantity, long orderId) {
            Taken prior = taken.get(orderId);
            if (prior != null && prior.shard() == shard) {
                return units.get(shard);
            }
            while (true) {
                long v = units.get(shard);
                if (v < quantity) {
                    return -v - 1;
                }
                if (units.compareAndSet(shard, v, v - quantity)) {
                    taken.put(orderId, new Taken(shard, quantity));
                    return v - quantity;
                }
            }
        }

        @Override
        public long moveHalf(int donor, int target) {
            if (units.get(donor) == 0) {
                return 0;
            }
            steals.readLock().lock();
            try {
                while (true) {
                    long v = units.get(donor);
                    if (v == 0) {
                        return 0;
                    }
                    long moved = (v + 1) / 2;
                    if (units.compareAndSet(donor, v, v - moved)) {
                        units.addAndGet(target, moved);
                        return moved;
                    }
                }
            } finally {
                steals.readLock().unlock();
            }
        }

        long[] snapshot() {
            steals.writeLock().lock();
            try {
                long[] out = new long[units.length()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = units.get(i);
                }
                return out;
            } finally {
                steals.writeLock().unlock();
            }
        }
    }

    private final ConcurrentHashMap<Long, Activity> activities = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<RestockListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public boolean load(long activityId, long[] shardStocks) {
        Shards.checkShardCount(shardStocks.length);
        for (long s : shardStocks) {
            if (s < 0) {
                throw new IllegalArgumentException("shard stock must be >= 0, was " + s);
            }
        }
        return activities.putIfAbsent(activityId, new Activity(shardStocks)) == null;
    }

    @Override
    public TakeResult take(long activityId, long orderId, int quantity, ShardPlan plan) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, was " + quantity);
        }
        Activity a = activity(activityId);
        plan.checkFits(a.units.length());
        return ShardPlanExecutor.execute(plan, quantity, orderId, a);
    }

    @Override
    public OptionalInt findTaken(long activityId, long orderId) {
        Activity a = activities.get(activityId);
        Taken t = a == null ? null : a.taken.get(orderId);
        return t == null ? OptionalInt.empty() : OptionalInt.of(t.shard());
    }

    @Override
    public OptionalInt findTakenQuantity(long activityId, long orderId, int shard) {
        Activity a = activities.get(activityId);
        Taken t = a == null ? null : a.taken.get(orderId);
        return t == null || t.shard() != shard ? OptionalInt.empty() : OptionalInt.of(t.quantity());
    }

    @Override
    public boolean restore(long activityId, long orderId, int shard) {
        Activity a = activities.get(activityId);
        if (a == null) {
            return false;
        }
        Taken t = a.taken.get(orderId);
        if (t == null || t.shard() != shard || !a.taken.remove(orderId, t)) {
            return false;
        }
        a.units.addAndGet(shard, t.quantity());
        notifyRestock(activityId);
        return true;
    }

    @Override
    public void addStock(long activityId, int shard, long units) {
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, was " + units);
        }
        Activity a = activity(activityId);
        if (shard < 0 || shard >= a.units.length()) {
            throw new IllegalArgumentException("shard " + shard + " outside 0.." + (a.units.length() - 1));
        }
        a.units.addAndGet(shard, units);
        notifyRestock(activityId);
    }

    @Override
    public long[] remaining(long activityId) {
        Activity a = activities.get(activityId);
        if (a == null) {
            return new long[0];
        }
        return a.snapshot();
    }

    @Override
    public AutoCloseable onRestock(RestockListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void remove(long activityId) {
        activities.remove(activityId);
    }

    private Activity activity(long activityId) {
        Activity a = activities.get(activityId);
        if (a == null) {
            throw new IllegalStateException("activity " + activityId + " has no stock loaded");
        }
        return a;
    }

    private void notifyRestock(long activityId) {
        for (RestockListener l : listeners) {
            try {
                l.restocked(activityId);
            } catch (RuntimeException e) {
                LOG.warn("restock listener failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryShardedStockStore{activities=" + activities.size() + '}';
    }
}
