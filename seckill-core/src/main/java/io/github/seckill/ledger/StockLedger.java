package io.github.seckill.ledger;

import io.github.seckill.queue.OrderMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The final authority over stock and orders. Whatever happened upstream (a stale Redis, a degraded admission straight
 * to the queue, a redelivered batch), the ledger never sells more than it has and never gives a user two orders in one
 * activity:
 *
 * <ul>
 *   <li>units move between available, locked and sold only by guarded updates ({@code available >= n});</li>
 *   <li>one order per (activity, user); a second one is recorded {@link OrderStatus#FAILED};</li>
 *   <li>every call is idempotent by order id; status transitions only go forward, so a payment racing a timeout can
 *       neither release twice nor revive a closed order;</li>
 *   <li>every order id the ledger has seen, including rejected ones, can be looked up, so a buyer polling an order id
 *       always ends with an answer.</li>
 * </ul>
 *
 * <p>Infrastructure failures are {@link io.github.seckill.BackendUnavailableException}s. Run seckill-tck's
 * {@code StockLedgerContractTest} on an implementation.
 */
public interface StockLedger {

    /**
     * Creates an activity's stock row with all units available, once.
     *
     * @param activity the activity
     * @return {@code true} if created now; {@code false} if it existed (it is never reset)
     */
    boolean defineActivity(LedgerActivity activity);

    /**
     * Records that the admission layer was loaded for the activity. The first call answers {@code true}; later ones
     * {@code false}: admission that holds no data for an activity it was loaded for has lost it, and must be rebuilt
     * from the ledger rather than from the configured stock.
     *
     * @param activityId a defined activity
     * @return whether this is the first load recorded
     * @throws IllegalArgumentException if the activity is not defined
     */
    boolean recordAdmissionLoad(long activityId);

    /**
     * Locks units for one order in one short transaction: the reference path, one guarded update per order.
     *
     * @param order the order
     * @return what happened
     */
    Settlement lock(OrderMessage order);

    /**
     * Settles a batch, merged per activity: one transaction per activity inserts the new orders, takes the units for
     * as many as fit with one guarded update, first come first served by admission time (then order id), and records
     * the rest {@link OrderStatus#SOLD_OUT}. The resulting rows are the same as {@link #lock}ing the orders one by one
     * in that order.
     *
     * @param batch orders, possibly of several activities, possibly with repeats
     * @return one settlement per distinct message, in the order {@link SettlementBatch#answered} gives: every order id's
     *     first message in first-seen order, then messages that reuse an id for another buyer's order (conflicts)
     */
    List<Settlement> settle(List<OrderMessage> batch);

    /**
     * Marks orders the pipeline gave up on (dead letters) as {@link OrderStatus#FAILED}, unless they already have a
     * status, which is kept.
     *
     * @param orders the orders
     * @param reason why they failed, kept for audit
     * @return one settlement per distinct order id
     */
    List<Settlement> fail(List<OrderMessage> orders, String reason);

    /**
     * Payment succeeded: locked units become sold. A payment for an order that holds no units is recorded
     * {@link OrderStatus#REFUND_REQUIRED}, never as a sale.
     *
     * @param orderId the order
     * @return what happened
     */
    PaymentResult confirmPayment(long orderId);

    /**
     * Payment failed or was cancelled: locked units go back to available, the order is closed.
     *
     * @param orderId the order
     * @return what happened; on {@link ReleaseResult.Outcome#RELEASED} the caller gives the admission units back
     */
    ReleaseResult release(long orderId);

    /**
     * Cancels an order. A buyer may cancel their own order while it waits for payment: it becomes
     * {@link OrderStatus#CANCELLED} and its units go back to available. An operator may cancel it too, and also a paid
     * order, which becomes {@link OrderStatus#REFUND_REQUIRED} with its sold units back to available. The reason is
     * kept. Guarded like every transition: a cancel racing a payment or the timeout sweep moves units once.
     *
     * @param request the order, who cancels, and why
     * @return {@code RELEASED} or {@code REFUNDED} when units went back (the caller gives admission units back too);
     *     {@code ALREADY_CLOSED}, {@code ALREADY_PAID} (a buyer's cancel of a paid order), {@code NOT_HELD} or
     *     {@code NOT_FOUND} (also another buyer's order) when nothing changed
     */
    ReleaseResult cancel(CancelRequest request);

    /**
     * Releases orders still waiting for payment after their activity's payment timeout, oldest first. Safe to run
     * from several instances at once: each order is released by exactly one of them. An implementation that releases
     * in several transactions returns the orders it released even when a later transaction fails (the caller gives
     * their units back; nothing else will), and throws only when it released nothing.
     *
     * @param now the current time
     * @param limit the most orders to release in this call
     * @return the orders released by this call
     */
    List<OrderRecord> releaseExpired(Instant now, int limit);

    /**
     * @param orderId an order id
     * @return the order, if the ledger has seen it
     */
    Optional<OrderRecord> findOrder(long orderId);

    /**
     * The order as its buyer sees it: another buyer's order is not theirs to see, and an order id that collided with
     * another buyer's reads as this buyer's failed order.
     *
     * @param orderId an order id
     * @param userId the buyer asking
     * @return the buyer's order, if the ledger has seen one with that id for them
     */
    Optional<OrderRecord> findOrder(long orderId, long userId);

    /**
     * Orders of an activity, by order id, a page at a time: rebuilding admission after a data loss (whose users hold a
     * slot) and audits read them all.
     *
     * @param activityId activity
     * @param afterOrderId only orders with a larger id; {@code 0} for the first page
     * @param limit the most orders to return, at least one
     * @return the next orders, every one the ledger has seen (turned-away ones included), by increasing id
     */
    List<OrderRecord> orders(long activityId, long afterOrderId, int limit);

    /**
     * Reads an activity's stock row and the statuses of the given orders as of one instant (see
     * {@link LedgerView}): reconciliation must not count an order both as settled and as still on its way.
     *
     * @param activityId activity
     * @param orderIds orders of the activity to look up
     * @return the consistent view
     */
    LedgerView view(long activityId, Collection<Long> orderIds);

    /**
     * @param activityId activity
     * @return its stock row, if defined
     */
    Optional<StockSnapshot> stock(long activityId);

    /**
     * @param activityId activity
     * @return the number of orders per status (statuses with none are absent)
     */
    Map<OrderStatus, Long> countOrders(long activityId);
}
