package io.github.seckill.lifecycle;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.StockGiveBack;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.StockLedger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an order after admission: polling, payment, and giving stock back when a payment fails or times out.
 *
 * <p>The ledger decides every transition (its guarded status updates make a payment racing a timeout safe); when it
 * releases an order, the lifecycle gives the order's units back to the admission layer through a
 * {@link StockGiveBack} (the engine, or the admission backend itself), which reopens the activity on every JVM, so
 * released stock is sold again instead of staying undersold. Thread-safe.
 *
 * <pre>{@code
 * OrderLifecycle lifecycle = OrderLifecycle.builder(sale, ledger).build();
 * AutoCloseable sweeps = lifecycle.scheduleSweeps(scheduler, Duration.ofSeconds(5));
 * lifecycle.paymentSucceeded(orderId);   // from the payment provider's callback
 * }</pre>
 */
public final class OrderLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);

    private final StockGiveBack giveBack;
    private final StockLedger ledger;
    private final InstantSource clock;
    private final int sweepBatch;
    private final SeckillListener listener;

    private OrderLifecycle(Builder b) {
        this.ledger = b.ledger;
        this.clock = b.clock;
        this.sweepBatch = b.sweepBatch;
        this.listener = Listeners.safe(b.listener);
        this.giveBack = b.giveBack.reportingTo(listener);
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
     * @return the order as the ledger knows it, or "processing" while it is still queued
     */
    public OrderView poll(long orderId) {
        return new OrderView(orderId, ledger.findOrder(orderId).orElse(null));
    }

    /**
     * Polling on behalf of a buyer: another buyer's order reads as unknown (its existence is not revealed), an order id
     * that collided with another buyer's reads as this buyer's failed order.
     *
     * @param orderId an order id the buyer got when admitted
     * @param userId the buyer
     * @return the buyer's order as the ledger knows it, or "processing" while it is still queued (or not theirs)
     */
    public OrderView poll(long orderId, long userId) {
        return new OrderView(orderId, ledger.findOrder(orderId, userId).orElse(null));
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
        return ledger.confirmPayment(orderId);
    }

    /**
     * The payment failed or the buyer cancelled: the order is closed and its units are sold again. Idempotent: a
     * repeated call for a closed order gives its units back again, which admission does once per order, so a call
     * whose first answer was lost (the ledger closed the order, then the connection failed) can simply be retried.
     *
     * @param orderId the order
     * @return what the ledger did; on {@link ReleaseResult.Outcome#RELEASED} the units went back to admission too
     */
    public ReleaseResult paymentFailed(long orderId) {
        ReleaseResult result = ledger.release(orderId);
        boolean closed = result.outcome() == ReleaseResult.Outcome.RELEASED
                || result.outcome() == ReleaseResult.Outcome.ALREADY_CLOSED;
        if (closed && result.order() != null) {
            giveBack(result.order());
        }
        return result;
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
            batch.forEach(this::giveBack);
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
        long millis = every.toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException("sweep interval must be at least a millisecond");
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

        private Builder(StockGiveBack giveBack, StockLedger ledger) {
            this.giveBack = Objects.requireNonNull(giveBack, "giveBack");
            this.ledger = Objects.requireNonNull(ledger, "ledger");
        }

        /**
         * @param source decides when a payment has timed out
         * @return this
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source);
            return this;
        }

        /**
         * @param orders the most orders one sweep step releases, at least one
         * @return this
         */
        public Builder sweepBatch(int orders) {
            if (orders < 1) {
                throw new IllegalArgumentException("sweepBatch must be >= 1, was " + orders);
            }
            this.sweepBatch = orders;
            return this;
        }

        /**
         * @param eventListener told when units could not be given back
         * @return this
         */
        public Builder listener(SeckillListener eventListener) {
            this.listener = Objects.requireNonNull(eventListener);
            return this;
        }

        /** @return the lifecycle */
        public OrderLifecycle build() {
            return new OrderLifecycle(this);
        }
    }
}
