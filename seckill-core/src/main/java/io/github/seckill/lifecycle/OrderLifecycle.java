package io.github.seckill.lifecycle;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.StockGiveBack;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.CancelRequest;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.status.OrderStates;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an order after admission: polling, payment, cancels, and giving stock back when a payment fails or times
 * out or an order is cancelled.
 *
 * <p>The ledger decides every transition (its guarded status updates make a payment racing a timeout safe); when it
 * releases an order, the lifecycle gives the order's units back to the admission layer through a
 * {@link StockGiveBack} (the engine, or the admission backend itself), which reopens the activity on every JVM, so
 * released stock is sold again instead of staying undersold. Thread-safe.
 *
 * <p>Every transition the ledger makes here is also told to the listener as an
 * {@link SeckillListener#orderUpdated order update} (see {@code StatusPublisher} for pushing them to buyers).
 *
 * <pre>{@code
 * OrderLifecycle lifecycle = OrderLifecycle.builder(sale, ledger).admission(gate)
 *         .sweepEvery(Duration.ofSeconds(5)).build();   // closes timed-out orders until lifecycle.close()
 * lifecycle.paymentSucceeded(orderId);   // from the payment provider's callback
 * }</pre>
 */
public final class OrderLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);

    private final StockGiveBack giveBack;
    private final StockLedger ledger;
    private final InstantSource clock;
    private final int sweepBatch;
    private final SeckillListener listener;
    private final @Nullable AdmissionGate admission;
    private final @Nullable ScheduledExecutorService ownScheduler;
    private final @Nullable AutoCloseable ownSweeps;

    private OrderLifecycle(Builder b) {
        this.ledger = b.ledger;
        this.clock = b.clock;
        this.sweepBatch = b.sweepBatch;
        this.listener = Listeners.safe(b.listener);
        this.giveBack = b.giveBack.reportingTo(listener);
        this.admission = b.admission;
        Duration every = b.sweepEvery;
        if (every == null) {
            this.ownScheduler = null;
            this.ownSweeps = null;
        } else {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seckill-timeout-sweep");
                t.setDaemon(true);
                return t;
            });
            this.ownScheduler = scheduler;
            this.ownSweeps = scheduleSweeps(scheduler, every);
        }
    }

    /**
     * @param giveBack where released units go back: the engine whose admissions the orders came from, or
     *     {@link StockGiveBack#through} the admission backend
     * @param ledger the ledger the orders are settled in
     * @return a builder: system clock, sweeps of 500 orders
     */
    public static Builder builder(StockGiveBack giveBack, StockLedger ledger) {
        return new Builder(giveBack, ledger);
    }

    /**
     * @param orderId an order id a buyer got when admitted
     * @return the order as the ledger knows it, or "processing" while it is not there (queued, or unknown: this form
     *     cannot tell them apart; {@link #poll(long, long, long)} can)
     */
    public OrderView poll(long orderId) {
        InvalidRequestException.requirePositive(orderId, "orderId");
        OrderRecord order = ledger.findOrder(orderId).orElse(null);
        return order != null ? OrderView.of(order) : OrderView.processing(orderId);
    }

    /**
     * Polling on behalf of a buyer: another buyer's order reads as unknown (its existence is not revealed), an order id
     * that collided with another buyer's reads as this buyer's failed order.
     *
     * @param orderId an order id the buyer got when admitted
     * @param userId the buyer
     * @return the buyer's order as the ledger knows it, or "processing" while it is not there (queued, or not theirs)
     */
    public OrderView poll(long orderId, long userId) {
        InvalidRequestException.requirePositive(orderId, "orderId");
        InvalidRequestException.requirePositive(userId, "userId");
        OrderRecord order = ledger.findOrder(orderId, userId).orElse(null);
        return order != null ? OrderView.of(order) : OrderView.processing(orderId);
    }

    /**
     * Polling on behalf of a buyer that tells "still queued" from "unknown": an order the ledger does not have yet is
     * queued when admission holds it for this buyer (their slot, or units taken for it), and unknown otherwise (never
     * admitted, another buyer's, or admitted around a failed admission backend on another instance, which the ledger
     * answers soon).
     *
     * @param activityId the order's activity
     * @param orderId an order id the buyer got when admitted
     * @param userId the buyer
     * @return the order's state: recorded, queued or unknown
     * @throws IllegalStateException unless the builder was given the admission gate
     */
    public OrderView poll(long activityId, long orderId, long userId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        InvalidRequestException.requirePositive(orderId, "orderId");
        InvalidRequestException.requirePositive(userId, "userId");
        AdmissionGate gate = admission;
        if (gate == null) {
            throw new IllegalStateException("polling for queued orders needs OrderLifecycle.Builder.admission(gate)");
        }
        OrderRecord order = ledger.findOrder(orderId, userId).orElse(null);
        if (order != null) {
            return order.activityId() == activityId ? OrderView.of(order) : OrderView.unknown(orderId);
        }
        boolean slot = gate.dedupe().find(activityId, userId, clock.millis())
                .filter(c -> c.orderId() == orderId).isPresent();
        boolean taken = slot || gate.stock().findTaken(activityId, orderId)
                .filter(t -> t.userId() == userId).isPresent();
        if (slot || taken) {
            return OrderView.queued(orderId);
        }
        // Settled between the two reads?
        order = ledger.findOrder(orderId, userId).orElse(null);
        return order != null && order.activityId() == activityId ? OrderView.of(order) : OrderView.unknown(orderId);
    }

    /**
     * A payment of a buyer's own order; another buyer's order is refused without a change.
     *
     * @param orderId the order
     * @param userId the buyer paying
     * @return what the ledger did
     * @throws InvalidRequestException naming {@code orderId} if the buyer has no such order
     */
    public PaymentResult paymentSucceeded(long orderId, long userId) {
        requireOwn(orderId, userId);
        return paymentSucceeded(orderId);
    }

    /**
     * A failed payment of a buyer's own order; another buyer's order is refused without a change.
     *
     * @param orderId the order
     * @param userId the buyer
     * @return what the ledger did
     * @throws InvalidRequestException naming {@code orderId} if the buyer has no such order
     */
    public ReleaseResult paymentFailed(long orderId, long userId) {
        requireOwn(orderId, userId);
        return paymentFailed(orderId);
    }

    private void requireOwn(long orderId, long userId) {
        InvalidRequestException.requirePositive(orderId, "orderId");
        InvalidRequestException.requirePositive(userId, "userId");
        // The row of that id must be this buyer's: a collided id's row belongs to another buyer.
        if (ledger.findOrder(orderId).filter(o -> o.userId() == userId).isEmpty()) {
            throw new InvalidRequestException("orderId",
                    "user " + userId + " has no order " + orderId);
        }
    }

    /**
     * The payment provider confirmed a payment. Idempotent; a payment for an order that holds no units (closed, failed,
     * sold out) is recorded as needing a refund.
     *
     * @param orderId the order
     * @return what the ledger did
     */
    public PaymentResult paymentSucceeded(long orderId) {
        InvalidRequestException.requirePositive(orderId, "orderId");
        PaymentResult result = ledger.confirmPayment(orderId);
        if (result.outcome() == PaymentResult.Outcome.PAID
                || result.outcome() == PaymentResult.Outcome.REFUND_REQUIRED) {
            ledger.findOrder(orderId).ifPresent(this::updated);
        }
        return result;
    }

    /**
     * The payment failed: the order is closed and its units are given back. Idempotent: a repeated call for a closed
     * order gives its units back again, which admission does once per order, so a call whose first answer was lost
     * (the ledger closed the order, then the connection failed) can simply be retried.
     *
     * @param orderId the order
     * @return what the ledger did; on {@link ReleaseResult.Outcome#RELEASED} the units went back to admission too
     */
    public ReleaseResult paymentFailed(long orderId) {
        InvalidRequestException.requirePositive(orderId, "orderId");
        return released(ledger.release(orderId));
    }

    /**
     * The buyer cancels their own order while it waits for payment: it is cancelled and its units are given back.
     * Idempotent like {@link #paymentFailed(long)}.
     *
     * @param orderId the order
     * @param userId the buyer
     * @return {@code RELEASED}; {@code ALREADY_CLOSED} for a closed or cancelled order; {@code ALREADY_PAID} (a paid
     *     order is not cancelled by its buyer); {@code NOT_FOUND} also for another buyer's order
     */
    public ReleaseResult cancel(long orderId, long userId) {
        InvalidRequestException.requirePositive(orderId, "orderId");
        InvalidRequestException.requirePositive(userId, "userId");
        return released(ledger.cancel(CancelRequest.byBuyer(orderId, userId)));
    }

    /**
     * An operator cancels an order (a risk rule, a fraud report): a pending order is cancelled, a paid one recorded as
     * to be refunded; either way its units are given back. The reason is kept in the ledger.
     *
     * @param orderId the order
     * @param reason why, 1 to 255 characters
     * @return {@code RELEASED} or {@code REFUNDED}; {@code ALREADY_CLOSED}, {@code NOT_HELD} or {@code NOT_FOUND} when
     *     nothing changed
     * @throws InvalidRequestException naming {@code reason} when it is blank or too long
     */
    public ReleaseResult cancelByOperator(long orderId, String reason) {
        InvalidRequestException.requirePositive(orderId, "orderId");
        InvalidRequestException.requireText(reason, CancelRequest.MAX_REASON_LENGTH, "reason");
        CancelRequest request;
        try {
            request = CancelRequest.byOperator(orderId, reason);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRequestException("reason", "must be 1..255 characters, not blank");
        }
        return released(ledger.cancel(request));
    }

    /** Gives the units of an order the ledger just released (or released before: a retried call) back. */
    private ReleaseResult released(ReleaseResult result) {
        OrderRecord order = result.order();
        if (order == null) {
            return result;
        }
        if (result.released()) {
            updated(order);
            giveBack(order);
        } else if (result.outcome() == ReleaseResult.Outcome.ALREADY_CLOSED) {
            giveBack(order);
        }
        return result;
    }

    private void updated(OrderRecord order) {
        listener.orderUpdated(OrderStates.update(order));
    }

    /**
     * Closes every order whose payment timed out, in batches, and sells their units again.
     *
     * @return the orders closed by this call
     */
    public int releaseExpired() {
        int released = 0;
        while (true) {
            List<OrderRecord> batch = ledger.releaseExpired(clock.instant(), sweepBatch);
            for (OrderRecord order : batch) {
                updated(order);
                giveBack(order);
            }
            released += batch.size();
            if (batch.size() < sweepBatch) {
                return released;
            }
        }
    }

    /**
     * Runs {@link #releaseExpired()} periodically. Several instances may sweep at once: the ledger releases each
     * order exactly once.
     *
     * @param scheduler runs the sweeps
     * @param every the pause between sweeps
     * @return a handle that stops the sweeps
     */
    public AutoCloseable scheduleSweeps(ScheduledExecutorService scheduler, Duration every) {
        InvalidRequestException.requireNonNull(scheduler, "scheduler");
        long millis = InvalidRequestException.requirePositive(every, "every").toMillis();
        if (millis < 1) {
            throw new InvalidRequestException("every", "must be at least a millisecond, was " + every);
        }
        ScheduledFuture<?> sweeps = scheduler.scheduleWithFixedDelay(() -> {
            try {
                releaseExpired();
            } catch (RuntimeException e) {
                LOG.warn("timeout sweep failed; the next one retries", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return () -> sweeps.cancel(false);
    }

    /** Stops the sweeps {@link Builder#sweepEvery} started, if any. The ledger and admission stay open. */
    @Override
    public void close() {
        AutoCloseable sweeps = ownSweeps;
        ScheduledExecutorService scheduler = ownScheduler;
        if (sweeps != null && scheduler != null) {
            try {
                sweeps.close();
            } catch (Exception e) {
                LOG.warn("could not stop the timeout sweeps", e);
            }
            scheduler.shutdownNow();
        }
    }

    /** The ledger released the order: its admission units go back, or reconciliation must repair the undersell. */
    private void giveBack(OrderRecord order) {
        giveBack.giveBack(HeldUnits.of(order));
    }

    /** Builds an {@link OrderLifecycle}. */
    public static final class Builder {
        private final StockGiveBack giveBack;
        private final StockLedger ledger;
        private InstantSource clock = InstantSource.system();
        private int sweepBatch = 500;
        private SeckillListener listener = SeckillListener.NOOP;
        private @Nullable AdmissionGate admission;
        private @Nullable Duration sweepEvery;

        private Builder(StockGiveBack giveBack, StockLedger ledger) {
            this.giveBack = InvalidRequestException.requireNonNull(giveBack, "giveBack");
            this.ledger = InvalidRequestException.requireNonNull(ledger, "ledger");
        }

        /**
         * @param source decides when a payment has timed out
         * @return this
         */
        public Builder clock(InstantSource source) {
            this.clock = InvalidRequestException.requireNonNull(source, "clock");
            return this;
        }

        /**
         * @param orders the most orders one sweep step releases, at least one
         * @return this
         */
        public Builder sweepBatch(int orders) {
            if (orders < 1) {
                throw new InvalidRequestException("sweepBatch", "must be at least 1, was " + orders);
            }
            this.sweepBatch = orders;
            return this;
        }

        /**
         * @param eventListener told every order update and when units could not be given back
         * @return this
         */
        public Builder listener(SeckillListener eventListener) {
            this.listener = InvalidRequestException.requireNonNull(eventListener, "listener");
            return this;
        }

        /**
         * @param gate the admission backend the orders came through: lets {@link #poll(long, long, long)} tell a
         *     queued order from an unknown one
         * @return this
         */
        public Builder admission(AdmissionGate gate) {
            this.admission = InvalidRequestException.requireNonNull(gate, "admission");
            return this;
        }

        /**
         * Runs the timeout sweep on a thread of the lifecycle's own, every so often, until
         * {@link OrderLifecycle#close()}. Match it to the activities' payment timeout (a few seconds for minutes of
         * timeout): an order is released at most this long after its payment timed out.
         *
         * @param every the pause between sweeps, at least a millisecond
         * @return this
         */
        public Builder sweepEvery(Duration every) {
            if (InvalidRequestException.requirePositive(every, "sweepEvery").toMillis() < 1) {
                throw new InvalidRequestException("sweepEvery", "must be at least a millisecond, was " + every);
            }
            this.sweepEvery = every;
            return this;
        }

        /** @return the lifecycle */
        public OrderLifecycle build() {
            return new OrderLifecycle(this);
        }
    }
}
