package io.github.seckill.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What this JVM knows of an activity's admissions that went around the backend: the JVM-local dedupe of degraded
 * admissions (kept for the activity's life here, since the backend never saw those buyers), and the local quota of
 * {@link DegradedAdmission.Mode#LOCAL_QUOTA}, taken while the breaker is open.
 */
final class BypassedAdmissions {

    private static final long UNSET = Long.MIN_VALUE;

    /** A degraded admission: the request that won it and its order. */
    record Admission(String requestId, long orderId) {
    }

    private final ConcurrentHashMap<Long, Admission> byUser = new ConcurrentHashMap<>();
    private final AtomicLong quota = new AtomicLong(UNSET);
    private volatile boolean any;

    /** @return the user's degraded admission on this JVM, if any */
    @Nullable Admission find(long userId) {
        return any ? byUser.get(userId) : null;
    }

    /** @return the admission now holding the user: {@code mine}, or an earlier one */
    Admission claim(long userId, Admission mine) {
        any = true;
        Admission held = byUser.putIfAbsent(userId, mine);
        return held != null ? held : mine;
    }

    /** Gives up a claim whose order was not queued. */
    void release(long userId, Admission mine) {
        byUser.remove(userId, mine);
    }

    /**
     * Takes one unit of the local quota, sizing it first if this open period has none yet.
     *
     * @param initial the quota's size, asked once per open period
     * @param units units wanted
     * @return whether the units were taken
     */
    boolean takeQuota(LongSupplier initial, int units) {
        while (true) {
            long q = quota.get();
            if (q == UNSET) {
                quota.compareAndSet(UNSET, Math.max(0, initial.getAsLong()));
                continue;
            }
            if (q < units) {
                return false;
            }
            if (quota.compareAndSet(q, q - units)) {
                return true;
            }
        }
    }

    /** Gives a unit of the local quota back (its order was not queued). */
    void returnQuota(int units) {
        quota.getAndUpdate(q -> q == UNSET ? q : q + units);
    }

    /** The backend is back: the next open period sizes its quota afresh. */
    void resetQuota() {
        quota.set(UNSET);
    }
}
