package io.github.seckill.memory;

import io.github.seckill.admission.Claim;
import io.github.seckill.admission.ClaimRequest;
import io.github.seckill.admission.ConfirmRequest;
import io.github.seckill.admission.DedupeGuard;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link DedupeGuard} on a concurrent map; each slot changes by one atomic {@code compute}. Slots outlive their
 * activity's payment window by the engine's retention only: whenever the map has doubled since the last purge, the
 * claim that notices drops the dead slots, so a long-running JVM keeps memory for live activities alone.
 */
public final class InMemoryDedupeGuard implements DedupeGuard {

    private static final int MIN_PURGE_SIZE = 1 << 16;

    private record Key(long activityId, long userId) {
    }

    /** A slot: pending until {@code shard >= 0}; dead once {@code now >= deadline}. */
    private record Slot(long orderId, String requestId, int shard, int quantity, long deadline) {
        boolean liveAt(long now) {
            return now < deadline;
        }
    }

    private final ConcurrentHashMap<Key, Slot> slots = new ConcurrentHashMap<>();
    private final ReentrantLock purging = new ReentrantLock();
    /** The size at which the next purge runs: twice the size left by the last one, so purges cost O(1) per claim. */
    private volatile long purgeAtSize = MIN_PURGE_SIZE;

    /** A guard with no slot yet. */
    public InMemoryDedupeGuard() {
    }

    @Override
    public Claim claim(ClaimRequest r) {
        Key key = new Key(r.activityId(), r.userId());
        long nowMillis = r.nowMillis();
        long orderId = r.orderId();
        String requestId = r.requestId();
        Slot mine = new Slot(orderId, requestId, Claim.PENDING, 0, r.leaseUntilMillis());
        Slot held = slots.compute(key, (k, cur) -> cur == null || !cur.liveAt(nowMillis) ? mine : cur);
        if (held == mine) {
            if (slots.mappingCount() >= purgeAtSize) {
                purgeWhenGrown(nowMillis);
            }
            return new Claim(Claim.Kind.NEW, orderId, requestId, Claim.PENDING, 0);
        }
        Claim.Kind kind = held.requestId().equals(requestId) ? Claim.Kind.REPLAY : Claim.Kind.DUPLICATE;
        return new Claim(kind, held.orderId(), held.requestId(), held.shard(), held.quantity());
    }

    @Override
    public boolean confirm(ConfirmRequest r) {
        boolean[] confirmed = {false};
        slots.compute(new Key(r.activityId(), r.userId()), (k, cur) -> {
            if (cur != null && cur.liveAt(r.nowMillis()) && cur.orderId() != r.orderId()) {
                return cur;
            }
            confirmed[0] = true;
            return new Slot(r.orderId(), r.requestId(), r.shard(), r.quantity(), r.expiresAtMillis());
        });
        return confirmed[0];
    }

    @Override
    public boolean release(long activityId, long userId, long orderId) {
        boolean[] released = {false};
        slots.computeIfPresent(new Key(activityId, userId), (k, cur) -> {
            if (cur.orderId() != orderId) {
                return cur;
            }
            released[0] = true;
            return null;
        });
        return released[0];
    }

    @Override
    public Optional<Claim> find(long activityId, long userId, long nowMillis) {
        Slot s = slots.get(new Key(activityId, userId));
        if (s == null || !s.liveAt(nowMillis)) {
            return Optional.empty();
        }
        return Optional.of(new Claim(Claim.Kind.DUPLICATE, s.orderId(), s.requestId(), s.shard(), s.quantity()));
    }

    @Override
    public void remove(long activityId) {
        slots.keySet().removeIf(k -> k.activityId() == activityId);
    }

    /**
     * Drops slots whose lease or retention is over, to bound memory in a long-running JVM.
     *
     * @param nowMillis current time
     * @return slots dropped
     */
    public int purgeExpired(long nowMillis) {
        int before = slots.size();
        slots.values().removeIf(s -> !s.liveAt(nowMillis));
        return Math.max(0, before - slots.size());
    }

    private void purgeWhenGrown(long nowMillis) {
        if (!purging.tryLock()) {
            return; // another claim is purging
        }
        try {
            if (slots.mappingCount() >= purgeAtSize) {
                purgeExpired(nowMillis);
                purgeAtSize = Math.max(MIN_PURGE_SIZE, 2 * slots.mappingCount());
            }
        } finally {
            purging.unlock();
        }
    }

    /** @return the slots held, live or not yet purged */
    public long size() {
        return slots.mappingCount();
    }

    @Override
    public String toString() {
        return "InMemoryDedupeGuard{slots=" + slots.size() + '}';
    }
}
