package io.github.seckill.engine;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.seckill.ActivityConfig;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardView;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.TakeResult;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** One launched activity on this JVM: its config, its shard view and its local sold-out flag. */
final class ActivityState implements ShardView {

    final ActivityConfig config;
    final long id;
    final long startsAtMillis;
    final long endsAtMillis;
    /** When the activity's admission data may be dropped: after the sale and its payment window. */
    final long expiresAtMillis;

    private final int shardCount;
    private final long allMask;
    private final AtomicLong stocked;
    private final AtomicLongArray lastSeen;

    /** Raised once every shard is confirmed empty: attempts then return without a round trip. */
    private volatile boolean soldOut;
    /** Bumped on every restock, so that a sell-out confirmed before it cannot raise the flag after it. */
    private final AtomicLong restockEpoch = new AtomicLong();
    private final AtomicBoolean confirming = new AtomicBoolean();
    /** When this JVM next reads the bitmap every instance shares. */
    private final AtomicLong nextSharedReadMillis = new AtomicLong();
    /** While sold out, when one attempt may re-read the backend in case a restock notification was missed. */
    private final AtomicLong nextRecheckMillis = new AtomicLong();

    /** The breaker around this activity's admission, and who is told its transitions. */
    final BreakerTransitions breaker;
    /** Attempts per second here, for load shedding and the automatic random gate. */
    final AttemptRate rate = new AttemptRate();
    /** Degraded admissions of this JVM. */
    final BypassedAdmissions bypassed = new BypassedAdmissions();

    ActivityState(ActivityConfig config, long retentionMillis) {
        this(config, retentionMillis, new BreakerTransitions(CircuitBreaker.of(
                DegradedMode.breakerName(config.activityId()), DegradedAdmission.defaultBreaker(Duration.ofSeconds(1))),
                (from, to) -> { }));
    }

    ActivityState(ActivityConfig config, long retentionMillis, BreakerTransitions breaker) {
        this.breaker = breaker;
        this.config = config;
        this.id = config.activityId();
        this.startsAtMillis = config.startsAt().toEpochMilli();
        this.endsAtMillis = config.endsAt().toEpochMilli();
        this.expiresAtMillis = endsAtMillis + config.paymentTimeout().toMillis() + retentionMillis;
        this.shardCount = config.shards();
        this.allMask = Shards.allMask(shardCount);
        this.stocked = new AtomicLong(allMask);
        this.lastSeen = new AtomicLongArray(shardCount);
        for (int i = 0; i < shardCount; i++) {
            lastSeen.set(i, -1);
        }
    }

    @Override
    public int shardCount() {
        return shardCount;
    }

    @Override
    public long stockedMask() {
        return stocked.get();
    }

    @Override
    public long lastSeenStock(int shard) {
        return lastSeen.get(shard);
    }

    boolean soldOut() {
        return soldOut;
    }

    /** @return units this JVM last saw on the shards, or the configured stock before it saw any */
    long believedRemaining() {
        long sum = 0;
        for (int i = 0; i < shardCount; i++) {
            long seen = lastSeen.get(i);
            if (seen < 0) {
                return config.stock();
            }
            sum += seen;
        }
        return sum;
    }

    /** @return the strategy's plan for one attempt, checked to fit the activity's shards */
    ShardPlan plan() {
        ShardPlan plan = config.strategy().plan(this, ThreadLocalRandom.current());
        plan.checkFits(shardCount);
        return plan;
    }

    /**
     * Folds what a take observed into the view; a CAS only when a bit actually changes, and only then is the change
     * shared.
     */
    void observe(TakeResult take, SharedRouting routing) {
        if (take.taken()) {
            lastSeen.lazySet(take.shard(), take.remaining());
        }
        long empty = take.emptyMask();
        long full = take.stockedMask();
        if ((empty | full) == 0) {
            return;
        }
        while (true) {
            long cur = stocked.get();
            long next = (cur & ~empty) | full;
            if (next == cur) {
                return;
            }
            if (stocked.compareAndSet(cur, next)) {
                routing.changed(this, cur & ~next, next & ~cur);
                return;
            }
        }
    }

    /** Takes the shared bitmap's word for which shards are empty. */
    void applySharedEmpty(long emptyShards) {
        stocked.set(allMask & ~emptyShards);
    }

    /** Claims the next read of the shared bitmap: at most one caller per interval wins. */
    boolean claimSharedRead(long nowMillis, long intervalMillis) {
        long due = nextSharedReadMillis.get();
        return nowMillis >= due && nextSharedReadMillis.compareAndSet(due, nowMillis + intervalMillis);
    }

    /** Replaces the view with the backend's real stock. */
    void refresh(long[] remaining) {
        long mask = 0;
        for (int i = 0; i < remaining.length && i < shardCount; i++) {
            lastSeen.set(i, remaining[i]);
            if (remaining[i] > 0) {
                mask |= Shards.bit(i);
            }
        }
        stocked.set(mask);
    }

    long restockEpoch() {
        return restockEpoch.get();
    }

    /** Starts a sell-out confirmation, unless another thread is already confirming. */
    boolean startConfirming() {
        return confirming.compareAndSet(false, true);
    }

    void endConfirming() {
        confirming.set(false);
    }

    /**
     * Claims the periodic re-check of a raised sold-out flag: at most one caller per interval wins.
     *
     * @return whether the caller should re-read the backend now
     */
    boolean claimRecheck(long nowMillis, long intervalMillis) {
        long due = nextRecheckMillis.get();
        return nowMillis >= due && nextRecheckMillis.compareAndSet(due, nowMillis + intervalMillis);
    }

    /**
     * Raises the sold-out flag, unless stock came back since {@code epoch}.
     *
     * @param recheckAtMillis when the backend may be re-read first
     *
     * @return whether the flag was raised by this call
     */
    boolean raiseSoldOut(long epoch, long recheckAtMillis) {
        if (soldOut) {
            return false;
        }
        nextRecheckMillis.set(recheckAtMillis);
        soldOut = true;
        if (restockEpoch.get() != epoch) {
            soldOut = false; // a restock raced the confirmation: stay open
            return false;
        }
        return true;
    }

    /**
     * Stock came back: lower the flag and assume every shard may hold stock again.
     *
     * @return whether the flag was up
     */
    boolean reopen() {
        restockEpoch.incrementAndGet();
        stocked.set(allMask);
        boolean was = soldOut;
        soldOut = false;
        return was;
    }
}
