package io.github.seckill.engine;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.SeckillException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands admitted orders to the queue and answers "admitted" only once an order is durable; compensates (gives the
 * admission back) when the queue refuses.
 *
 * <p>It also tracks this JVM's publications, by candidate order id, from before admission until the order is
 * durable. A replay of an order still being published here joins that publication instead of racing it: otherwise
 * the first publish could fail and give the admission back after the replay was answered "admitted". Failed
 * publications are kept a little longer: a replay whose admission answer was given just before the failure's
 * compensation freed the order (the answer still travelling back) finds the failure, instead of publishing an order
 * whose units were given back. They are bounded in time and count, so that a queue failing fast under load cannot fill
 * the heap.
 */
final class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    static final int MAX_FAILED_PUBLICATIONS = 65_536;
    private static final NotQueuedHandler ALREADY_ADMITTED = (message, cause) -> {
        // A replay: the first publish may have succeeded, so the admission must not be given back.
    };
    /** Completes a publication slot whose order was never admitted: a replay waiting on it publishes itself. */
    private static final RuntimeException NOT_PUBLISHED = new SeckillException("not admitted here", null) {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private final OrderQueue queue;
    private final AdmissionGate gate;
    private final SeckillListener listener;
    /** Around the queue: while open, attempts fail fast without touching stock. */
    private final CircuitBreaker queueBreaker;
    private final BreakerTransitions queueBreakerTransitions;
    private final InstantSource clock;
    private final long failureMemoryMillis;
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> publications = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedQueue<FailedPublication> failed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failedCount = new AtomicInteger();

    private record FailedPublication(long orderId, CompletableFuture<Void> slot, long keptUntilMillis) {}

    Publisher(OrderQueue queue, AdmissionGate gate, SeckillListener listener, InstantSource clock,
            long failureMemoryMillis, CircuitBreaker queueBreaker) {
        this.queue = queue;
        this.gate = gate;
        this.listener = listener;
        this.queueBreaker = queueBreaker;
        this.queueBreakerTransitions = new BreakerTransitions(queueBreaker, listener::queueBreakerChanged);
        this.clock = clock;
        this.failureMemoryMillis = failureMemoryMillis;
    }

    /**
     * @return whether the queue may be tried for this attempt; while the queue's breaker is open it may not, and the
     *     attempt fails fast before it takes any stock. A permission that leads to no publication is given back
     *     with {@link #noPublication()}.
     */
    boolean queueAvailable() {
        boolean permitted = queueBreaker.tryAcquirePermission();
        queueBreakerTransitions.check();
        return permitted;
    }

    /** The attempt that took a permission of the queue's breaker publishes nothing. */
    void noPublication() {
        queueBreaker.releasePermission();
    }

    /**
     * The default breaker around the queue: open at 50% failed publishes (or slower than half the publish timeout)
     * among at least 5 in 10 s; probe again after 2 s with 3 attempts.
     *
     * @param publishTimeout the engine's publish timeout
     * @return the settings
     */
    static CircuitBreakerConfig defaultQueueBreaker(Duration publishTimeout) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(publishTimeout.dividedBy(2))
                .slowCallRateThreshold(100)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordExceptions(OrderNotQueuedException.class)
                .writableStackTraceEnabled(false)
                .build();
    }

    /** Opens the publication slot of a candidate order id, before its admission is decided. */
    void open(long orderId) {
        publications.put(orderId, new CompletableFuture<>());
    }

    /** The candidate order id was not admitted: close its publication slot. */
    void forget(long orderId) {
        CompletableFuture<Void> slot = publications.remove(orderId);
        if (slot != null) {
            slot.completeExceptionally(NOT_PUBLISHED);
        }
    }

    /** Publishes the order this request was just admitted (or degraded) with, and settles its publication slot. */
    CompletionStage<AttemptResult> admitted(AdmissionRequest r, long orderId, int shard, boolean degraded) {
        OrderMessage message =
                new OrderMessage(orderId, r.activityId(), r.userId(), r.quantity(), shard, r.nowMillis());
        Long key = orderId; // boxed once for the lookup and the removal
        return publish(message, this::compensate, false, degraded, key, publications.get(key));
    }

    /** Settles the publication slot of a just-admitted order once its publish has answered. */
    private void settle(Long orderId, CompletableFuture<Void> slot, @Nullable Throwable failure) {
        if (failure == null) {
            publications.remove(orderId, slot);
            slot.complete(null);
            if (!failed.isEmpty()) {
                forgetFailed(clock.millis());
            }
        } else {
            slot.completeExceptionally(failure);
            long now = clock.millis();
            failed.add(new FailedPublication(orderId, slot, now + failureMemoryMillis));
            failedCount.incrementAndGet();
            forgetFailed(now);
        }
    }

    /**
     * Queues an order the engine created for a waitlisted buyer. Its admission is given back if the queue refuses it,
     * as for any admission; the answer reaches the buyer through the order's status, not through an attempt.
     */
    CompletionStage<AttemptResult> offered(OrderMessage order) {
        return publish(order, this::compensate, false, false, null, null);
    }

    /**
     * The same request id was admitted before. The order is published again exactly as admitted (the ledger ignores
     * the repeat), unless its first publication is still under way on this JVM: then the replay shares its outcome.
     */
    CompletionStage<AttemptResult> replay(AdmissionRequest r, AdmissionDecision d) {
        if (d.quantity() > 0 && d.quantity() != r.quantity()) {
            noPublication();
            return CompletableFuture.failedFuture(new InvalidRequestException("quantity", "request "
                    + r.requestId() + " was admitted for " + d.quantity() + " units, not " + r.quantity()));
        }
        OrderMessage message = new OrderMessage(d.orderId(), r.activityId(), r.userId(),
                d.quantity() > 0 ? d.quantity() : r.quantity(), d.shard(), r.nowMillis());
        CompletableFuture<Void> first = publications.get(d.orderId());
        if (first == null) {
            return publish(message, ALREADY_ADMITTED, true, false, null, null);
        }
        noPublication();
        return first.handle((durable, failure) -> {
            if (failure == null) {
                listener.admitted(message, true, false);
                return CompletableFuture.<AttemptResult>completedFuture(
                        new AttemptResult.Admitted(message.orderId(), message.shard(), true, false));
            }
            Throwable cause = unwrap(failure);
            if (cause == NOT_PUBLISHED) {
                return publish(message, ALREADY_ADMITTED, true, false, null, null);
            }
            // The first publication failed and its compensation has already given the admission back.
            return CompletableFuture.<AttemptResult>failedFuture(new OrderNotQueuedException(message, cause));
        }).thenCompose(stage -> stage);
    }

    /**
     * The same request of an order this JVM admitted around the backend, which it remembers while that order is held
     * or on its way: admitted once the first publication is durable (at once if it is already), failed if it failed.
     */
    CompletionStage<AttemptResult> replayBypassed(OrderMessage order) {
        AttemptResult admitted = new AttemptResult.Admitted(order.orderId(), OrderMessage.NO_SHARD, true, true);
        CompletableFuture<Void> first = publications.get(order.orderId());
        if (first == null) {
            return CompletableFuture.completedFuture(admitted);
        }
        return first.handle((durable, failure) -> {
            if (failure == null) {
                return admitted;
            }
            throw new OrderNotQueuedException(order, unwrap(failure));
        });
    }

    /**
     * Publishes an order; answers "admitted" only once it is durable.
     *
     * @param key the order id, boxed, when it has a slot
     * @param slot the order's publication slot, settled with the publish's outcome before the answer; {@code null}
     *     for none
     */
    private CompletionStage<AttemptResult> publish(OrderMessage message, NotQueuedHandler compensation,
            boolean replayed, boolean degraded, @Nullable Long key, @Nullable CompletableFuture<Void> slot) {
        CompletionStage<Void> published;
        long start = System.nanoTime();
        pending.incrementAndGet();
        try {
            published = queue.publish(message, compensation);
        } catch (RuntimeException e) {
            // A queue that throws instead of failing its stage still gets the compensation run exactly once.
            compensation.notQueued(message, e);
            published = CompletableFuture.failedFuture(new OrderNotQueuedException(message, e));
        }
        return published.handle((ok, failure) -> {
            pending.decrementAndGet();
            long nanos = System.nanoTime() - start;
            if (failure == null) {
                queueBreaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            } else {
                queueBreaker.onError(nanos, TimeUnit.NANOSECONDS, unwrap(failure));
            }
            queueBreakerTransitions.check();
            listener.published(message, nanos, failure == null);
            if (failure == null) {
                if (slot != null && key != null) {
                    settle(key, slot, null);
                }
                listener.admitted(message, replayed, degraded);
                return new AttemptResult.Admitted(message.orderId(), message.shard(), replayed, degraded);
            }
            Throwable cause = unwrap(failure);
            RuntimeException answer;
            if (replayed) {
                answer = new AttemptOutcomeUnknownException(
                        "replayed order " + message.orderId() + " could not be queued again; retry later", cause);
            } else {
                answer = cause instanceof OrderNotQueuedException onq ? onq : new OrderNotQueuedException(message, cause);
            }
            if (slot != null && key != null) {
                settle(key, slot, answer);
            }
            throw answer;
        });
    }

    /** The queue could not make an order durable: give its units and the buyer's slot back. */
    private void compensate(OrderMessage message, Throwable cause) {
        if (!message.hasShard()) {
            listener.compensated(message, cause, true);
            return;
        }
        try {
            gate.revoke(HeldUnits.of(message));
            listener.compensated(message, cause, true);
        } catch (RuntimeException e) {
            LOG.error("could not give back order {} of activity {}; reconciliation must repair it",
                    message.orderId(), message.activityId(), e);
            listener.compensated(message, cause, false);
        }
    }

    /** Drops the failed publications kept long enough, and the oldest beyond the count bound. */
    private void forgetFailed(long now) {
        for (FailedPublication f = failed.peek(); f != null; f = failed.peek()) {
            if (f.keptUntilMillis() > now && failedCount.get() <= MAX_FAILED_PUBLICATIONS) {
                return;
            }
            if (failed.remove(f)) {
                failedCount.decrementAndGet();
                publications.remove(f.orderId(), f.slot());
            }
        }
    }

    /** @return publishes handed to the queue and not answered yet */
    int pending() {
        return pending.get();
    }

    /** @return publications tracked now: under way, or failed and still remembered */
    int tracked() {
        return publications.size();
    }

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
