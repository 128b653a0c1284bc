package io.github.seckill.mysql;

import io.github.seckill.ledger.CancelRequest;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.LedgerView;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.SettlementBatch;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.mysql.OrderTables.Pending;
import io.github.seckill.queue.OrderMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StockLedger} on MySQL 8.0.16+ or MariaDB 10.6+ over plain JDBC. Build it with {@link SeckillMySql}.
 *
 * <p>Every call is one or a few short READ COMMITTED transactions. Their lock order is fixed: <b>order rows first, the
 * activity row last</b>. The activity row is the hot row every order of a flash sale updates, so touching it last,
 * right before the commit, keeps its lock for a single round trip, and because no transaction takes an order row
 * while holding an activity row, orders and stock cannot deadlock each other. (The rare deadlocks between two batches
 * inserting overlapping orders are rolled back by the server and retried here, a bounded number of times.)
 *
 * <ul>
 *   <li>{@link #lock}: inserts the order, then takes its units with {@code UPDATE seckill_activity SET available =
 *       available - n, locked = locked + n WHERE activity_id = ? AND available >= n}. When a read of the stock row
 *       already shows too few units, the order is recorded {@code SOLD_OUT} without touching the stock row at all, so
 *       a sold-out flash sale no longer contends for it.</li>
 *   <li>{@link #settle}: one transaction per activity (and per {@code maxBatchSize} orders) inserts the new orders in
 *       one multi-row statement, locks the stock row, decides which orders fit first come first served by admission
 *       time, and takes their units with one guarded update: the same rows as locking the orders one by one.</li>
 *   <li>{@link #confirmPayment} and {@link #release}: the guarded status transition {@code UPDATE seckill_order SET
 *       status = ? WHERE order_id = ? AND status = 'PENDING_PAYMENT'} decides, and only its winner moves units, in the
 *       same transaction: a payment racing a timeout can neither release twice nor revive a closed order.</li>
 *   <li>{@link #releaseExpired}: claims due orders with {@code FOR UPDATE SKIP LOCKED}, so sweeps on several instances
 *       share the work instead of queueing behind each other. It closes them in one transaction per activity (and
 *       per {@code maxBatchSize} orders); if one fails after others committed, it returns the orders closed so far
 *       instead of throwing, so that the caller gives their units back, and leaves the rest to the next sweep.</li>
 * </ul>
 */
final class MySqlStockLedger implements StockLedger {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlStockLedger.class);
    private static final Comparator<Pending> OLDEST_FIRST =
            Comparator.comparing(Pending::createdAt).thenComparingLong(Pending::orderId);
    private static final Set<OrderStatus> PENDING = EnumSet.of(OrderStatus.PENDING_PAYMENT);
    /** Statuses of orders that hold no units: a payment for one of them must be refunded. */
    private static final Set<OrderStatus> HOLDS_NOTHING = EnumSet.of(OrderStatus.CLOSED, OrderStatus.SOLD_OUT,
            OrderStatus.FAILED, OrderStatus.REFUND_REQUIRED, OrderStatus.CANCELLED);

    private final Transactor transactor;
    private final InstantSource clock;
    private final int maxBatchSize;

    MySqlStockLedger(Transactor transactor, InstantSource clock, int maxBatchSize) {
        this.transactor = transactor;
        this.clock = clock;
        this.maxBatchSize = maxBatchSize;
    }

    /** Microseconds: what a {@code DATETIME(6)} column keeps, so returned records equal stored ones. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public boolean defineActivity(LedgerActivity activity) {
        Objects.requireNonNull(activity, "activity");
        return transactor.inTransaction("defineActivity", c -> ActivityTable.insert(c, activity, now()));
    }

    @Override
    public Settlement lock(OrderMessage order) {
        Objects.requireNonNull(order, "order");
        return transactor.inTransaction("lock", c -> lockOne(c, order, now()));
    }

    private static Settlement lockOne(Connection c, OrderMessage m, Instant now) throws SQLException {
        Long available = ActivityTable.available(c, m.activityId(), false);
        if (available == null) {
            return rejectOne(c, m, Settlement.Outcome.UNKNOWN_ACTIVITY, OrderTables.UNKNOWN_ACTIVITY, now);
        }
        // Too few units in a committed read: sold out at that instant, decided without the stock row's lock.
        boolean mayFit = available >= m.quantity();
        try {
            if (!OrderTables.insertUnlessRejected(c, m, mayFit ? OrderStatus.PENDING_PAYMENT : OrderStatus.SOLD_OUT,
                    null, now)) {
                return replayedOrConflict(c, m, OrderTables.find(c, OrderTables.REJECTIONS, m.orderId()), now);
            }
        } catch (SQLException e) {
            if (!Transactor.isDuplicateKey(e)) {
                throw e;
            }
            // The insert waited for the holder of the key to commit, so this read sees it.
            OrderRecord existing = OrderTables.find(c, m.orderId());
            if (existing != null) {
                return replayedOrConflict(c, m, existing, now);
            }
            return rejectOne(c, m, Settlement.Outcome.DUPLICATE_USER, OrderTables.DUPLICATE_USER, now);
        }
        if (mayFit && ActivityTable.take(c, m.activityId(), m.quantity(), now)) {
            return new Settlement(m.orderId(), Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT);
        }
        if (mayFit) {
            OrderTables.setStatus(c, List.of(m.orderId()), OrderStatus.SOLD_OUT, now);
        }
        return new Settlement(m.orderId(), Settlement.Outcome.SOLD_OUT, OrderStatus.SOLD_OUT);
    }

    /** Records one order that cannot hold a slot, unless the ledger has seen its id. */
    private static Settlement rejectOne(Connection c, OrderMessage m, Settlement.Outcome outcome, String reason,
            Instant now) throws SQLException {
        OrderRecord existing = OrderTables.find(c, m.orderId());
        if (existing != null) {
            return replayedOrConflict(c, m, existing, now);
        }
        try {
            if (!OrderTables.rejectUnlessOrdered(c, m, reason, now)) {
                throw new Transactor.Conflict("order " + m.orderId() + " was inserted concurrently");
            }
        } catch (SQLException e) {
            if (Transactor.isDuplicateKey(e)) {
                throw new Transactor.Conflict("order " + m.orderId() + " was rejected concurrently", e);
            }
            throw e;
        }
        return new Settlement(m.orderId(), outcome, OrderStatus.FAILED);
    }

    private static Settlement replayed(long orderId, @Nullable OrderStatus status) {
        if (status == null) {
            throw new Transactor.Conflict("order " + orderId + " vanished between two reads");
        }
        return new Settlement(orderId, Settlement.Outcome.REPLAYED, status);
    }

    /**
     * A known order id: the same order again is a replay; another buyer's, activity's or quantity's order with that id
     * is a conflict, recorded for its own buyer, and the existing order is left alone.
     */
    private static Settlement replayedOrConflict(Connection c, OrderMessage m, @Nullable OrderRecord existing,
            Instant now) throws SQLException {
        if (existing == null) {
            throw new Transactor.Conflict("order " + m.orderId() + " vanished between two reads");
        }
        if (sameOrder(existing, m)) {
            return new Settlement(m.orderId(), Settlement.Outcome.REPLAYED, existing.status());
        }
        LOG.error("order id {} of user {} in activity {} is already the ledger's for user {} in activity {}; two "
                + "generators issued the same id", m.orderId(), m.userId(), m.activityId(), existing.userId(),
                existing.activityId());
        OrderTables.recordConflict(c, m, now);
        return new Settlement(m.orderId(), Settlement.Outcome.CONFLICT, OrderStatus.FAILED);
    }

    private static boolean sameOrder(OrderRecord r, OrderMessage m) {
        return r.activityId() == m.activityId() && r.userId() == m.userId() && r.quantity() == m.quantity();
    }

    @Override
    public List<Settlement> settle(List<OrderMessage> batch) {
        List<Settlement> out = new ArrayList<>();
        for (List<OrderMessage> round : SettlementBatch.rounds(batch)) {
            out.addAll(settleRound(round));
        }
        return out;
    }

    /** Settles messages with distinct order ids: one transaction per activity and chunk. */
    private List<Settlement> settleRound(List<OrderMessage> round) {
        Map<Long, OrderMessage> distinct = distinct(round);
        Map<Long, List<OrderMessage>> byActivity = new LinkedHashMap<>();
        for (OrderMessage m : distinct.values()) {
            byActivity.computeIfAbsent(m.activityId(), k -> new ArrayList<>()).add(m);
        }
        Map<Long, Settlement> results = new HashMap<>();
        for (Map.Entry<Long, List<OrderMessage>> group : byActivity.entrySet()) {
            List<OrderMessage> orders = group.getValue();
            orders.sort(OrderMessage.ADMISSION_ORDER);
            // Consecutive chunks in admission order give the same rows as one transaction would.
            for (int from = 0; from < orders.size(); from += maxBatchSize) {
                List<OrderMessage> chunk = orders.subList(from, Math.min(from + maxBatchSize, orders.size()));
                transactor.inTransaction("settle", c -> settleChunk(c, group.getKey(), chunk, now()))
                        .forEach(s -> results.put(s.orderId(), s));
            }
        }
        List<Settlement> out = new ArrayList<>(distinct.size());
        distinct.keySet().forEach(id -> out.add(results.get(id)));
        return out;
    }

    /**
     * Settles orders of one activity, sorted by admission, in one transaction.
     *
     * @return one settlement per order
     */
    private static List<Settlement> settleChunk(Connection c, long activityId, List<OrderMessage> orders, Instant now)
            throws SQLException {
        List<Long> ids = OrderTables.ids(orders);
        Map<Long, OrderRecord> existing = OrderTables.records(c, OrderTables.ORDERS, ids);
        OrderTables.records(c, OrderTables.REJECTIONS, ids).forEach(existing::putIfAbsent);
        Long available = ActivityTable.available(c, activityId, false);
        Map<Long, Settlement> decided = new HashMap<>();
        List<OrderMessage> rejected = new ArrayList<>();
        List<OrderMessage> fresh = new ArrayList<>();
        Map<Long, OrderTables.Slot> slots = available == null ? Map.of() : OrderTables.slotHolders(c, activityId,
                orders.stream().filter(m -> !existing.containsKey(m.orderId())).map(OrderMessage::userId).toList());
        Set<Long> users = new HashSet<>(slots.keySet());
        for (OrderMessage m : orders) {
            OrderRecord known = existing.get(m.orderId());
            OrderTables.Slot slot = slots.get(m.userId());
            if (known != null) {
                decided.put(m.orderId(), replayedOrConflict(c, m, known, now));
            } else if (slot != null && slot.orderId() == m.orderId()) {
                // committed between the two reads above, for this very user and activity
                decided.put(m.orderId(), new Settlement(m.orderId(), Settlement.Outcome.REPLAYED, slot.status()));
            } else if (available == null) {
                rejected.add(m);
                decided.put(m.orderId(),
                        new Settlement(m.orderId(), Settlement.Outcome.UNKNOWN_ACTIVITY, OrderStatus.FAILED));
            } else if (!users.add(m.userId())) {
                rejected.add(m);
                decided.put(m.orderId(),
                        new Settlement(m.orderId(), Settlement.Outcome.DUPLICATE_USER, OrderStatus.FAILED));
            } else {
                fresh.add(m);
            }
        }
        Set<Long> locked = Set.of();
        try {
            OrderTables.reject(c, rejected,
                    available == null ? OrderTables.UNKNOWN_ACTIVITY : OrderTables.DUPLICATE_USER, now);
            if (!fresh.isEmpty()) {
                locked = lockFresh(c, activityId, fresh, Objects.requireNonNull(available), now);
            }
        } catch (SQLException e) {
            if (Transactor.isDuplicateKey(e)) {
                // Another transaction inserted one of these orders or users after the reads above: read again.
                throw new Transactor.Conflict("orders of activity " + activityId + " were inserted concurrently", e);
            }
            throw e;
        }
        List<Settlement> out = new ArrayList<>(orders.size());
        for (OrderMessage m : orders) {
            Settlement settlement = decided.get(m.orderId());
            if (settlement == null) {
                settlement = locked.contains(m.orderId())
                        ? new Settlement(m.orderId(), Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT)
                        : new Settlement(m.orderId(), Settlement.Outcome.SOLD_OUT, OrderStatus.SOLD_OUT);
            }
            out.add(settlement);
        }
        return out;
    }

    /**
     * Inserts new orders of one activity (sorted by admission, users distinct and without a slot) and takes units for
     * those that fit with one guarded update.
     *
     * @param available the units a committed read saw
     * @return the ids of the orders that now hold units; the others are {@code SOLD_OUT}
     */
    private static Set<Long> lockFresh(Connection c, long activityId, List<OrderMessage> fresh, long available,
            Instant now) throws SQLException {
        // Decide on the committed read first: if nothing fits, that was true at that instant and the stock row is
        // left alone. Otherwise decide again on the locked row, which is touched last, and fix the difference.
        Set<Long> planned = fitting(fresh, available);
        OrderTables.insert(c, fresh,
                m -> planned.contains(m.orderId()) ? OrderStatus.PENDING_PAYMENT : OrderStatus.SOLD_OUT, now);
        if (planned.isEmpty()) {
            return planned;
        }
        Set<Long> exact = fitting(fresh, Objects.requireNonNull(ActivityTable.available(c, activityId, true)));
        OrderTables.setStatus(c, difference(exact, planned), OrderStatus.PENDING_PAYMENT, now);
        OrderTables.setStatus(c, difference(planned, exact), OrderStatus.SOLD_OUT, now);
        long units = fresh.stream().filter(m -> exact.contains(m.orderId())).mapToLong(OrderMessage::quantity).sum();
        if (units > 0 && !ActivityTable.take(c, activityId, units, now)) {
            throw new IllegalStateException("activity " + activityId + " lost units while its row was locked");
        }
        return exact;
    }

    /** @return the orders that fit in {@code available} units taken one by one in the given order */
    private static Set<Long> fitting(List<OrderMessage> orders, long available) {
        Set<Long> fits = new HashSet<>();
        long left = available;
        for (OrderMessage m : orders) {
            if (m.quantity() <= left) {
                left -= m.quantity();
                fits.add(m.orderId());
            }
        }
        return fits;
    }

    private static List<Long> difference(Set<Long> a, Set<Long> b) {
        List<Long> diff = new ArrayList<>();
        for (long id : a) {
            if (!b.contains(id)) {
                diff.add(id);
            }
        }
        return diff;
    }

    private static Map<Long, OrderMessage> distinct(List<OrderMessage> orders) {
        Map<Long, OrderMessage> distinct = new LinkedHashMap<>();
        for (OrderMessage m : orders) {
            distinct.putIfAbsent(Objects.requireNonNull(m, "order").orderId(), m);
        }
        return distinct;
    }

    @Override
    public List<Settlement> fail(List<OrderMessage> orders, String reason) {
        Objects.requireNonNull(reason, "reason");
        List<Settlement> out = new ArrayList<>();
        for (OrderMessage m : distinct(orders).values()) {
            out.add(transactor.inTransaction("fail", c -> failOne(c, m, reason, now())));
        }
        return out;
    }

    private static Settlement failOne(Connection c, OrderMessage m, String reason, Instant now) throws SQLException {
        OrderRecord existing = OrderTables.find(c, m.orderId());
        if (existing != null) {
            return replayedOrConflict(c, m, existing, now);
        }
        if (ActivityTable.available(c, m.activityId(), false) != null) {
            try {
                if (!OrderTables.insertUnlessRejected(c, m, OrderStatus.FAILED, reason, now)) {
                    throw new Transactor.Conflict("order " + m.orderId() + " was rejected concurrently");
                }
                return new Settlement(m.orderId(), Settlement.Outcome.FAILED, OrderStatus.FAILED);
            } catch (SQLException e) {
                if (!Transactor.isDuplicateKey(e)) {
                    throw e;
                }
                // The user's slot (or the id) is taken: keep the failure on record as a rejection.
            }
        }
        return rejectOne(c, m, Settlement.Outcome.FAILED, reason, now);
    }

    @Override
    public PaymentResult confirmPayment(long orderId) {
        return transactor.inTransaction("confirmPayment", c -> {
            Instant now = now();
            if (OrderTables.transition(c, OrderTables.ORDERS, orderId, PENDING, OrderStatus.PAID, now)) {
                OrderRecord paid = Objects.requireNonNull(OrderTables.find(c, OrderTables.ORDERS, orderId));
                if (!ActivityTable.sell(c, paid.activityId(), paid.quantity(), now)) {
                    throw new IllegalStateException("activity " + paid.activityId() + " has fewer locked units than"
                            + " pending order " + orderId);
                }
                return new PaymentResult(orderId, PaymentResult.Outcome.PAID, OrderStatus.PAID);
            }
            if (OrderTables.transition(c, OrderTables.ORDERS, orderId, HOLDS_NOTHING, OrderStatus.REFUND_REQUIRED, now)
                    || OrderTables.transition(c, OrderTables.REJECTIONS, orderId, HOLDS_NOTHING,
                            OrderStatus.REFUND_REQUIRED, now)) {
                return new PaymentResult(orderId, PaymentResult.Outcome.REFUND_REQUIRED, OrderStatus.REFUND_REQUIRED);
            }
            OrderStatus status = OrderTables.status(c, orderId);
            if (status == null) {
                return new PaymentResult(orderId, PaymentResult.Outcome.NOT_FOUND, null);
            }
            if (status == OrderStatus.PAID) {
                return new PaymentResult(orderId, PaymentResult.Outcome.ALREADY_PAID, OrderStatus.PAID);
            }
            throw new Transactor.Conflict("order " + orderId + " changed status during payment");
        });
    }

    @Override
    public ReleaseResult release(long orderId) {
        return transactor.inTransaction("release", c -> {
            Instant now = now();
            if (OrderTables.transition(c, OrderTables.ORDERS, orderId, PENDING, OrderStatus.CLOSED, now)) {
                OrderRecord closed = Objects.requireNonNull(OrderTables.find(c, OrderTables.ORDERS, orderId));
                giveBack(c, closed.activityId(), closed.quantity(), now);
                return new ReleaseResult(orderId, ReleaseResult.Outcome.RELEASED, closed);
            }
            OrderRecord order = OrderTables.find(c, orderId);
            if (order == null) {
                return new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_FOUND, null);
            }
            return switch (order.status()) {
                case CLOSED, CANCELLED -> new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_CLOSED, order);
                case PAID -> new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_PAID, order);
                case PENDING_PAYMENT -> throw new Transactor.Conflict("order " + orderId + " appeared during release");
                default -> new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_HELD, order);
            };
        });
    }

    @Override
    public ReleaseResult cancel(CancelRequest request) {
        long orderId = request.orderId();
        return transactor.inTransaction("cancel", c -> {
            Instant now = now();
            if (OrderTables.cancel(c, orderId, request.buyer(), OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED,
                    request.reason(), now)) {
                OrderRecord cancelled = Objects.requireNonNull(OrderTables.find(c, OrderTables.ORDERS, orderId));
                giveBack(c, cancelled.activityId(), cancelled.quantity(), now);
                return new ReleaseResult(orderId, ReleaseResult.Outcome.RELEASED, cancelled);
            }
            if (request.operator() && OrderTables.cancel(c, orderId, null, OrderStatus.PAID,
                    OrderStatus.REFUND_REQUIRED, request.reason(), now)) {
                OrderRecord refunded = Objects.requireNonNull(OrderTables.find(c, OrderTables.ORDERS, orderId));
                if (!ActivityTable.refund(c, refunded.activityId(), refunded.quantity(), now)) {
                    throw new IllegalStateException("activity " + refunded.activityId() + " has fewer than "
                            + refunded.quantity() + " sold units");
                }
                return new ReleaseResult(orderId, ReleaseResult.Outcome.REFUNDED, refunded);
            }
            OrderRecord order = OrderTables.find(c, orderId);
            if (order == null || (request.buyer() != null && order.userId() != request.buyer())) {
                return new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_FOUND, null);
            }
            return switch (order.status()) {
                case CLOSED, CANCELLED -> new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_CLOSED, order);
                case PAID -> new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_PAID, order);
                case PENDING_PAYMENT -> throw new Transactor.Conflict("order " + orderId + " changed during cancel");
                default -> new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_HELD, order);
            };
        });
    }

    private static void giveBack(Connection c, long activityId, long units, Instant now) throws SQLException {
        if (!ActivityTable.giveBack(c, activityId, units, now)) {
            throw new IllegalStateException("activity " + activityId + " has fewer than " + units + " locked units");
        }
    }

    @Override
    public List<OrderRecord> releaseExpired(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            return List.of();
        }
        List<Pending> due = transactor.inTransaction("releaseExpired", c -> {
            List<Pending> found = new ArrayList<>();
            for (Map.Entry<Long, Duration> activity : ActivityTable.withLockedUnits(c).entrySet()) {
                found.addAll(OrderTables.pendingSince(c, activity.getKey(), now.minus(activity.getValue()), limit));
            }
            return found;
        });
        due.sort(OLDEST_FIRST);
        Map<Long, List<Long>> byActivity = new LinkedHashMap<>();
        for (Pending p : due.subList(0, Math.min(limit, due.size()))) {
            byActivity.computeIfAbsent(p.activityId(), k -> new ArrayList<>()).add(p.orderId());
        }
        List<OrderRecord> released = new ArrayList<>();
        sweep:
        for (Map.Entry<Long, List<Long>> group : byActivity.entrySet()) {
            List<Long> ids = group.getValue();
            for (int from = 0; from < ids.size(); from += maxBatchSize) {
                List<Long> chunk = ids.subList(from, Math.min(from + maxBatchSize, ids.size()));
                try {
                    released.addAll(transactor.inTransaction("releaseExpired",
                            c -> releaseClaimed(c, group.getKey(), chunk, now())));
                } catch (RuntimeException e) {
                    if (released.isEmpty()) {
                        throw e;
                    }
                    // Earlier transactions closed orders for good: hand them over, so that their units go back to
                    // admission (no later sweep sees them). The orders left pending are the next sweep's.
                    LOG.warn("timeout sweep stopped after closing {} orders; the next sweep retries the rest",
                            released.size(), e);
                    break sweep;
                }
            }
        }
        released.sort(Comparator.comparing(OrderRecord::createdAt).thenComparingLong(OrderRecord::orderId));
        return released;
    }

    /** Closes those of the orders that still wait for payment and no other transaction holds. */
    private static List<OrderRecord> releaseClaimed(Connection c, long activityId, List<Long> orderIds, Instant now)
            throws SQLException {
        List<OrderRecord> claimed = OrderTables.claimPending(c, orderIds);
        if (claimed.isEmpty()) {
            return claimed;
        }
        OrderTables.setStatus(c, claimed.stream().map(OrderRecord::orderId).toList(), OrderStatus.CLOSED, now);
        giveBack(c, activityId, claimed.stream().mapToLong(OrderRecord::quantity).sum(), now);
        List<OrderRecord> closed = new ArrayList<>(claimed.size());
        for (OrderRecord r : claimed) {
            closed.add(new OrderRecord(r.orderId(), r.activityId(), r.userId(), r.quantity(), r.shard(),
                    OrderStatus.CLOSED, r.createdAt(), now));
        }
        return closed;
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId) {
        // a unit of work returns no null: the Optional is made inside
        return transactor.inTransaction("findOrder", c -> Optional.ofNullable(OrderTables.find(c, orderId)));
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId, long userId) {
        return transactor.inTransaction("findOrder", c -> {
            OrderRecord r = OrderTables.find(c, orderId);
            return Optional.ofNullable(
                    r != null && r.userId() == userId ? r : OrderTables.findConflict(c, orderId, userId));
        });
    }

    @Override
    public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return transactor.readConsistently("orders", c -> {
            List<OrderRecord> all = new ArrayList<>(OrderTables.page(c, OrderTables.ORDERS, activityId, afterOrderId,
                    limit));
            all.addAll(OrderTables.page(c, OrderTables.REJECTIONS, activityId, afterOrderId, limit));
            all.sort(Comparator.comparingLong(OrderRecord::orderId));
            return List.copyOf(all.subList(0, Math.min(limit, all.size())));
        });
    }

    @Override
    public LedgerView view(long activityId, Collection<Long> orderIds) {
        List<Long> ids = List.copyOf(orderIds);
        return transactor.readConsistently("view", c -> {
            StockSnapshot stock = ActivityTable.snapshot(c, activityId).orElse(null);
            Map<Long, OrderStatus> statuses = new HashMap<>();
            for (int from = 0; from < ids.size(); from += maxBatchSize) {
                List<Long> chunk = ids.subList(from, Math.min(from + maxBatchSize, ids.size()));
                statuses.putAll(OrderTables.statuses(c, OrderTables.ORDERS, chunk));
                OrderTables.statuses(c, OrderTables.REJECTIONS, chunk).forEach(statuses::putIfAbsent);
            }
            return new LedgerView(stock, statuses);
        });
    }

    @Override
    public boolean recordAdmissionLoad(long activityId) {
        return transactor.inTransaction("recordAdmissionLoad", c -> {
            if (ActivityTable.markAdmissionLoaded(c, activityId, now())) {
                return true;
            }
            if (ActivityTable.available(c, activityId, false) == null) {
                throw new IllegalArgumentException("activity " + activityId + " is not defined in the ledger");
            }
            return false;
        });
    }

    @Override
    public Optional<StockSnapshot> stock(long activityId) {
        return transactor.inTransaction("stock", c -> ActivityTable.snapshot(c, activityId));
    }

    @Override
    public Map<OrderStatus, Long> countOrders(long activityId) {
        return transactor.inTransaction("countOrders", c -> {
            Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
            counts.putAll(OrderTables.count(c, OrderTables.ORDERS, activityId));
            OrderTables.count(c, OrderTables.REJECTIONS, activityId).forEach((s, n) -> counts.merge(s, n, Long::sum));
            return counts;
        });
    }

    @Override
    public String toString() {
        return "MySqlStockLedger{maxBatchSize=" + maxBatchSize + '}';
    }
}
