package io.github.seckill.memory;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.OrderIdConflictException;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.HandOver;
import io.github.seckill.admission.HandOverRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.JoinRequest;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.RestockListener;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;
import io.github.seckill.shard.execution.ShardOps;
import io.github.seckill.shard.execution.ShardPlanExecutor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.StampedLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ShardedStockStore} on lock-free per-shard counters: each shard is one CAS word, so shards relieve contention
 * in memory as they do on Redis. Plans run through {@link ShardPlanExecutor}, the reference semantics.
 */
public final class InMemoryShardedStockStore implements ShardedStockStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryShardedStockStore.class);
    /** Operation ids remembered per activity; older ones are forgotten first. */
    private static final int MAX_OPERATIONS = 10_000;

    private static final class Activity implements ShardOps {
        final AtomicLongArray units;
        final ConcurrentHashMap<Long, TakenUnits> taken = new ConcurrentHashMap<>();
        /**
         * Moves between a shard and a record (take, restore) and steals (donor down, then target up) are two atomic
         * steps each; they run under the read lock, and snapshots under the write lock, so that a snapshot never sees
         * units that are on neither side.
         */
        final StampedLock moves = new StampedLock();
        /** Results of stock moves by operation id, so that a move sent twice applies once. */
        final LinkedHashMap<String, Long> operations = new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > MAX_OPERATIONS;
            }
        };

        /** Each shard's waitlist, oldest first; guarded by itself. */
        final List<LinkedHashSet<Long>> waiting = new ArrayList<>();

        Activity(long[] shardStocks) {
            this.units = new AtomicLongArray(shardStocks);
            for (int i = 0; i < shardStocks.length; i++) {
                waiting.add(new LinkedHashSet<>());
            }
        }

        @Override
        public long tryTake(int shard, TakeRequest r) {
            TakenUnits prior = taken.get(r.orderId());
            if (prior != null) {
                if (prior.userId() != r.userId()) {
                    throw new OrderIdConflictException(r.orderId(), "order " + r.orderId() + " holds units for user "
                            + prior.userId() + ", not " + r.userId());
                }
                if (prior.shard() == shard) {
                    return units.get(shard);
                }
            }
            while (true) {
                long v = units.get(shard);
                if (v < r.quantity()) {
                    return -v - 1;
                }
                if (units.compareAndSet(shard, v, v - r.quantity())) {
                    taken.put(r.orderId(),
                            new TakenUnits(r.orderId(), r.userId(), shard, r.quantity(), r.nowMillis()));
                    return v - r.quantity();
                }
            }
        }

        @Override
        public long moveHalf(int donor, int target) {
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
        }

        long[] unitsNow() {
            long[] out = new long[units.length()];
            for (int i = 0; i < out.length; i++) {
                out[i] = units.get(i);
            }
            return out;
        }

        /** Takes up to {@code wanted} units off the shards, the fullest first, never below zero. */
        long takeOff(long wanted) {
            long removed = 0;
            while (removed < wanted) {
                int fullest = -1;
                for (int i = 0; i < units.length(); i++) {
                    if (units.get(i) > 0 && (fullest < 0 || units.get(i) > units.get(fullest))) {
                        fullest = i;
                    }
                }
                if (fullest < 0) {
                    return removed;
                }
                long v = units.get(fullest);
                long cut = Math.min(v, wanted - removed);
                if (units.compareAndSet(fullest, v, v - cut)) {
                    removed += cut;
                }
            }
            return removed;
        }
    }

    private final ConcurrentHashMap<Long, Activity> activities = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<RestockListener> listeners = new CopyOnWriteArrayList<>();
    private final InMemoryWaitlist waitlist = new InMemoryWaitlist(this);

    /** @return the waitlist kept with this store's activities */
    public InMemoryWaitlist waitlist() {
        return waitlist;
    }

    /** A store with no activity yet. */
    public InMemoryShardedStockStore() {
    }

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
    public TakeResult take(TakeRequest request) {
        if (request.quantity() < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, was " + request.quantity());
        }
        Activity a = activity(request.activityId());
        request.plan().checkFits(a.units.length());
        long stamp = a.moves.readLock();
        try {
            return ShardPlanExecutor.execute(request, a);
        } finally {
            a.moves.unlockRead(stamp);
        }
    }

    @Override
    public Optional<TakenUnits> findTaken(long activityId, long orderId) {
        Activity a = activities.get(activityId);
        return a == null ? Optional.empty() : Optional.ofNullable(a.taken.get(orderId));
    }

    @Override
    public boolean restore(long activityId, long orderId, int shard) {
        Activity a = activities.get(activityId);
        if (a == null) {
            return false;
        }
        long stamp = a.moves.readLock();
        try {
            TakenUnits t = a.taken.get(orderId);
            if (t == null || t.shard() != shard || !a.taken.remove(orderId, t)) {
                return false;
            }
            a.units.addAndGet(shard, t.quantity());
        } finally {
            a.moves.unlockRead(stamp);
        }
        notifyRestock(activityId);
        return true;
    }

    /** The waitlist's join, on this store's activity data. */
    JoinResult join(JoinRequest r) {
        Activity a = activity(r.activityId());
        int shards = a.units.length();
        LinkedHashSet<Long> queue = a.waiting.get(JoinRequest.shardOf(r.userId(), shards));
        synchronized (queue) {
            if (queue.contains(r.userId())) {
                return new JoinResult(JoinResult.Outcome.ALREADY_WAITING, positionIn(queue, r.userId()));
            }
            if (queue.size() >= r.capacityPerShard(shards)) {
                return JoinResult.refused(JoinResult.Outcome.FULL);
            }
            queue.add(r.userId());
            return new JoinResult(JoinResult.Outcome.JOINED, queue.size());
        }
    }

    private static long positionIn(LinkedHashSet<Long> queue, long userId) {
        long position = 1;
        for (long waiting : queue) {
            if (waiting == userId) {
                return position;
            }
            position++;
        }
        return 0;
    }

    /**
     * The waitlist's hand-over: under the read lock, like every move between a record and a shard, so that a snapshot
     * sees each unit on exactly one side.
     */
    HandOver handOver(HandOverRequest r) {
        HeldUnits released = r.released();
        Activity a = activities.get(released.activityId());
        if (a == null) {
            return HandOver.NOTHING;
        }
        List<TakenUnits> offers = new ArrayList<>();
        int restored;
        long stamp = a.moves.readLock();
        try {
            TakenUnits t = a.taken.get(released.orderId());
            if (t == null || t.shard() != released.shard() || !a.taken.remove(released.orderId(), t)) {
                return HandOver.NOTHING;
            }
            LinkedHashSet<Long> queue = a.waiting.get(t.shard());
            synchronized (queue) {
                if (r.nowMillis() >= r.untilMillis()) {
                    queue.clear();
                }
                Iterator<Long> next = queue.iterator();
                for (int i = 0; i < t.quantity() && next.hasNext(); i++) {
                    long buyer = next.next();
                    next.remove();
                    long orderId = r.offerOrderIds().get(i);
                    TakenUnits offer = new TakenUnits(orderId, buyer, t.shard(), 1, r.nowMillis());
                    a.taken.put(orderId, offer);
                    offers.add(offer);
                }
            }
            restored = t.quantity() - offers.size();
            if (restored > 0) {
                a.units.addAndGet(t.shard(), restored);
            }
        } finally {
            a.moves.unlockRead(stamp);
        }
        if (restored > 0) {
            notifyRestock(released.activityId());
        }
        return new HandOver(true, offers, restored);
    }

    OptionalLong position(long activityId, long userId) {
        Activity a = activities.get(activityId);
        if (a == null) {
            return OptionalLong.empty();
        }
        LinkedHashSet<Long> queue = a.waiting.get(JoinRequest.shardOf(userId, a.units.length()));
        synchronized (queue) {
            long position = positionIn(queue, userId);
            return position == 0 ? OptionalLong.empty() : OptionalLong.of(position);
        }
    }

    boolean leave(long activityId, long userId) {
        Activity a = activities.get(activityId);
        if (a == null) {
            return false;
        }
        LinkedHashSet<Long> queue = a.waiting.get(JoinRequest.shardOf(userId, a.units.length()));
        synchronized (queue) {
            return queue.remove(userId);
        }
    }

    long waiting(long activityId) {
        Activity a = activities.get(activityId);
        long total = 0;
        if (a != null) {
            for (LinkedHashSet<Long> queue : a.waiting) {
                synchronized (queue) {
                    total += queue.size();
                }
            }
        }
        return total;
    }

    @Override
    public void addStock(long activityId, int shard, long units, String operationId) {
        Objects.requireNonNull(operationId, "operationId");
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, was " + units);
        }
        Activity a = activity(activityId);
        if (shard < 0 || shard >= a.units.length()) {
            throw new IllegalArgumentException("shard " + shard + " outside 0.." + (a.units.length() - 1));
        }
        synchronized (a.operations) {
            if (a.operations.putIfAbsent(operationId, units) != null) {
                return;
            }
        }
        a.units.addAndGet(shard, units);
        notifyRestock(activityId);
    }

    @Override
    public long removeStock(long activityId, long units, String operationId) {
        Objects.requireNonNull(operationId, "operationId");
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, was " + units);
        }
        Activity a = activity(activityId);
        synchronized (a.operations) {
            Long done = a.operations.get(operationId);
            if (done != null) {
                return done;
            }
            long stamp = a.moves.readLock();
            try {
                long removed = a.takeOff(units);
                a.operations.put(operationId, removed);
                return removed;
            } finally {
                a.moves.unlockRead(stamp);
            }
        }
    }

    @Override
    public long[] remaining(long activityId) {
        Activity a = activities.get(activityId);
        if (a == null) {
            return new long[0];
        }
        long stamp = a.moves.writeLock();
        try {
            return a.unitsNow();
        } finally {
            a.moves.unlockWrite(stamp);
        }
    }

    @Override
    public AdmissionStock snapshot(long activityId) {
        Activity a = activities.get(activityId);
        if (a == null) {
            return AdmissionStock.NOT_LOADED;
        }
        long stamp = a.moves.writeLock();
        try {
            return new AdmissionStock(true, a.unitsNow(), new ArrayList<>(a.taken.values()));
        } finally {
            a.moves.unlockWrite(stamp);
        }
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

    /** @return how many activities the store holds */
    public int activityCount() {
        return activities.size();
    }

    private Activity activity(long activityId) {
        Activity a = activities.get(activityId);
        if (a == null) {
            throw new ActivityNotLoadedException("memory", activityId);
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
