package io.github.seckill.engine;

import io.github.seckill.InvalidRequestException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.Reconciler;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/** Builds a {@link FlashSale}: {@code FlashSale.builder(gate, queue)...build()}. Every setter checks its value. */
public final class FlashSaleBuilder {

    final AdmissionGate gate;
    final OrderQueue queue;
    @Nullable OrderIdGenerator orderIds;
    InstantSource clock = InstantSource.system();
    SeckillListener listener = SeckillListener.NOOP;
    AdmissionThrottle throttle = AdmissionThrottle.none();
    DegradedAdmission degraded = DegradedAdmission.reject();
    Duration claimLease = Duration.ofSeconds(10);
    Duration dataRetention = Duration.ofDays(1);
    Duration publishTimeout = Duration.ofSeconds(30);
    Duration soldOutRecheck = Duration.ofSeconds(5);
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    @Nullable CircuitBreakerConfig queueBreaker;
    @Nullable Reconciler reconciler;
    @Nullable Waitlist waitlist;
    @Nullable SharedShardBitmap sharedBitmap;
    Duration sharedBitmapRefresh = Duration.ofMillis(50);

    FlashSaleBuilder(AdmissionGate gate, OrderQueue queue) {
        this.gate = InvalidRequestException.requireNonNull(gate, "gate");
        this.queue = InvalidRequestException.requireNonNull(queue, "queue");
    }

    /**
     * @param generator order ids; give each JVM of a deployment its own worker id. Default:
     *     {@link OrderIdGenerator#jvmDefault()}, shared by the engines of this JVM, right for a single JVM only.
     * @return this
     */
    public FlashSaleBuilder orderIds(OrderIdGenerator generator) {
        this.orderIds = InvalidRequestException.requireNonNull(generator, "orderIds");
        return this;
    }

    /**
     * @param source the wall clock: activity windows, admission times, leases
     * @return this
     */
    public FlashSaleBuilder clock(InstantSource source) {
        this.clock = InvalidRequestException.requireNonNull(source, "clock");
        return this;
    }

    /**
     * @param eventListener receives the engine's events
     * @return this
     */
    public FlashSaleBuilder listener(SeckillListener eventListener) {
        this.listener = InvalidRequestException.requireNonNull(eventListener, "listener");
        return this;
    }

    /**
     * @param admissionThrottle turns attempts away before they touch stock
     * @return this
     */
    public FlashSaleBuilder throttle(AdmissionThrottle admissionThrottle) {
        this.throttle = InvalidRequestException.requireNonNull(admissionThrottle, "throttle");
        return this;
    }

    /**
     * @param mode what to do while the admission backend is down
     * @return this
     */
    public FlashSaleBuilder degradedAdmission(DegradedAdmission mode) {
        this.degraded = InvalidRequestException.requireNonNull(mode, "degradedAdmission");
        return this;
    }

    /**
     * @param lease how long a claim that is not confirmed yet blocks its user (a crashed attempt's claim frees itself
     *     after this)
     * @return this
     */
    public FlashSaleBuilder claimLease(Duration lease) {
        this.claimLease = positive(lease, "claimLease");
        return this;
    }

    /**
     * @param retention how long after an activity's payment window its admission data is kept
     * @return this
     */
    public FlashSaleBuilder dataRetention(Duration retention) {
        this.dataRetention = positive(retention, "dataRetention");
        return this;
    }

    /**
     * @param timeout the longest a synchronous attempt waits for the queue; past it the outcome is unknown (retry with
     *     the same request id)
     * @return this
     */
    public FlashSaleBuilder publishTimeout(Duration timeout) {
        this.publishTimeout = positive(timeout, "publishTimeout");
        return this;
    }

    /**
     * @param interval how often a sold-out activity re-reads the backend, in case a restock notification was missed;
     *     one attempt per interval pays one round trip
     * @return this
     */
    public FlashSaleBuilder soldOutRecheck(Duration interval) {
        this.soldOutRecheck = positive(interval, "soldOutRecheck");
        return this;
    }

    /**
     * @param registry where the engine keeps its circuit breakers ({@code seckill-admission-<activity>} per activity,
     *     {@code seckill-queue} for the queue), so that a metrics binding of the registry sees them; default a
     *     registry of its own. Retired activities' breakers are removed from it.
     * @return this
     */
    public FlashSaleBuilder breakers(CircuitBreakerRegistry registry) {
        this.breakers = InvalidRequestException.requireNonNull(registry, "breakers");
        return this;
    }

    /**
     * @param settings the breaker around the order queue: while it is open, attempts fail fast with
     *     {@link io.github.seckill.OrderNotQueuedException} before taking any stock; default opens at 50% failed
     *     publishes among at least 5 in 10 s, probes again after 2 s
     * @return this
     */
    public FlashSaleBuilder queueBreaker(CircuitBreakerConfig settings) {
        this.queueBreaker = InvalidRequestException.requireNonNull(settings, "queueBreaker");
        return this;
    }

    /**
     * @param admissionReconciler keeps admission in step with the ledger: launches load activities through it (from
     *     the ledger when it knows them), and the engine asks it to run when every shard reads zero, when admission
     *     data is found lost, and when a breaker closes. Without it, launches load the configured stock and nothing
     *     repairs undersell or drift.
     * @return this
     */
    public FlashSaleBuilder reconciler(Reconciler admissionReconciler) {
        this.reconciler = InvalidRequestException.requireNonNull(admissionReconciler, "reconciler");
        return this;
    }

    /**
     * @param activityWaitlist the waitlist kept with the gate's data (the backend's entry class has it), required for
     *     {@link io.github.seckill.GiveBackPolicy#WAITLIST_FIRST} activities
     * @return this
     */
    public FlashSaleBuilder waitlist(Waitlist activityWaitlist) {
        this.waitlist = InvalidRequestException.requireNonNull(activityWaitlist, "waitlist");
        return this;
    }

    /**
     * Routes by the shard bitmap every instance of the sale shares (the backend's entry class has one), instead of by
     * what this JVM alone saw: an instance then stops probing shards another instance saw run dry.
     *
     * @param bitmap the shared bitmap
     * @param refresh how often this JVM folds in what the others saw, per activity; one read each time, off the
     *     attempts' path
     * @return this
     */
    public FlashSaleBuilder sharedShardBitmap(SharedShardBitmap bitmap, Duration refresh) {
        this.sharedBitmap = InvalidRequestException.requireNonNull(bitmap, "sharedShardBitmap");
        this.sharedBitmapRefresh = positive(refresh, "refresh");
        return this;
    }

    /** @return the engine */
    public FlashSale build() {
        return FlashSale.build(this);
    }

    static Duration positive(Duration d, String name) {
        return InvalidRequestException.requirePositive(d, name);
    }
}
