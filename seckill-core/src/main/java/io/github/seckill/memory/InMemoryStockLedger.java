package io.github.seckill.memory;

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
import io.github.seckill.queue.OrderMessage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link StockLedger} in memory: every activity is a monitor guarding its stock row and its orders, so each call is
 * one short critical section, the in-memory counterpart of one short transaction.
 */
public final class InMemoryStockLedger implements StockLedger {


    private static final class Book {
        final LedgerActivity activity;
        long available;
        long locked;
        long sold;
        boolean admissionLoaded;
        /** The order holding each user's one slot, whatever its outcome. */
        final Map<Long, Long> orderByUser = new HashMap<>();

        Book(LedgerActivity activity) {
            this.activity = activity;
            this.available = activity.totalStock();
        }
    }

    private final InstantSource clock;
    private final ConcurrentHashMap<Long, Book> books = new ConcurrentHashMap<>();
    /** Every order id ever seen, including rejected ones. */
    private final ConcurrentHashMap<Long, OrderRecord> orders = new ConcurrentHashMap<>();
    /** Orders whose id collided with another buyer's order, by order id then user. */
    private final ConcurrentHashMap<Long, Map<Long, OrderRecord>> conflicts = new ConcurrentHashMap<>();
    /** Why cancelled orders were cancelled. */
    private final ConcurrentHashMap<Long, String> reasons = new ConcurrentHashMap<>();
    /** Guards orders of activities the ledger does not know. */
    private final Object orphans = new Object();

    /** A ledger on the system clock. */
    public InMemoryStockLedger() {
        this(InstantSource.system());
    }

    /** @param clock stamps orders and drives nothing else */
    public InMemoryStockLedger(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public boolean defineActivity(LedgerActivity activity) {
        return books.putIfAbsent(activity.activityId(), new Book(activity)) == null;
    }

    @Override
    public boolean recordAdmissionLoad(long activityId) {
        Book book = books.get(activityId);
        if (book == null) {
            throw new IllegalArgumentException("activity " + activityId + " is not defined in the ledger");
        }
        synchronized (book) {
            boolean first = !book.admissionLoaded;
            book.admissionLoaded = true;
            return first;
        }
    }

    @Override
    public Settlement lock(OrderMessage order) {
        Book book = books.get(order.activityId());
        if (book == null) {
            return orphan(order, Settlement.Outcome.UNKNOWN_ACTIVITY);
        }
        synchronized (book) {
            return settleLocked(book, order, clock.instant());
        }
    }

    @Override
    public List<Settlement> settle(List<OrderMessage> batch) {
        List<Settlement> out = new ArrayList<>();
        for (List<OrderMessage> round : SettlementBatch.rounds(batch)) {
            out.addAll(settleRound(round));
        }
        return out;
    }

    /** Settles messages with distinct order ids, merged per activity. */
    private List<Settlement> settleRound(List<OrderMessage> round) {
        Map<Long, OrderMessage> distinct = new LinkedHashMap<>();
        for (OrderMessage m : round) {
            distinct.putIfAbsent(m.orderId(), m);
        }
        Map<Long, List<OrderMessage>> byActivity = new LinkedHashMap<>();
        for (OrderMessage m : distinct.values()) {
            byActivity.computeIfAbsent(m.activityId(), k -> new ArrayList<>()).add(m);
        }
        Map<Long, Settlement> results = new HashMap<>();
        for (Map.Entry<Long, List<OrderMessage>> e : byActivity.entrySet()) {
            List<OrderMessage> group = e.getValue();
            group.sort(OrderMessage.ADMISSION_ORDER);
            Book book = books.get(e.getKey());
            if (book == null) {
                group.forEach(m -> results.put(m.orderId(), orphan(m, Settlement.Outcome.UNKNOWN_ACTIVITY)));
                continue;
            }
            synchronized (book) {
                Instant now = clock.instant();
                group.forEach(m -> results.put(m.orderId(), settleLocked(book, m, now)));
            }
        }
        List<Settlement> out = new ArrayList<>(distinct.size());
        distinct.keySet().forEach(id -> out.add(results.get(id)));
        return out;
    }

    private Settlement settleLocked(Book book, OrderMessage m, Instant now) {
        OrderRecord existing = orders.get(m.orderId());
        if (existing != null) {
            return replayOrConflict(existing, m, now);
        }
        if (book.orderByUser.containsKey(m.userId())) {
            orders.put(m.orderId(), record(m, OrderStatus.FAILED, now));
            return new Settlement(m.orderId(), Settlement.Outcome.DUPLICATE_USER, OrderStatus.FAILED);
        }
        OrderStatus status;
        if (book.available >= m.quantity()) {
            book.available -= m.quantity();
            book.locked += m.quantity();
            status = OrderStatus.PENDING_PAYMENT;
        } else {
            status = OrderStatus.SOLD_OUT;
        }
        book.orderByUser.put(m.userId(), m.orderId());
        orders.put(m.orderId(), record(m, status, now));
        return new Settlement(m.orderId(),
                status == OrderStatus.SOLD_OUT ? Settlement.Outcome.SOLD_OUT : Settlement.Outcome.LOCKED, status);
    }

    private Settlement orphan(OrderMessage m, Settlement.Outcome outcome) {
        synchronized (orphans) {
            Instant now = clock.instant();
            OrderRecord prior = orders.putIfAbsent(m.orderId(), record(m, OrderStatus.FAILED, now));
            return prior != null ? replayOrConflict(prior, m, now) : new Settlement(m.orderId(), outcome,
                    OrderStatus.FAILED);
        }
    }

    /** A known order id: the same order again is a replay; another buyer's (or activity's, or quantity) a conflict. */
    private Settlement replayOrConflict(OrderRecord existing, OrderMessage m, Instant now) {
        if (existing.activityId() == m.activityId() && existing.userId() == m.userId()
                && existing.quantity() == m.quantity()) {
            return new Settlement(m.orderId(), Settlement.Outcome.REPLAYED, existing.status());
        }
        conflicts.computeIfAbsent(m.orderId(), id -> new ConcurrentHashMap<>())
                .putIfAbsent(m.userId(), record(m, OrderStatus.FAILED, now));
        return new Settlement(m.orderId(), Settlement.Outcome.CONFLICT, OrderStatus.FAILED);
    }

    private static OrderRecord record(OrderMessage m, OrderStatus status, Instant now) {
        return new OrderRecord(
                m.orderId(), m.activityId(), m.userId(), m.quantity(), m.shard(), status, now, now);
    }

    @Override
    public List<Settlement> fail(List<OrderMessage> failed, String reason) {
        Map<Long, OrderMessage> distinct = new LinkedHashMap<>();
        failed.forEach(m -> distinct.putIfAbsent(m.orderId(), m));
        List<Settlement> out = new ArrayList<>(distinct.size());
        for (OrderMessage m : distinct.values()) {
            Book book = books.get(m.activityId());
            if (book == null) {
                out.add(orphan(m, Settlement.Outcome.FAILED));
                continue;
            }
            synchronized (book) {
                OrderRecord existing = orders.get(m.orderId());
                if (existing != null) {
                    out.add(replayOrConflict(existing, m, clock.instant()));
                    continue;
                }
                book.orderByUser.putIfAbsent(m.userId(), m.orderId());
                orders.put(m.orderId(), record(m, OrderStatus.FAILED, clock.instant()));
                out.add(new Settlement(m.orderId(), Settlement.Outcome.FAILED, OrderStatus.FAILED));
            }
        }
        return out;
    }

    @Override
    public PaymentResult confirmPayment(long orderId) {
        OrderRecord r = orders.get(orderId);
        if (r == null) {
            return new PaymentResult(orderId, PaymentResult.Outcome.NOT_FOUND, null);
        }
        synchronized (monitorOf(r)) {
            // orders are never removed, so the one read above is still there
            OrderRecord cur = Objects.requireNonNull(orders.get(orderId));
            switch (cur.status()) {
                case PENDING_PAYMENT:
                    // a held order was locked under its activity's book, and books are never removed
                    Book book = Objects.requireNonNull(books.get(cur.activityId()));
                    book.locked -= cur.quantity();
                    book.sold += cur.quantity();
                    transition(cur, OrderStatus.PAID);
                    return new PaymentResult(orderId, PaymentResult.Outcome.PAID, OrderStatus.PAID);
                case PAID:
                    return new PaymentResult(orderId, PaymentResult.Outcome.ALREADY_PAID, OrderStatus.PAID);
                default:
                    transition(cur, OrderStatus.REFUND_REQUIRED);
                    return new PaymentResult(
                            orderId, PaymentResult.Outcome.REFUND_REQUIRED, OrderStatus.REFUND_REQUIRED);
            }
        }
    }

    @Override
    public ReleaseResult release(long orderId) {
        OrderRecord r = orders.get(orderId);
        if (r == null) {
            return new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_FOUND, null);
        }
        synchronized (monitorOf(r)) {
            // orders are never removed, so the one read above is still there
            OrderRecord cur = Objects.requireNonNull(orders.get(orderId));
            switch (cur.status()) {
                case PENDING_PAYMENT:
                    // a held order was locked under its activity's book, and books are never removed
                    Book book = Objects.requireNonNull(books.get(cur.activityId()));
                    book.locked -= cur.quantity();
                    book.available += cur.quantity();
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.RELEASED,
                            transition(cur, OrderStatus.CLOSED));
                case CLOSED:
                case CANCELLED:
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_CLOSED, cur);
                case PAID:
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_PAID, cur);
                default:
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_HELD, cur);
            }
        }
    }

    @Override
    public ReleaseResult cancel(CancelRequest request) {
        long orderId = request.orderId();
        OrderRecord r = orders.get(orderId);
        if (r == null || (request.buyer() != null && r.userId() != request.buyer())) {
            return new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_FOUND, null);
        }
        synchronized (monitorOf(r)) {
            // orders are never removed, so the one read above is still there
            OrderRecord cur = Objects.requireNonNull(orders.get(orderId));
            // no book only for an order of an activity the ledger does not know, which never holds units
            Book book = books.get(cur.activityId());
            switch (cur.status()) {
                case PENDING_PAYMENT:
                    Objects.requireNonNull(book);
                    book.locked -= cur.quantity();
                    book.available += cur.quantity();
                    reasons.put(orderId, request.reason());
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.RELEASED,
                            transition(cur, OrderStatus.CANCELLED));
                case PAID:
                    if (!request.operator()) {
                        return new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_PAID, cur);
                    }
                    Objects.requireNonNull(book);
                    book.sold -= cur.quantity();
                    book.available += cur.quantity();
                    reasons.put(orderId, request.reason());
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.REFUNDED,
                            transition(cur, OrderStatus.REFUND_REQUIRED));
                case CLOSED:
                case CANCELLED:
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.ALREADY_CLOSED, cur);
                default:
                    return new ReleaseResult(orderId, ReleaseResult.Outcome.NOT_HELD, cur);
            }
        }
    }

    /**
     * @param orderId an order
     * @return why it was cancelled, if it was
     */
    public Optional<String> cancelReason(long orderId) {
        return Optional.ofNullable(reasons.get(orderId));
    }

    private OrderRecord transition(OrderRecord cur, OrderStatus to) {
        OrderRecord next = new OrderRecord(cur.orderId(), cur.activityId(), cur.userId(), cur.quantity(),
                cur.shard(), to, cur.createdAt(), clock.instant());
        orders.put(cur.orderId(), next);
        return next;
    }

    private Object monitorOf(OrderRecord r) {
        Book book = books.get(r.activityId());
        return book != null ? book : orphans;
    }

    @Override
    public List<OrderRecord> releaseExpired(Instant now, int limit) {
        List<OrderRecord> due = new ArrayList<>();
        for (OrderRecord r : orders.values()) {
            Book book = books.get(r.activityId());
            if (r.status() == OrderStatus.PENDING_PAYMENT && book != null
                    && !r.createdAt().plus(book.activity.paymentTimeout()).isAfter(now)) {
                due.add(r);
            }
        }
        due.sort(Comparator.comparing(OrderRecord::createdAt).thenComparingLong(OrderRecord::orderId));
        List<OrderRecord> released = new ArrayList<>();
        for (OrderRecord r : due) {
            if (released.size() >= limit) {
                break;
            }
            ReleaseResult result = release(r.orderId());
            if (result.released()) {
                released.add(result.order());
            }
        }
        return released;
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public Optional<OrderRecord> findOrder(long orderId, long userId) {
        OrderRecord r = orders.get(orderId);
        if (r != null && r.userId() == userId) {
            return Optional.of(r);
        }
        Map<Long, OrderRecord> collided = conflicts.get(orderId);
        return collided == null ? Optional.empty() : Optional.ofNullable(collided.get(userId));
    }

    @Override
    public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return orders.values().stream()
                .filter(r -> r.activityId() == activityId && r.orderId() > afterOrderId)
                .sorted(Comparator.comparingLong(OrderRecord::orderId))
                .limit(limit)
                .toList();
    }

    @Override
    public LedgerView view(long activityId, Collection<Long> orderIds) {
        Book book = books.get(activityId);
        Object monitor = book != null ? book : orphans;
        synchronized (monitor) {
            Map<Long, OrderStatus> statuses = new HashMap<>();
            for (long id : orderIds) {
                OrderRecord r = orders.get(id);
                if (r != null) {
                    statuses.put(id, r.status());
                }
            }
            StockSnapshot stock = book == null ? null
                    : new StockSnapshot(activityId, book.activity.totalStock(), book.available, book.locked, book.sold);
            return new LedgerView(stock, statuses);
        }
    }

    @Override
    public Optional<StockSnapshot> stock(long activityId) {
        Book book = books.get(activityId);
        if (book == null) {
            return Optional.empty();
        }
        synchronized (book) {
            return Optional.of(new StockSnapshot(
                    activityId, book.activity.totalStock(), book.available, book.locked, book.sold));
        }
    }

    @Override
    public Map<OrderStatus, Long> countOrders(long activityId) {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        for (OrderRecord r : orders.values()) {
            if (r.activityId() == activityId) {
                counts.merge(r.status(), 1L, Long::sum);
            }
        }
        return counts;
    }

    @Override
    public String toString() {
        return "InMemoryStockLedger{activities=" + books.size() + ", orders=" + orders.size() + '}';
    }
}
