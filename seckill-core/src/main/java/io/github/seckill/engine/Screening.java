package io.github.seckill.engine;

import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.shard.ShardPlan;
import java.time.InstantSource;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers that need no round trip, and the local sold-out flag they rest on: the activity window, the flag (raised
 * only once the backend confirms every shard empty, lowered by restocks, re-checked now and then in case a restock
 * notification was missed) and the throttle.
 */
final class Screening {

    private static final Logger LOG = LoggerFactory.getLogger(Screening.class);

    private final ShardedStockStore stock;
    private final AdmissionThrottle throttle;
    private final SeckillListener listener;
    private final InstantSource clock;
    private final long recheckMillis;
    private final SharedRouting routing;

    Screening(ShardedStockStore stock, AdmissionThrottle throttle, SeckillListener listener, InstantSource clock,
            long recheckMillis, SharedRouting routing) {
        this.routing = routing;
        this.stock = stock;
        this.throttle = throttle;
        this.listener = listener;
        this.clock = clock;
        this.recheckMillis = recheckMillis;
    }

    /**
     * @return the answer to an attempt that needs no backend, or {@code null} when the attempt goes on to admission
     */
    @Nullable AttemptResult screen(ActivityState a, long userId, long now) {
        AttemptResult.Rejected r = null;
        if (now < a.startsAtMillis) {
            r = AttemptResult.Rejected.NOT_STARTED;
        } else if (now >= a.endsAtMillis) {
            r = AttemptResult.Rejected.ENDED;
        } else if (a.soldOut() && !reopenedByRecheck(a, now)) {
            r = AttemptResult.Rejected.SOLD_OUT;
        } else if (!throttle.tryAcquire(a.id)) {
            r = AttemptResult.Rejected.THROTTLED;
        }
        if (r != null) {
            listener.rejected(a.id, userId, r.outcome());
        }
        return r;
    }

    /** Sets the view of a newly launched activity from the backend's stock; raises the flag if there is none. */
    void launched(ActivityState a, long[] remaining) {
        a.refresh(remaining);
        routing.truth(a, remaining);
        if (Arrays.stream(remaining).sum() == 0) {
            a.raiseSoldOut(a.restockEpoch(), clock.millis() + recheckMillis);
        }
    }

    /**
     * Folds a decision into the view. For a sold-out decision on a view that now believes every shard empty, confirms
     * with the backend: either raises the sold-out flag, or finds the view was stale.
     *
     * @param firstRound whether the decision answers the attempt's first plan
     * @return a new plan for one more round when the view was stale on the first round, else {@code null}
     */
    @Nullable ShardPlan afterDecision(ActivityState a, AdmissionDecision decision, boolean firstRound) {
        a.observe(decision.take(), routing);
        if (decision.outcome() != AdmissionDecision.Outcome.SOLD_OUT || a.stockedMask() != 0 || !a.startConfirming()) {
            return null;
        }
        try {
            long epoch = a.restockEpoch();
            long[] remaining = stock.remaining(a.id);
            if (Arrays.stream(remaining).sum() == 0) {
                if (a.raiseSoldOut(epoch, clock.millis() + recheckMillis)) {
                    listener.soldOut(a.id);
                }
                return null;
            }
            a.refresh(remaining);
            routing.truth(a, remaining);
            return firstRound ? a.plan() : null;
        } catch (BackendUnavailableException e) {
            LOG.debug("could not confirm sell-out of activity {}", a.id, e);
            return null;
        } finally {
            a.endConfirming();
        }
    }

    /** Stock came back: lower the flag. */
    void restocked(@Nullable ActivityState a) {
        if (a != null && a.reopen()) {
            listener.reopened(a.id);
        }
    }

    /**
     * Restock notifications can be missed (a subscriber reconnecting), so once per interval one attempt on a sold-out
     * activity re-reads the backend instead of trusting the flag forever.
     */
    private boolean reopenedByRecheck(ActivityState a, long now) {
        if (!a.claimRecheck(now, recheckMillis)) {
            return false;
        }
        try {
            long[] remaining = stock.remaining(a.id);
            if (Arrays.stream(remaining).sum() > 0) {
                routing.truth(a, remaining);
                restocked(a);
                return true;
            }
        } catch (BackendUnavailableException e) {
            LOG.debug("could not re-check sell-out of activity {}", a.id, e);
        }
        return false;
    }
}
