package io.github.seckill.example.faults;

import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.example.faults.FaultSale.Answer;
import io.github.seckill.example.faults.FaultSale.Kind;
import io.github.seckill.lifecycle.OrderLifecycle;

/** Buyers call the SDK's engine in this JVM, and payments go to its lifecycle. */
final class SdkStorefront implements FaultSale.Storefront {

    private final FlashSale sale;
    private final OrderLifecycle lifecycle;
    private final long activityId;

    SdkStorefront(FlashSale sale, OrderLifecycle lifecycle, long activityId) {
        this.sale = sale;
        this.lifecycle = lifecycle;
        this.activityId = activityId;
    }

    @Override
    public Answer attempt(long userId, String requestId) {
        AttemptResult r;
        try {
            r = sale.attempt(activityId, userId, requestId);
        } catch (AttemptOutcomeUnknownException e) {
            return new Answer(Kind.OUTCOME_UNKNOWN, 0);
        } catch (OrderNotQueuedException e) {
            return new Answer(Kind.NOT_QUEUED, 0);
        } catch (BackendUnavailableException e) {
            return new Answer(Kind.UNAVAILABLE, 0);
        } catch (RuntimeException e) {
            return new Answer(Kind.OTHER, 0);
        }
        if (r instanceof AttemptResult.Admitted a) {
            return new Answer(a.degraded() ? Kind.QUEUED_DEGRADED : Kind.QUEUED, a.orderId());
        }
        if (r instanceof AttemptResult.Duplicate d) {
            return new Answer(Kind.DUPLICATE, d.existingOrderId());
        }
        return switch (r.outcome()) {
            case SOLD_OUT -> new Answer(Kind.SOLD_OUT, 0);
            case THROTTLED -> new Answer(Kind.THROTTLED, 0);
            default -> new Answer(Kind.OTHER, 0);
        };
    }

    @Override
    public boolean pay(long orderId, long userId, boolean success) {
        try {
            if (success) {
                lifecycle.paymentSucceeded(orderId, userId);
            } else {
                lifecycle.paymentFailed(orderId, userId);
            }
            return true;
        } catch (RuntimeException e) {
            return false; // a server is down: the payment comes again in the next round
        }
    }
}
