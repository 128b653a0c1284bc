package io.github.seckill.engine;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.SeckillException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.shard.ShardPlan;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One attempt from screening to its answer: screening, the queue's breaker (fail fast before any stock is taken while
 * the queue is down), the admission decision of the degraded mode (backend or around it), the admission gate (with
 * one more round when the sold-out confirmation finds the view stale), and publication. Input is checked before it
 * gets here.
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
    /** Told of lost admission data (the reconciler rebuilds it) and of every degraded admission. */
    private final Reconciling reconciling;
    private final SharedRouting routing;

    AdmissionFlow(AdmissionGate gate, OrderIdGenerator orderIds, InstantSource clock, SeckillListener listener,
            Screening screening, DegradedMode degraded, Publisher publisher, long claimLeaseMillis,
            long publishTimeoutMillis, Reconciling reconciling, SharedRouting routing) {
        this.routing = routing;
        this.gate = gate;
        this.orderIds = orderIds;
        this.clock = clock;
        this.listener = listener;
        this.screening = screening;
        this.degraded = degraded;
        this.publisher = publisher;
        this.claimLeaseMillis = claimLeaseMillis;
        this.publishTimeoutMillis = publishTimeoutMillis;
        this.reconciling = reconciling;
    }

    /** The synchronous attempt, on the caller's thread, so that publishing never waits for a backend's threads. */
    AttemptResult attempt(ActivityState a, long userId, String requestId, int quantity) {
        long now = clock.millis();
        AttemptResult early = screening.screen(a, userId, now);
        if (early != null) {
            return early;
        }
        long attemptsThisSecond = a.rate.record(now);
        AdmissionRequest request = open(a, userId, requestId, quantity, now);
        CompletionStage<AttemptResult> known = knownBypassed(a, request);
        if (known != null) {
            return await(known);
        }
        if (!degraded.usesBackend(a, attemptsThisSecond)) {
            return await(bypass(a, request, null));
        }
        for (boolean firstRound = true; ; firstRound = false) {
            AdmissionDecision decision;
            long start = System.nanoTime();
            try {
                decision = gate.admit(request);
            } catch (RuntimeException e) {
                degraded.failed(a, System.nanoTime() - start, e);
                if (e instanceof BackendUnavailableException bue) {
                    return await(onGateFailure(a, request, bue));
                }
                abandon(request);
                throw e;
            }
            degraded.succeeded(a, System.nanoTime() - start);
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
        long attemptsThisSecond = a.rate.record(now);
        AdmissionRequest request = open(a, userId, requestId, quantity, now);
        CompletionStage<AttemptResult> known = knownBypassed(a, request);
        if (known != null) {
            return known;
        }
        if (!degraded.usesBackend(a, attemptsThisSecond)) {
            return bypass(a, request, null);
        }
        return admit(a, request, true);
    }

    /**
     * A request with a fresh candidate order id, whose publication slot is open until the attempt is decided.
     *
     * @throws OrderNotQueuedException at once, before any stock is taken, while the queue's breaker is open
     */
    private AdmissionRequest open(ActivityState a, long userId, String requestId, int quantity, long now) {
        long orderId = orderIds.nextId();
        if (!publisher.queueAvailable()) {
            throw new OrderNotQueuedException(new OrderMessage(orderId, a.id, userId, quantity, OrderMessage.NO_SHARD,
                    now), new BackendUnavailableException("queue", "the order queue is failing; try again shortly",
                    null));
        }
        routing.refreshIfDue(a, now);
        AdmissionRequest request = new AdmissionRequest(a.id, userId, requestId, orderId, quantity, a.plan(), now,
                now + claimLeaseMillis, a.expiresAtMillis);
        publisher.open(orderId);
        return request;
    }

    /** The candidate order id was not admitted and nothing will be published for it. */
    private void abandon(AdmissionRequest r) {
        publisher.forget(r.orderId());
        publisher.noPublication();
    }

    private CompletionStage<AttemptResult> admit(ActivityState a, AdmissionRequest request, boolean firstRound) {
        long start = System.nanoTime();
        CompletionStage<AdmissionDecision> decision;
        try {
            decision = gate.admitAsync(request);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        // One stage of our own that the next step completes, rather than a handle and a compose per attempt.
        CompletableFuture<AttemptResult> answer = new CompletableFuture<>();
        decision.whenComplete((d, failure) -> {
            CompletionStage<AttemptResult> next;
            try {
                next = decided(a, request, firstRound, System.nanoTime() - start, d, failure);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return;
            }
            relay(next, answer);
        });
        return answer;
    }

    private CompletionStage<AttemptResult> decided(ActivityState a, AdmissionRequest request, boolean firstRound,
            long nanos, @Nullable AdmissionDecision d, @Nullable Throwable failure) {
        if (failure != null || d == null) {
            Throwable cause = failure != null ? Publisher.unwrap(failure)
                    : new IllegalStateException("the gate answered nothing");
            degraded.failed(a, nanos, cause);
            if (cause instanceof BackendUnavailableException bue) {
                return onGateFailure(a, request, bue);
            }
            abandon(request);
            return CompletableFuture.failedFuture(cause);
        }
        degraded.succeeded(a, nanos);
        ShardPlan retry = screening.afterDecision(a, d, firstRound);
        return retry == null ? answer(a, request, d) : admit(a, request.withPlan(retry), false);
    }

    /** Completes {@code answer} as {@code stage} completes: at once when it already has. */
    private static void relay(CompletionStage<AttemptResult> stage, CompletableFuture<AttemptResult> answer) {
        if (stage instanceof CompletableFuture<AttemptResult> done && done.isDone() && !done.isCompletedExceptionally()) {
            answer.complete(done.join());
            return;
        }
        stage.whenComplete((r, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(r);
            }
        });
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
                publisher.noPublication();
                listener.rejected(a.id, r.userId(), AttemptResult.Outcome.DUPLICATE);
                return CompletableFuture.completedFuture(new AttemptResult.Duplicate(d.orderId()));
            case SOLD_OUT:
            default:
                publisher.noPublication();
                listener.rejected(a.id, r.userId(), AttemptResult.Outcome.SOLD_OUT);
                return CompletableFuture.completedFuture(AttemptResult.Rejected.SOLD_OUT);
        }
    }

    /** The backend failed this attempt: it goes around the backend, or fails, as the policy says. */
    private CompletionStage<AttemptResult> onGateFailure(
            ActivityState a, AdmissionRequest request, BackendUnavailableException failure) {
        if (failure instanceof ActivityNotLoadedException) {
            reconciling.runSoon(a.id);
        }
        boolean degrade = degraded.policy().mode() != DegradedAdmission.Mode.REJECT;
        listener.admissionFailed(a.id, failure, degrade);
        return bypass(a, request, failure);
    }

    /**
     * A buyer this JVM admitted around the backend clicks again: the same answer, never a second admission. The same
     * request is answered "admitted" only once that order is durable: while its publication is under way the replay
     * shares its outcome.
     */
    private @Nullable CompletionStage<AttemptResult> knownBypassed(ActivityState a, AdmissionRequest r) {
        BypassedAdmissions.Admission earlier = a.bypassed.find(r.userId());
        if (earlier == null) {
            return null;
        }
        abandon(r);
        if (earlier.requestId().equals(r.requestId())) {
            return publisher.replayBypassed(new OrderMessage(earlier.orderId(), a.id, r.userId(), r.quantity(),
                    OrderMessage.NO_SHARD, r.nowMillis()));
        }
        listener.rejected(a.id, r.userId(), AttemptResult.Outcome.DUPLICATE);
        return CompletableFuture.completedFuture(new AttemptResult.Duplicate(earlier.orderId()));
    }

    /**
     * Admission around the backend (its breaker is open, the attempt was shed, or the backend just failed it): no
     * pre-deduction; a JVM-local dedupe; the ledger is the final guard.
     */
    private CompletionStage<AttemptResult> bypass(ActivityState a, AdmissionRequest r,
            @Nullable BackendUnavailableException cause) {
        DegradedAdmission policy = degraded.policy();
        long now = r.nowMillis();
        switch (policy.mode()) {
            case REJECT:
                abandon(r);
                return CompletableFuture.failedFuture(cause != null ? cause : new BackendUnavailableException(
                        "admission", "activity " + a.id + " is bypassing its failing admission backend", null));
            case LOCAL_QUOTA:
                if (!a.bypassed.takeQuota(() -> policy.quotaFor(a.id).orElse(0), r.quantity())) {
                    abandon(r);
                    listener.rejected(a.id, r.userId(), AttemptResult.Outcome.SOLD_OUT);
                    return CompletableFuture.completedFuture(AttemptResult.Rejected.SOLD_OUT);
                }
                return queueBypassed(a, r, true);
            case RANDOM_GATE:
            default:
                double share = policy.passRatioFor(a.believedRemaining(), a.rate.perSecond(now));
                if (ThreadLocalRandom.current().nextDouble() >= share) {
                    abandon(r);
                    listener.rejected(a.id, r.userId(), AttemptResult.Outcome.THROTTLED);
                    return CompletableFuture.completedFuture(AttemptResult.Rejected.THROTTLED);
                }
                return queueBypassed(a, r, false);
        }
    }

    private CompletionStage<AttemptResult> queueBypassed(ActivityState a, AdmissionRequest r, boolean fromQuota) {
        BypassedAdmissions.Admission mine = new BypassedAdmissions.Admission(r.requestId(), r.orderId());
        BypassedAdmissions.Admission held = a.bypassed.claim(r.userId(), mine);
        if (held != mine) {
            if (fromQuota) {
                a.bypassed.returnQuota(r.quantity());
            }
            return Objects.requireNonNull(knownBypassed(a, r));
        }
        reconciling.bypassed(a.id);
        return publisher.admitted(r, r.orderId(), OrderMessage.NO_SHARD, true).whenComplete((ok, failure) -> {
            if (failure != null) {
                a.bypassed.release(r.userId(), mine);
                if (fromQuota) {
                    a.bypassed.returnQuota(r.quantity());
                }
            }
        });
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
