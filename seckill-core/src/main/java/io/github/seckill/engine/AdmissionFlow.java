package io.github.seckill.engine;

import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.SeckillException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.shard.ShardPlan;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One attempt from screening to its answer: screening, the admission gate (with one more round when the sold-out
 * confirmation finds the view stale), degraded admission while the backend is bypassed, and publication. Input is
 * checked before it gets here.
 */
final class AdmissionFlow {

    private final AdmissionGate gate;
    private final OrderIdGenerator orderIds;
    private final InstantSource clock;
    private final SeckillListener listener;
    private final Screening screening;
    private final DegradedMode degraded;
    private final Publisher publisher;
    private final long claimLeaseMillis;
    private final long publishTimeoutMillis;

    AdmissionFlow(AdmissionGate gate, OrderIdGenerator orderIds, InstantSource clock, SeckillListener listener,
            Screening screening, DegradedMode degraded, Publisher publisher, long claimLeaseMillis,
            long publishTimeoutMillis) {
        this.gate = gate;
        this.orderIds = orderIds;
        this.clock = clock;
        this.listener = listener;
        this.screening = screening;
        this.degraded = degraded;
        this.publisher = publisher;
        this.claimLeaseMillis = claimLeaseMillis;
        this.publishTimeoutMillis = publishTimeoutMillis;
    }

    /** The synchronous attempt, on the caller's thread, so that publishing never waits for a backend's threads. */
    AttemptResult attempt(ActivityState a, long userId, String requestId, int quantity) {
        long now = clock.millis();
        AttemptResult early = screening.screen(a, userId, now);
        if (early != null) {
            return early;
        }
        AdmissionRequest request = newRequest(a, userId, requestId, quantity, now);
        if (degraded.bypassing(now)) {
            return await(admitDegraded(a, request));
        }
        for (boolean firstRound = true; ; firstRound = false) {
            AdmissionDecision decision;
            try {
                decision = gate.admit(request);
            } catch (BackendUnavailableException e) {
                return await(onGateFailure(a, request, e));
            } catch (RuntimeException e) {
                publisher.forget(request.orderId());
                throw e;
            }
            degraded.onBackendSuccess();
            ShardPlan retry = screening.afterDecision(a, decision, firstRound);
            if (retry == null) {
                return await(answer(a, request, decision));
            }
            request = request.withPlan(retry);
        }
    }

    /** The asynchronous attempt; the stage fails with what {@link #attempt} throws. */
    CompletionStage<AttemptResult> attemptAsync(ActivityState a, long userId, String requestId, int quantity) {
        long now = clock.millis();
        AttemptResult early = screening.screen(a, userId, now);
        if (early != null) {
            return CompletableFuture.completedFuture(early);
        }
        AdmissionRequest request = newRequest(a, userId, requestId, quantity, now);
        if (degraded.bypassing(now)) {
            return admitDegraded(a, request);
        }
        return admit(a, request, true);
    }

    /** A request with a fresh candidate order id, whose publication slot is open until the attempt is decided. */
    private AdmissionRequest newRequest(ActivityState a, long userId, String requestId, int quantity, long now) {
        AdmissionRequest request = new AdmissionRequest(a.id, userId, requestId, orderIds.nextId(), quantity,
                a.plan(), now, now + claimLeaseMillis, a.expiresAtMillis);
        publisher.open(request.orderId());
        return request;
    }

    private CompletionStage<AttemptResult> admit(ActivityState a, AdmissionRequest request, boolean firstRound) {
        CompletionStage<AdmissionDecision> decision;
        try {
            decision = gate.admitAsync(request);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        return decision.handle((d, failure) -> {
            if (failure != null) {
                Throwable cause = Publisher.unwrap(failure);
                if (cause instanceof BackendUnavailableException bue) {
                    return onGateFailure(a, request, bue);
                }
                publisher.forget(request.orderId());
                return CompletableFuture.<AttemptResult>failedFuture(cause);
            }
            degraded.onBackendSuccess();
            ShardPlan retry = screening.afterDecision(a, d, firstRound);
            return retry == null ? answer(a, request, d) : admit(a, request.withPlan(retry), false);
        }).thenCompose(stage -> stage);
    }

    private CompletionStage<AttemptResult> answer(ActivityState a, AdmissionRequest r, AdmissionDecision d) {
        if (d.outcome() == AdmissionDecision.Outcome.ADMITTED && !d.replayed()) {
            return publisher.admitted(r, d.orderId(), d.shard(), false);
        }
        publisher.forget(r.orderId());
        switch (d.outcome()) {
            case ADMITTED:
                return publisher.replay(r, d);
            case DUPLICATE:
                listener.rejected(a.id, r.userId(), AttemptResult.Outcome.DUPLICATE);
                return CompletableFuture.completedFuture(new AttemptResult.Duplicate(d.orderId()));
            case SOLD_OUT:
            default:
                listener.rejected(a.id, r.userId(), AttemptResult.Outcome.SOLD_OUT);
                return CompletableFuture.completedFuture(AttemptResult.Rejected.SOLD_OUT);
        }
    }

    private CompletionStage<AttemptResult> onGateFailure(
            ActivityState a, AdmissionRequest request, BackendUnavailableException failure) {
        boolean degrade = degraded.onBackendFailure(failure, clock.millis());
        listener.admissionFailed(a.id, failure, degrade);
        if (!degrade) {
            publisher.forget(request.orderId());
            return CompletableFuture.failedFuture(failure);
        }
        return admitDegraded(a, request);
    }

    /** Degraded admission: no dedupe, no pre-deduction; the ledger alone guards the order. */
    private CompletionStage<AttemptResult> admitDegraded(ActivityState a, AdmissionRequest r) {
        if (!degraded.admits(ThreadLocalRandom.current())) {
            publisher.forget(r.orderId());
            listener.rejected(a.id, r.userId(), AttemptResult.Outcome.THROTTLED);
            return CompletableFuture.completedFuture(AttemptResult.Rejected.THROTTLED);
        }
        return publisher.admitted(r, r.orderId(), OrderMessage.NO_SHARD, true);
    }

    /** Waits for a stage built by this engine, bounded by the publish timeout. */
    private AttemptResult await(CompletionStage<AttemptResult> stage) {
        try {
            return stage.toCompletableFuture().get(publishTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = Publisher.unwrap(e);
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new SeckillException("attempt failed", cause);
        } catch (TimeoutException e) {
            throw new AttemptOutcomeUnknownException(
                    "no answer within " + publishTimeoutMillis + " ms; retry with the same request id", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptOutcomeUnknownException("interrupted; retry with the same request id", e);
        }
    }
}
