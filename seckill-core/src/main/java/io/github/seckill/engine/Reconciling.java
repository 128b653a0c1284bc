package io.github.seckill.engine;

import io.github.seckill.ActivityConfig;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.shard.Shards;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The engine's side of reconciliation, when it has a reconciler: launches load through it (from the ledger when the
 * ledger knows the activity), and it is asked to run when every shard reads zero, when admission data is found lost
 * and when a breaker closes. Without a reconciler, launches load the configured stock and nothing else happens.
 */
final class Reconciling {

    private final @Nullable Reconciler reconciler;
    private final ShardedStockStore stock;

    Reconciling(@Nullable Reconciler reconciler, ShardedStockStore stock) {
        this.reconciler = reconciler;
        this.stock = stock;
    }

    /** Loads an activity for its launch, once. */
    void load(ActivityConfig c) {
        if (reconciler != null) {
            reconciler.prepare(c);
        } else {
            stock.load(c.activityId(), Shards.split(c.stock(), c.shards()));
        }
    }

    /** Asks for a run soon (sell-out, data lost, breaker closed). */
    void runSoon(long activityId) {
        if (reconciler != null) {
            reconciler.runSoon(activityId);
        }
    }

    /** An order was admitted around the backend. */
    void bypassed(long activityId) {
        if (reconciler != null) {
            reconciler.noteBypassed(activityId);
        }
    }

    void retired(long activityId) {
        if (reconciler != null) {
            reconciler.unwatch(activityId);
        }
    }

    /**
     * @param listener the engine's listener
     * @return the listener screening reports to: a sell-out also asks for a run (the design notes' re-sync when
     *     admission reads zero)
     */
    SeckillListener screeningListener(SeckillListener listener) {
        if (reconciler == null) {
            return listener;
        }
        return Listeners.safe(List.of(listener, new SeckillListener() {
            @Override
            public void soldOut(long activityId) {
                runSoon(activityId);
            }
        }));
    }
}
