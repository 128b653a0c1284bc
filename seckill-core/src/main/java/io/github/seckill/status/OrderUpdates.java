package io.github.seckill.status;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ledger.StockLedger;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-order and per-activity subscriptions of this instance over one {@link OrderStatusFeed} subscription per
 * activity. A watch of an order reads it from the ledger once after subscribing, so an order settled just before the
 * subscription is not missed; each watcher sees each state at most once, and never an earlier state after a later
 * one (a late "queued" after "paid" is dropped). Thread-safe.
 */
public final class OrderUpdates implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderUpdates.class);

    private final OrderStatusFeed feed;
    private final StockLedger ledger;
    private final Map<Long, Activity> activities = new HashMap<>();

    /** One feed subscription and its watchers. Guarded by the enclosing instance. */
    private final class Activity {
        final long activityId;
        final AutoCloseable subscription;
        final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();

        Activity(long activityId) {
            this.activityId = activityId;
            this.subscription = feed.subscribe(activityId, this::deliver);
        }

        void deliver(OrderUpdate update) {
            for (Watcher w : watchers) {
                w.offer(update);
            }
        }
    }

    /** One subscriber: of one order, or of every order of the activity ({@code orderId} 0). */
    private static final class Watcher {
        final long orderId;
        final Consumer<OrderUpdate> subscriber;
        private @Nullable OrderState last;

        Watcher(long orderId, Consumer<OrderUpdate> subscriber) {
            this.orderId = orderId;
            this.subscriber = subscriber;
        }

        void offer(OrderUpdate update) {
            if (orderId != 0 && update.orderId() != orderId) {
                return;
            }
            synchronized (this) {
                if (orderId != 0) {
                    OrderState seen = last;
                    if (seen == update.state() || (seen != null && rank(update.state()) < rank(seen))) {
                        return;
                    }
                    last = update.state();
                }
            }
            try {
                subscriber.accept(update);
            } catch (RuntimeException e) {
                LOG.warn("order update subscriber failed", e);
            }
        }
    }

    /**
     * @param feed the feed updates come from
     * @param ledger read once per order watch, after subscribing
     */
    public OrderUpdates(OrderStatusFeed feed, StockLedger ledger) {
        this.feed = InvalidRequestException.requireNonNull(feed, "feed");
        this.ledger = InvalidRequestException.requireNonNull(ledger, "ledger");
    }

    /**
     * Tells a subscriber every new state of one order, starting with its state now if the ledger has it.
     *
     * @param activityId the order's activity
     * @param orderId the order, positive
     * @param subscriber told each state once, in order
     * @return a handle that ends the watch
     */
    public AutoCloseable watch(long activityId, long orderId, Consumer<OrderUpdate> subscriber) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        InvalidRequestException.requirePositive(orderId, "orderId");
        Watcher w = new Watcher(orderId, InvalidRequestException.requireNonNull(subscriber, "subscriber"));
        AutoCloseable handle = add(activityId, w);
        ledger.findOrder(orderId).filter(o -> o.activityId() == activityId).map(OrderStates::update)
                .ifPresent(w::offer);
        return handle;
    }

    /**
     * @param activityId the activity
     * @param subscriber told every update of every order of the activity (a dashboard)
     * @return a handle that ends the watch
     */
    public AutoCloseable watchActivity(long activityId, Consumer<OrderUpdate> subscriber) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        return add(activityId, new Watcher(0, InvalidRequestException.requireNonNull(subscriber, "subscriber")));
    }

    private synchronized AutoCloseable add(long activityId, Watcher w) {
        Activity a = activities.computeIfAbsent(activityId, Activity::new);
        a.watchers.add(w);
        return () -> remove(a, w);
    }

    private synchronized void remove(Activity a, Watcher w) {
        if (a.watchers.remove(w) && a.watchers.isEmpty() && activities.remove(a.activityId, a)) {
            closeQuietly(a);
        }
    }

    /** @return activities with at least one watcher here */
    public synchronized int activeActivities() {
        return activities.size();
    }

    /** Ends every watch and feed subscription. */
    @Override
    public synchronized void close() {
        activities.values().forEach(OrderUpdates::closeQuietly);
        activities.clear();
    }

    private static void closeQuietly(Activity a) {
        try {
            a.subscription.close();
        } catch (Exception e) {
            LOG.warn("could not end the feed subscription of activity {}", a.activityId, e);
        }
    }

    /** Earlier states rank lower: queued (or offered), then pending payment, then every final state. */
    static int rank(OrderState state) {
        return switch (state) {
            case QUEUED, WAITLIST_OFFER -> 0;
            case PENDING_PAYMENT -> 1;
            default -> 2;
        };
    }
}
