package io.github.seckill.engine;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.StockGiveBack;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.shard.Shards;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * {@link io.github.seckill.OrderNotQueuedException}. Retrying with the same request id is always safe: it returns the
 * same order id.
 *
 * <pre>{@code
 * FlashSale sale = FlashSale.builder(gate, queue).orderIds(OrderIdGenerator.snowflake(podOrdinal)).build();
 * sale.launch(ActivityConfig.builder(888).stock(1000).shards(4).strategy(ShardStrategies.stealing()).build());
 * AttemptResult result = sale.attempt(888, userId, requestId);
 * }</pre>
 *
 * <p>The engine is a facade over package-private parts: the activity registry, screening (window, sold-out flag,
 * throttle), the degraded-mode decision and the publisher (queueing, compensation, replays).
 */
public final class FlashSale implements StockGiveBack, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlashSale.class);
    private static final long MAX_FAILURE_MEMORY_MILLIS = 2_000;
    /** The longest operation id {@link #addStock} takes. */
    public static final int MAX_OPERATION_ID_LENGTH = 256;

    private final AdmissionGate gate;
    private final OrderIdGenerator orderIds;
    private final InstantSource clock;
    private final SeckillListener listener;
    private final long retentionMillis;
    private final ActivityRegistry activities = new ActivityRegistry();
    private final Screening screening;
    private final DegradedMode degraded;
    private final AdmissionFlow flow;
    private final Reconciling reconciling;
    private final GiveBacks giveBacks;
    private final Publisher publisher;
    private final OrderQueue queue;
    private final Intake intake;
    private final AutoCloseable restockSubscription;
    private final SharedRouting routing;

    private FlashSale(FlashSaleBuilder b) {
        this.gate = b.gate;
        this.clock = b.clock;
        this.orderIds = b.orderIds != null ? b.orderIds : OrderIdGenerator.jvmDefault();
        this.listener = Listeners.safe(b.listener);
        this.intake = new Intake(listener);
        this.retentionMillis = b.dataRetention.toMillis();
        this.reconciling = new Reconciling(b.reconciler, gate.stock());
        SharedRouting routing = new SharedRouting(b.sharedBitmap, b.sharedBitmapRefresh.toMillis());
        this.routing = routing;
        this.screening = new Screening(gate.stock(), b.throttle, reconciling.screeningListener(listener), clock,
                b.soldOutRecheck.toMillis(), routing);
        long claimLeaseMillis = b.claimLease.toMillis();
        CircuitBreakerConfig queueConfig = b.queueBreaker != null ? b.queueBreaker
                : Publisher.defaultQueueBreaker(b.publishTimeout);
        this.queue = b.queue;
        this.publisher = new Publisher(b.queue, gate, listener, clock,
                Math.min(claimLeaseMillis, MAX_FAILURE_MEMORY_MILLIS), b.breakers.circuitBreaker("seckill-queue",
                        CircuitBreakerConfig.from(queueConfig).clock(clock.withZone(ZoneOffset.UTC)).build()));
        this.degraded = new DegradedMode(b.degraded, b.breakers, clock, listener, reconciling::runSoon);
        this.flow = new AdmissionFlow(gate, orderIds, clock, listener, screening, degraded, publisher,
                claimLeaseMillis, b.publishTimeout.toMillis(), reconciling, routing);
        this.giveBacks = new GiveBacks(gate, b.waitlist, orderIds, clock, listener, screening, publisher, routing);
        this.restockSubscription = gate.stock().onRestock(id -> screening.restocked(activities.find(id)));
        if (b.reconciler != null) {
            // Give-backs the reconciler finishes follow the activities' policies too (a waitlist first).
            b.reconciler.giveBackThrough(this);
        }
    }

    /**
     * @param gate the admission backend (dedupe and sharded stock)
     * @param queue where admitted orders go
     * @return a builder
     */
    public static FlashSaleBuilder builder(AdmissionGate gate, OrderQueue queue) {
        return new FlashSaleBuilder(gate, queue);
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
    public void launch(ActivityConfig config) {
        InvalidRequestException.requireNonNull(config, "config");
        if (config.hasWaitlist() && !giveBacks.hasWaitlist()) {
            throw new InvalidRequestException("giveBack", "activity " + config.activityId() + " gives units to its"
                    + " waitlist first, and this engine has none: set FlashSaleBuilder.waitlist");
        }
        activities.launch(config, c -> {
            reconciling.load(c);
            long[] remaining = gate.stock().remaining(c.activityId());
            if (remaining.length != c.shards()) {
                throw new InvalidRequestException("shards", "activity " + c.activityId() + " is stored with "
                        + remaining.length + " shards, not " + c.shards());
            }
            ActivityState state = new ActivityState(c, retentionMillis, degraded.breakerFor(c.activityId()));
            screening.launched(state, remaining);
            return state;
        });
    }

    /**
     * Retires an activity from this engine, keeping its backend data: attempts for it are then invalid here.
     *
     * @param activityId the activity
     * @return whether it was launched here
     */
    public boolean retire(long activityId) {
        return retire(activityId, BackendData.KEEP);
    }

    /**
     * Retires an activity from this engine, so that a long-running engine keeps state for live activities only.
     *
     * @param activityId the activity
     * @param data whether to delete its data in the admission backend too
     * @return whether it was launched here
     */
    public boolean retire(long activityId, BackendData data) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        InvalidRequestException.requireNonNull(data, "data");
        boolean retired = activities.remove(activityId) != null;
        degraded.remove(activityId);
        reconciling.retired(activityId);
        if (data == BackendData.DROP) {
            gate.remove(activityId);
        }
        if (retired) {
            listener.retired(activityId);
        }
        return retired;
    }

    /**
     * One attempt to buy one unit; see {@link #attempt(long, long, String, int)}.
     *
     * @param activityId a launched activity
     * @param userId the buyer, positive
     * @param requestId the buyer's idempotency key: 1 to 64 characters of {@code [A-Za-z0-9._:-]}
     * @return the outcome
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
     * @throws io.github.seckill.OrderNotQueuedException when the queue refused the admitted order (its admission was
     *     given back)
     * @throws AttemptOutcomeUnknownException when the outcome is unknown; retry with the same request id
     * @throws BackendUnavailableException when the admission backend failed and degraded admission is off
     */
    public AttemptResult attempt(long activityId, long userId, String requestId, int quantity) {
        ActivityState a = activities.require(activityId);
        AttemptInput.check(a, userId, requestId, quantity);
        return intake.attempt(activityId, () -> flow.attempt(a, userId, requestId, quantity));
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
        try {
            ActivityState a = activities.require(activityId);
            AttemptInput.check(a, userId, requestId, quantity);
            long start = System.nanoTime();
            if (!intake.enterAsync(activityId, start)) {
                return CompletableFuture.completedFuture(AttemptResult.Rejected.CLOSING);
            }
            CompletionStage<AttemptResult> stage;
            try {
                stage = flow.attemptAsync(a, userId, requestId, quantity);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            return intake.whenAnswered(activityId, start, stage);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Gives a released order's units back (payment failed or timed out, cancelled, turned away by the ledger), once,
     * as its activity's {@link io.github.seckill.GiveBackPolicy} says: back to open sale, reopening the activity here
     * at once and, through the backend's restock notifications, on every JVM; first to the buyers on its waitlist, as
     * new orders queued like admissions; or not at all. The buyer's slot stays taken: one order per user and activity.
     * An activity not launched here goes back to open sale.
     *
     * @param units the order's units; nothing to give back for a degraded admission
     * @return whether units left the order now (to the shards or to waiting buyers)
     */
    @Override
    public boolean giveBack(HeldUnits units) {
        InvalidRequestException.requireNonNull(units, "units");
        return giveBacks.giveBack(activities.find(units.activityId()), units);
    }

    /**
     * A buyer turned away as sold out asks to wait for released units ({@link io.github.seckill.GiveBackPolicy#WAITLIST_FIRST}
     * activities). The buyer is told through the order's status when a unit becomes their order.
     *
     * @param activityId a launched activity
     * @param userId the buyer, positive
     * @return joined (with the position on the buyer's shard's waitlist), already waiting, or why not
     * @throws InvalidRequestException on bad input
     */
    public JoinResult joinWaitlist(long activityId, long userId) {
        ActivityState a = activities.require(activityId);
        AttemptInput.checkUser(userId);
        return giveBacks.join(a, userId);
    }

    /**
     * @param activityId a launched activity
     * @param userId the buyer
     * @return the buyer's position on their shard's waitlist (1 is next), if they wait
     */
    public OptionalLong waitlistPosition(long activityId, long userId) {
        ActivityState a = activities.require(activityId);
        AttemptInput.checkUser(userId);
        return a.config.hasWaitlist() ? giveBacks.requireWaitlist().position(activityId, userId) : OptionalLong.empty();
    }

    /**
     * @param activityId a launched activity
     * @param userId the buyer
     * @return whether the buyer waited and no longer does
     */
    public boolean leaveWaitlist(long activityId, long userId) {
        ActivityState a = activities.require(activityId);
        AttemptInput.checkUser(userId);
        return a.config.hasWaitlist() && giveBacks.requireWaitlist().leave(activityId, userId);
    }

    /**
     * Adds units to an activity's shard by hand and reopens it on every JVM. Reconciliation does this on its own from
     * the ledger; this is for an operator's correction.
     *
     * @param activityId a launched activity
     * @param shard shard index
     * @param units units to add, at least one
     * @param operationId unique per intended addition: the same id again adds nothing
     */
    public void addStock(long activityId, int shard, long units, String operationId) {
        ActivityState a = activities.require(activityId);
        if (shard < 0 || shard >= a.shardCount()) {
            throw new InvalidRequestException("shard", "must be 0.." + (a.shardCount() - 1) + ", was " + shard);
        }
        if (units < 1 || units > ActivityConfig.MAX_STOCK) {
            throw new InvalidRequestException("units", "must be 1.." + ActivityConfig.MAX_STOCK + ", was " + units);
        }
        InvalidRequestException.requireText(operationId, MAX_OPERATION_ID_LENGTH, "operationId");
        gate.stock().addStock(activityId, shard, units, operationId);
        routing.changed(a, 0, Shards.bit(shard));
        screening.restocked(a);
    }

    /**
     * @param activityId activity
     * @return whether this JVM's sold-out flag is up for it
     */
    public boolean isSoldOut(long activityId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        ActivityState a = activities.find(activityId);
        return a != null && a.soldOut();
    }

    /**
     * @param activityId activity
     * @return units per shard in the admission backend
     */
    public long[] remaining(long activityId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        return gate.stock().remaining(activityId);
    }

    /**
     * @param activityId activity
     * @return its configuration, if launched on this engine
     */
    public Optional<ActivityConfig> activity(long activityId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        ActivityState a = activities.find(activityId);
        return a == null ? Optional.empty() : Optional.of(a.config);
    }

    /**
     * @param publishTimeout the engine's publish timeout
     * @return the default breaker around the queue (see {@link FlashSaleBuilder#queueBreaker}), to start from
     */
    public static CircuitBreakerConfig defaultQueueBreaker(Duration publishTimeout) {
        InvalidRequestException.requirePositive(publishTimeout, "publishTimeout");
        return Publisher.defaultQueueBreaker(publishTimeout);
    }

    /** @return how many activities are launched on this engine */
    public int activityCount() {
        return activities.size();
    }

    /**
     * @return a graceful stop of this engine: new attempts answer {@link AttemptResult.Outcome#CLOSING}, what is under
     *     way finishes and is settled, then {@link Drain#run} closes the engine and what it was handed
     */
    public Drain drain() {
        return new Drain(this, intake, publisher, queue);
    }

    /** @return whether the engine is draining (new attempts answer {@code CLOSING}) */
    public boolean isClosing() {
        return intake.closing();
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

    /** @return a builder's settings as the engine reads them */
    static FlashSale build(FlashSaleBuilder b) {
        return new FlashSale(b);
    }
}
