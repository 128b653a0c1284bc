package io.github.seckill;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flash-sale engine: admits buyers through an {@link AdmissionGate} and hands admitted orders to an
 * {@link OrderQueue}. One engine serves any number of activities; it is thread-safe and meant to be shared.
 *
 * <p>An attempt goes through, in order: input validation (bad input is an {@link InvalidRequestException}), the
 * activity window, the JVM-local sold-out flag (no round trip once stock is gone), the throttle, the admission gate
 * (dedupe and pre-deduction, one atomic step) and the queue. It is answered {@link AttemptResult.Admitted} only after
 * the order is durable in the queue; if the queue refuses, the admission is given back and the attempt fails with an
 * {@link OrderNotQueuedException}. Retrying with the same request id is always safe: it returns the same order id.
 *
 * <pre>{@code
 * FlashSale sale = FlashSale.builder(gate, queue).orderIds(OrderIdGenerator.snowflake(podOrdinal)).build();
 * sale.launch(ActivityConfig.builder(888).stock(1000).shards(4).strategy(ShardStrategies.stealing()).build());
 * AttemptResult result = sale.attempt(888, userId, requestId);
 * }</pre>
 */
public final class FlashSale implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlashSale.class);
    private static final int MAX_REQUEST_ID_LENGTH = 64;
    private static final int MAX_FAILED_PUBLICATIONS = 65_536;
    private static final long MAX_FAILURE_MEMORY_MILLIS = 2_000;
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

    private final AdmissionGate gate;
    private final OrderQueue queue;
    private final OrderIdGenerator orderIds;
    private final InstantSource clock;
    private final SeckillListener listener;
    private final AdmissionThrottle throttle;
    private final DegradedAdmission degraded;
    private final long claimLeaseMillis;
    private final long failureMemoryMillis;
    private final long retentionMillis;
    private final long publishTimeoutMillis;
    private final long soldOutRecheckMillis;
    private final AutoCloseable restockSubscription;

    /** Launched activities, sorted by id, replaced on launch: lookups are a lock-free binary search. */
    private volatile ActivityState[] activities = new ActivityState[0];
    /** While degraded, the backend is bypassed until this time. */
    private volatile long bypassGateUntilMillis;
    /**
     * Publications of this JVM's attempts, by candidate order id, from before admission until the order is durable.
     * A replay of an order still being published here joins that publication instead of racing it: otherwise the
     * first publish could fail and give the admission back after the replay was answered "admitted".
     */
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> publications = new ConcurrentHashMap<>();
    /**
     * Failed publications, oldest first, kept in {@link #publications} a little longer: a replay whose admission answer
     * was given just before the failure's compensation freed the order (the answer still travelling back) finds the
     * failure, instead of publishing an order whose units were given back. Bounded in time and count, so that a queue
     * failing fast under load cannot fill the heap.
     */
    private final ConcurrentLinkedQueue<FailedPublication> failedPublications = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failedPublicationCount = new AtomicInteger();

    private FlashSale(Builder b) {
        this.gate = b.gate;
        this.queue = b.queue;
        this.clock = b.clock;
        this.orderIds = b.orderIds != null ? b.orderIds : OrderIdGenerator.jvmDefault();
        this.listener = Listeners.safe(b.listener);
        this.throttle = b.throttle;
        this.degraded = b.degraded;
        this.claimLeaseMillis = b.claimLease.toMillis();
        this.failureMemoryMillis = Math.min(claimLeaseMillis, MAX_FAILURE_MEMORY_MILLIS);
        this.retentionMillis = b.dataRetention.toMillis();
        this.publishTimeoutMillis = b.publishTimeout.toMillis();
        this.soldOutRecheckMillis = b.soldOutRecheck.toMillis();
        this.restockSubscription = gate.onRestock(this::restocked);
    }

    /**
     * @param gate the admission backend (dedupe and sharded stock)
     * @param queue where admitted orders go
     * @return a builder
     */
    public static Builder builder(AdmissionGate gate, OrderQueue queue) {
        return new Builder(gate, queue);
    }

    /**
     * Launches an activity on this engine and warms its stock up in the admission backend, once: launching again
     * (here, or on another JVM sharing the backend) never adds stock, even after a sell-out. Launching the same
     * configuration twice is a no-op.
     *
     * @param config the activity
     * @throws InvalidRequestException if the activity was launched with another configuration, or the backend holds
     *     it with another number of shards
     */
    public synchronized void launch(ActivityConfig config) {
        Objects.requireNonNull(config, "config");
        ActivityState existing = find(config.activityId());
        if (existing != null) {
            if (existing.config.equals(config)) {
                return;
            }
            throw new InvalidRequestException(
                    "activityId", "activity " + config.activityId() + " is already launched with another configuration");
        }
        gate.load(config.activityId(), Shards.split(config.stock(), config.shards()));
        long[] remaining = gate.remaining(config.activityId());
        if (remaining.length != config.shards()) {
            throw new InvalidRequestException("shards", "activity " + config.activityId() + " is stored with "
                    + remaining.length + " shards, not " + config.shards());
        }
        ActivityState state = new ActivityState(config, retentionMillis);
        state.refresh(remaining);
        if (Arrays.stream(remaining).sum() == 0) {
            state.raiseSoldOut(state.restockEpoch(), clock.millis() + soldOutRecheckMillis);
        }
        ActivityState[] next = Arrays.copyOf(activities, activities.length + 1);
        next[next.length - 1] = state;
        Arrays.sort(next, (x, y) -> Long.compare(x.id, y.id));
        activities = next;
    }

    /**
     * One attempt to buy one unit.
     *
     * @param activityId a launched activity
     * @param userId the buyer, positive
     * @param requestId the buyer's idempotency key: 1 to 64 characters of {@code [A-Za-z0-9._:-]}
     * @return the outcome
     * @throws InvalidRequestException on bad input
     * @throws OrderNotQueuedException when the queue refused the admitted order (its admission was given back)
     * @throws AttemptOutcomeUnknownException when the outcome is unknown; retry with the same request id
     * @throws BackendUnavailableException when the admission backend failed and degraded admission is off
     */
    public AttemptResult attempt(long activityId, long userId, String requestId) {
        return attempt(activityId, userId, requestId, 1);
    }

    /**
     * One attempt to buy {@code quantity} units.
     *
     * @param activityId a launched activity
     * @param userId the buyer, positive
     * @param requestId the buyer's idempotency key: 1 to 64 characters of {@code [A-Za-z0-9._:-]}
     * @param quantity units, 1 to the activity's {@link ActivityConfig#maxQuantityPerOrder()}
     * @return the outcome
     * @throws InvalidRequestException on bad input
     * @throws OrderNotQueuedException when the queue refused the admitted order (its admission was given back)
     * @throws AttemptOutcomeUnknownException when the outcome is unknown; retry with the same request id
     * @throws BackendUnavailableException when the admission backend failed and degraded admission is off
     */
    public AttemptResult attempt(long activityId, long userId, String requestId, int quantity) {
        ActivityState a = validate(activityId, userId, requestId, quantity);
        long now = clock.millis();
        AttemptResult early = screen(a, userId, now);
        if (early != null) {
            return early;
        }
        AdmissionRequest request = newRequest(a, userId, requestId, quantity, now);
        if (now < bypassGateUntilMillis) {
            return await(admitDegraded(a, request));
        }
        for (boolean firstRound = true; ; firstRound = false) {
            AdmissionDecision decision;
            try {
                decision = gate.admit(request);
            } catch (BackendUnavailableException e) {
                return await(onGateFailure(a, request, e));
            } catch (RuntimeException e) {
                forget(request);
                throw e;
            }
            ShardPlan retry = afterDecision(a, decision, firstRound);
            if (retry == null) {
                return await(answer(a, request, decision));
            }
            request = request.withPlan(retry);
        }
    }

    /**
     * Asynchronous {@link #attempt(long, long, String, int)}: the stage fails with the exceptions the synchronous form
     * throws.
     *
     * @param activityId a launched activity
     * @param userId the buyer, positive
     * @param requestId the buyer's idempotency key
     * @param quantity units
     * @return the outcome
     */
    public CompletionStage<AttemptResult> attemptAsync(long activityId, long userId, String requestId, int quantity) {
        ActivityState a;
        long now;
        AdmissionRequest request;
        try {
            a = validate(activityId, userId, requestId, quantity);
            now = clock.millis();
            AttemptResult early = screen(a, userId, now);
            if (early != null) {
                return CompletableFuture.completedFuture(early);
            }
            request = newRequest(a, userId, requestId, quantity, now);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (now < bypassGateUntilMillis) {
            return admitDegraded(a, request);
        }
        return admitAsync(a, request, true);
    }

    private CompletionStage<AttemptResult> admitAsync(ActivityState a, AdmissionRequest request, boolean firstRound) {
        return gate.admitAsync(request).handle((decision, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                if (cause instanceof BackendUnavailableException bue) {
                    return onGateFailure(a, request, bue);
                }
                forget(request);
                return CompletableFuture.<AttemptResult>failedFuture(cause);
            }
            ShardPlan retry = afterDecision(a, decision, firstRound);
            return retry == null ? answer(a, request, decision) : admitAsync(a, request.withPlan(retry), false);
        }).thenCompose(stage -> stage);
    }

    /** Checks input; bad input never reaches a backend. */
    private ActivityState validate(long activityId, long userId, String requestId, int quantity) {
        ActivityState a = find(activityId);
        if (a == null) {
            throw new InvalidRequestException("activityId", "no activity " + activityId + " is launched");
        }
        if (userId <= 0) {
            throw new InvalidRequestException("userId", "must be positive, was " + userId);
        }
        checkRequestId(requestId);
        if (quantity < 1 || quantity > a.config.maxQuantityPerOrder()) {
            throw new InvalidRequestException(
                    "quantity", "must be 1.." + a.config.maxQuantityPerOrder() + ", was " + quantity);
        }
        return a;
    }

    private static void checkRequestId(String requestId) {
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new InvalidRequestException("requestId", "must be 1.." + MAX_REQUEST_ID_LENGTH + " characters");
        }
        for (int i = 0; i < requestId.length(); i++) {
            char c = requestId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                throw new InvalidRequestException("requestId", "may only contain [A-Za-z0-9._:-]");
            }
        }
    }

    /** The answers that need no backend: window, local sold-out flag, throttle. */
    private AttemptResult screen(ActivityState a, long userId, long now) {
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

    /**
     * Restock notifications can be missed (a subscriber reconnecting), so once per interval one attempt on a sold-out
     * activity re-reads the backend instead of trusting the flag forever.
     */
    private boolean reopenedByRecheck(ActivityState a, long now) {
        if (!a.claimRecheck(now, soldOutRecheckMillis)) {
            return false;
        }
        try {
            if (Arrays.stream(gate.remaining(a.id)).sum() > 0) {
                restocked(a.id);
                return true;
            }
        } catch (BackendUnavailableException e) {
            LOG.debug("could not re-check sell-out of activity {}", a.id, e);
        }
        return false;
    }

    /** A request with a fresh candidate order id, whose publication slot is open until the attempt is decided. */
    private AdmissionRequest newRequest(ActivityState a, long userId, String requestId, int quantity, long now) {
        ShardPlan plan = plan(a);
        AdmissionRequest request = new AdmissionRequest(a.id, userId, requestId, orderIds.nextId(), quantity, plan,
                now, now + claimLeaseMillis, a.expiresAtMillis);
        publications.put(request.orderId(), new CompletableFuture<>());
        return request;
    }

    /** The request's candidate order id was not admitted: close its publication slot. */
    private void forget(AdmissionRequest r) {
        CompletableFuture<Void> slot = publications.remove(r.orderId());
        if (slot != null) {
            slot.completeExceptionally(NOT_PUBLISHED);
        }
    }

    private ShardPlan plan(ActivityState a) {
        ShardPlan plan = a.config.strategy().plan(a, ThreadLocalRandom.current());
        plan.checkFits(a.shardCount());
        return plan;
    }

    /**
     * Updates the view from a decision. For a sold-out decision on a view that now believes every shard empty,
     * confirms with the backend: either raises the local sold-out flag, or finds the view was stale and returns a new
     * plan for one more round.
     */
    private ShardPlan afterDecision(ActivityState a, AdmissionDecision decision, boolean firstRound) {
        a.observe(decision.take());
        if (decision.outcome() != AdmissionDecision.Outcome.SOLD_OUT || a.stockedMask() != 0 || !a.startConfirming()) {
            return null;
        }
        try {
            long epoch = a.restockEpoch();
            long[] remaining = gate.remaining(a.id);
            if (Arrays.stream(remaining).sum() == 0) {
                if (a.raiseSoldOut(epoch, clock.millis() + soldOutRecheckMillis)) {
                    listener.soldOut(a.id);
                }
                return null;
            }
            a.refresh(remaining);
            return firstRound ? plan(a) : null;
        } catch (BackendUnavailableException e) {
            LOG.debug("could not confirm sell-out of activity {}", a.id, e);
            return null;
        } finally {
            a.endConfirming();
        }
    }

    private CompletionStage<AttemptResult> answer(ActivityState a, AdmissionRequest r, AdmissionDecision d) {
        if (d.outcome() == AdmissionDecision.Outcome.ADMITTED && !d.replayed()) {
            return publish(r, d.orderId(), d.shard(), false);
        }
        forget(r);
        switch (d.outcome()) {
            case ADMITTED:
                return replay(r, d);
            case DUPLICATE:
                listener.rejected(a.id, r.userId(), AttemptResult.Outcome.DUPLICATE);
                return CompletableFuture.completedFuture(new AttemptResult.Duplicate(d.orderId()));
            case SOLD_OUT:
            default:
                listener.rejected(a.id, r.userId(), AttemptResult.Outcome.SOLD_OUT);
                return CompletableFuture.completedFuture(AttemptResult.Rejected.SOLD_OUT);
        }
    }

    /**
     * The same request id was admitted before. The order is published again exactly as admitted (the ledger ignores
     * the repeat), unless its first publication is still under way on this JVM: then the replay shares its outcome.
     */
    private CompletionStage<AttemptResult> replay(AdmissionRequest r, AdmissionDecision d) {
        if (d.quantity() > 0 && d.quantity() != r.quantity()) {
            return CompletableFuture.failedFuture(new InvalidRequestException("quantity", "request "
                    + r.requestId() + " was admitted for " + d.quantity() + " units, not " + r.quantity()));
        }
        OrderMessage message = new OrderMessage(d.orderId(), r.activityId(), r.userId(),
                d.quantity() > 0 ? d.quantity() : r.quantity(), d.shard(), r.nowMillis());
        CompletableFuture<Void> first = publications.get(d.orderId());
        if (first == null) {
            return publish(message, ALREADY_ADMITTED, true, false);
        }
        return first.handle((durable, failure) -> {
            if (failure == null) {
                listener.admitted(message, true, false);
                return CompletableFuture.<AttemptResult>completedFuture(
                        new AttemptResult.Admitted(message.orderId(), message.shard(), true, false));
            }
            Throwable cause = unwrap(failure);
            if (cause == NOT_PUBLISHED) {
                return publish(message, ALREADY_ADMITTED, true, false);
            }
            // The first publication failed and its compensation has already given the admission back.
            return CompletableFuture.<AttemptResult>failedFuture(new OrderNotQueuedException(message, cause));
        }).thenCompose(stage -> stage);
    }

    private CompletionStage<AttemptResult> onGateFailure(
            ActivityState a, AdmissionRequest request, BackendUnavailableException failure) {
        boolean degrade = degraded.queuesDirectly();
        listener.admissionFailed(a.id, failure, degrade);
        if (!degrade) {
            forget(request);
            return CompletableFuture.failedFuture(failure);
        }
        bypassGateUntilMillis = clock.millis() + degraded.retryBackendAfter().toMillis();
        return admitDegraded(a, request);
    }

    /** Degraded admission: no dedupe, no pre-deduction; the ledger alone guards the order. */
    private CompletionStage<AttemptResult> admitDegraded(ActivityState a, AdmissionRequest r) {
        if (!degraded.pass(ThreadLocalRandom.current())) {
            forget(r);
            listener.rejected(a.id, r.userId(), AttemptResult.Outcome.THROTTLED);
            return CompletableFuture.completedFuture(AttemptResult.Rejected.THROTTLED);
        }
        return publish(r, r.orderId(), OrderMessage.NO_SHARD, true);
    }

    /** Publishes the order this request was just admitted (or degraded) with, and settles its publication slot. */
    private CompletionStage<AttemptResult> publish(
            AdmissionRequest r, long orderId, int shard, boolean degradedAdmission) {
        OrderMessage message =
                new OrderMessage(orderId, r.activityId(), r.userId(), r.quantity(), shard, r.nowMillis());
        CompletableFuture<Void> slot = publications.get(orderId);
        CompletionStage<AttemptResult> answer = publish(message, this::compensate, false, degradedAdmission);
        if (slot != null) {
            answer.whenComplete((admitted, failure) -> {
                if (failure == null) {
                    publications.remove(orderId, slot);
                    slot.complete(null);
                    if (!failedPublications.isEmpty()) {
                        forgetFailedPublications(clock.millis());
                    }
                } else {
                    slot.completeExceptionally(failure);
                    long now = clock.millis();
                    failedPublications.add(new FailedPublication(orderId, slot, now + failureMemoryMillis));
                    failedPublicationCount.incrementAndGet();
                    forgetFailedPublications(now);
                }
            });
        }
        return answer;
    }

    /** Drops the failed publications kept long enough, and the oldest beyond the count bound. */
    private void forgetFailedPublications(long now) {
        for (FailedPublication f = failedPublications.peek(); f != null; f = failedPublications.peek()) {
            if (f.keptUntilMillis() > now && failedPublicationCount.get() <= MAX_FAILED_PUBLICATIONS) {
                return;
            }
            if (failedPublications.remove(f)) {
                failedPublicationCount.decrementAndGet();
                publications.remove(f.orderId(), f.slot());
            }
        }
    }

    private record FailedPublication(long orderId, CompletableFuture<Void> slot, long keptUntilMillis) {}

    /** Publishes an order; answers "admitted" only once it is durable. */
    private CompletionStage<AttemptResult> publish(
            OrderMessage message, NotQueuedHandler compensation, boolean replayed, boolean degradedAdmission) {
        long orderId = message.orderId();
        int shard = message.shard();
        CompletionStage<Void> published;
        try {
            published = queue.publish(message, compensation);
        } catch (RuntimeException e) {
            // A queue that throws instead of failing its stage still gets the compensation run exactly once.
            compensation.notQueued(message, e);
            published = CompletableFuture.failedFuture(new OrderNotQueuedException(message, e));
        }
        return published.handle((ok, failure) -> {
            if (failure == null) {
                listener.admitted(message, replayed, degradedAdmission);
                return new AttemptResult.Admitted(orderId, shard, replayed, degradedAdmission);
            }
            Throwable cause = unwrap(failure);
            if (replayed) {
                throw new AttemptOutcomeUnknownException(
                        "replayed order " + orderId + " could not be queued again; retry later", cause);
            }
            throw cause instanceof OrderNotQueuedException onq ? onq : new OrderNotQueuedException(message, cause);
        });
    }

    /** The queue could not make an order durable: give its units and the buyer's slot back. */
    private void compensate(OrderMessage message, Throwable cause) {
        if (!message.hasShard()) {
            listener.compensated(message, cause, true);
            return;
        }
        try {
            gate.revoke(message.activityId(), message.userId(), message.orderId(), message.shard());
            listener.compensated(message, cause, true);
        } catch (RuntimeException e) {
            LOG.error("could not give back order {} of activity {}; reconciliation must repair it",
                    message.orderId(), message.activityId(), e);
            listener.compensated(message, cause, false);
        }
    }

    /** Waits for a stage built by this engine, bounded by the publish timeout. */
    private AttemptResult await(CompletionStage<AttemptResult> stage) {
        CompletableFuture<AttemptResult> f = stage.toCompletableFuture();
        try {
            return f.get(publishTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
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

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Gives a released order's units back to the admission layer (payment failed or timed out), once, and reopens the
     * activity on every JVM. The buyer's slot stays taken: one order per user and activity.
     *
     * @param activityId activity
     * @param userId buyer
     * @param orderId the released order
     * @param shard the admission shard of the order, {@code -1} for a degraded admission (nothing to give back)
     * @return whether units were given back now
     */
    public boolean restore(long activityId, long userId, long orderId, int shard) {
        if (shard < 0) {
            return false;
        }
        boolean restored = gate.restore(activityId, userId, orderId, shard);
        if (restored) {
            listener.restored(activityId, orderId);
            restocked(activityId);
        }
        return restored;
    }

    /**
     * Adds units to an activity's shard (re-sync from the ledger, waitlist) and reopens it on every JVM.
     *
     * @param activityId a launched activity
     * @param shard shard index
     * @param units units to add, at least one
     */
    public void addStock(long activityId, int shard, long units) {
        ActivityState a = find(activityId);
        if (a == null) {
            throw new InvalidRequestException("activityId", "no activity " + activityId + " is launched");
        }
        if (shard < 0 || shard >= a.shardCount() || units < 1) {
            throw new InvalidRequestException("shard", "shard must be 0.." + (a.shardCount() - 1) + " and units >= 1");
        }
        gate.addStock(activityId, shard, units);
        restocked(activityId);
    }

    private void restocked(long activityId) {
        ActivityState a = find(activityId);
        if (a != null && a.reopen()) {
            listener.reopened(activityId);
        }
    }

    /**
     * @param activityId activity
     * @return whether this JVM's sold-out flag is up for it
     */
    public boolean isSoldOut(long activityId) {
        ActivityState a = find(activityId);
        return a != null && a.soldOut();
    }

    /**
     * @param activityId activity
     * @return units per shard in the admission backend
     */
    public long[] remaining(long activityId) {
        return gate.remaining(activityId);
    }

    /**
     * @param activityId activity
     * @return its configuration, if launched on this engine
     */
    public Optional<ActivityConfig> activity(long activityId) {
        ActivityState a = find(activityId);
        return a == null ? Optional.empty() : Optional.of(a.config);
    }

    private ActivityState find(long activityId) {
        ActivityState[] all = activities;
        int lo = 0;
        int hi = all.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long id = all[mid].id;
            if (id < activityId) {
                lo = mid + 1;
            } else if (id > activityId) {
                hi = mid - 1;
            } else {
                return all[mid];
            }
        }
        return null;
    }

    /** Stops listening for restocks. The gate and the queue belong to the caller and stay open. */
    @Override
    public void close() {
        try {
            restockSubscription.close();
        } catch (Exception e) {
            LOG.warn("could not unsubscribe from restocks", e);
        }
    }

    /** Builds a {@link FlashSale}. */
    public static final class Builder {
        private final AdmissionGate gate;
        private final OrderQueue queue;
        private OrderIdGenerator orderIds;
        private InstantSource clock = InstantSource.system();
        private SeckillListener listener = SeckillListener.NOOP;
        private AdmissionThrottle throttle = AdmissionThrottle.none();
        private DegradedAdmission degraded = DegradedAdmission.reject();
        private Duration claimLease = Duration.ofSeconds(10);
        private Duration dataRetention = Duration.ofDays(1);
        private Duration publishTimeout = Duration.ofSeconds(30);
        private Duration soldOutRecheck = Duration.ofSeconds(5);

        private Builder(AdmissionGate gate, OrderQueue queue) {
            this.gate = Objects.requireNonNull(gate, "gate");
            this.queue = Objects.requireNonNull(queue, "queue");
        }

        /**
         * @param generator order ids; give each JVM of a deployment its own worker id. Default:
         *     {@link OrderIdGenerator#jvmDefault()}, shared by the engines of this JVM, right for a single JVM only.
         * @return this
         */
        public Builder orderIds(OrderIdGenerator generator) {
            this.orderIds = Objects.requireNonNull(generator);
            return this;
        }

        /**
         * @param source the wall clock: activity windows, admission times, leases
         * @return this
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source);
            return this;
        }

        /**
         * @param eventListener receives the engine's events
         * @return this
         */
        public Builder listener(SeckillListener eventListener) {
            this.listener = Objects.requireNonNull(eventListener);
            return this;
        }

        /**
         * @param admissionThrottle turns attempts away before they touch stock
         * @return this
         */
        public Builder throttle(AdmissionThrottle admissionThrottle) {
            this.throttle = Objects.requireNonNull(admissionThrottle);
            return this;
        }

        /**
         * @param mode what to do while the admission backend is down
         * @return this
         */
        public Builder degradedAdmission(DegradedAdmission mode) {
            this.degraded = Objects.requireNonNull(mode);
            return this;
        }

        /**
         * @param lease how long a claim that is not confirmed yet blocks its user (a crashed attempt's claim frees
         *     itself after this)
         * @return this
         */
        public Builder claimLease(Duration lease) {
            this.claimLease = positive(lease, "claimLease");
            return this;
        }

        /**
         * @param retention how long after an activity's payment window its admission data is kept
         * @return this
         */
        public Builder dataRetention(Duration retention) {
            this.dataRetention = positive(retention, "dataRetention");
            return this;
        }

        /**
         * @param timeout the longest a synchronous attempt waits for the queue; past it the outcome is unknown (retry
         *     with the same request id)
         * @return this
         */
        public Builder publishTimeout(Duration timeout) {
            this.publishTimeout = positive(timeout, "publishTimeout");
            return this;
        }

        /**
         * @param interval how often a sold-out activity re-reads the backend, in case a restock notification was
         *     missed; one attempt per interval pays one round trip
         * @return this
         */
        public Builder soldOutRecheck(Duration interval) {
            this.soldOutRecheck = positive(interval, "soldOutRecheck");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        /** @return the engine */
        public FlashSale build() {
            return new FlashSale(this);
        }
    }
}
