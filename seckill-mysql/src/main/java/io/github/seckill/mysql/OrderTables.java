package io.github.seckill.mysql;

import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.queue.OrderMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Statements on {@code seckill_order} (one row per user and activity: the order holding the user's one slot) and
 * {@code seckill_order_rejection} (orders turned away that hold no slot). An order id lives in at most one of them.
 */
final class OrderTables {

    /** Orders holding a user's slot in an activity. */
    static final String ORDERS = "seckill_order";
    /** Orders turned away without a slot: second orders of a user, orders of unknown activities. */
    static final String REJECTIONS = "seckill_order_rejection";

    /** Reason stored for a second order of a user. */
    static final String DUPLICATE_USER = "DUPLICATE_USER";
    /** Reason stored for an order of an activity the ledger does not know. */
    static final String UNKNOWN_ACTIVITY = "UNKNOWN_ACTIVITY";

    private static final int MAX_REASON_LENGTH = 255;
    private static final String RECORD_COLUMNS =
            "order_id, activity_id, user_id, quantity, shard, status, created_at, updated_at";
    private static final String INSERT_COLUMNS = "order_id, activity_id, user_id, quantity, shard, status, %s,"
            + " admitted_at_millis, created_at, updated_at";
    private static final int INSERT_WIDTH = 10;

    /** The order holding a user's slot in an activity. */
    record Slot(long orderId, OrderStatus status) {
    }

    /** An order waiting for payment, as the timeout sweep sees it. */
    record Pending(long orderId, long activityId, Instant createdAt) {
    }

    private OrderTables() {
    }

    /** @return the status of each id found in {@code table} */
    static Map<Long, OrderStatus> statuses(Connection c, String table, Collection<Long> orderIds) throws SQLException {
        Map<Long, OrderStatus> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT order_id, status FROM " + table
                + " WHERE order_id IN (" + Sql.markers(orderIds.size()) + ")")) {
            Sql.bindIds(s, 1, orderIds);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getLong(1), OrderStatus.valueOf(rows.getString(2)));
                }
            }
        }
        return found;
    }

    /** @return the record of each id found in {@code table} */
    static Map<Long, OrderRecord> records(Connection c, String table, Collection<Long> orderIds) throws SQLException {
        Map<Long, OrderRecord> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM " + table
                + " WHERE order_id IN (" + Sql.markers(orderIds.size()) + ")")) {
            Sql.bindIds(s, 1, orderIds);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    OrderRecord r = record(rows);
                    found.put(r.orderId(), r);
                }
            }
        }
        return found;
    }

    /**
     * @return up to {@code limit} orders of the activity from {@code table} with ids above {@code afterOrderId}, by id
     */
    static List<OrderRecord> page(Connection c, String table, long activityId, long afterOrderId, int limit)
            throws SQLException {
        List<OrderRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM " + table
                + " WHERE activity_id = ? AND order_id > ? ORDER BY order_id LIMIT ?")) {
            s.setLong(1, activityId);
            s.setLong(2, afterOrderId);
            s.setInt(3, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    out.add(record(rows));
                }
            }
        }
        return out;
    }

    /** Records an order whose id is the ledger's already for another buyer, activity or quantity. */
    static void recordConflict(Connection c, OrderMessage m, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT IGNORE INTO seckill_order_conflict (order_id,"
                + " activity_id, user_id, quantity, shard, admitted_at_millis, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, m.orderId());
            s.setLong(2, m.activityId());
            s.setLong(3, m.userId());
            s.setInt(4, m.quantity());
            s.setInt(5, m.shard());
            s.setLong(6, m.admittedAtMillis());
            s.setObject(7, Sql.utc(now));
            s.executeUpdate();
        }
    }

    /** @return the buyer's order that collided with another one's id, as a failed order, if any */
    static @Nullable OrderRecord findConflict(Connection c, long orderId, long userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT order_id, activity_id, user_id, quantity, shard,"
                + " created_at FROM seckill_order_conflict WHERE order_id = ? AND user_id = ? LIMIT 1")) {
            s.setLong(1, orderId);
            s.setLong(2, userId);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Instant at = Sql.instant(rows, "created_at");
                return new OrderRecord(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getInt(4),
                        rows.getInt(5), OrderStatus.FAILED, at, at);
            }
        }
    }

    /** @return the order's status in either table, or {@code null} if the ledger has not seen it */
    static @Nullable OrderStatus status(Connection c, long orderId) throws SQLException {
        OrderStatus status = status(c, ORDERS, orderId);
        return status != null ? status : status(c, REJECTIONS, orderId);
    }

    static @Nullable OrderStatus status(Connection c, String table, long orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM " + table + " WHERE order_id = ?")) {
            s.setLong(1, orderId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? OrderStatus.valueOf(rows.getString(1)) : null;
            }
        }
    }

    /** @return the order from either table, or {@code null} if the ledger has not seen it */
    static @Nullable OrderRecord find(Connection c, long orderId) throws SQLException {
        OrderRecord order = find(c, ORDERS, orderId);
        return order != null ? order : find(c, REJECTIONS, orderId);
    }

    static @Nullable OrderRecord find(Connection c, String table, long orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM " + table
                + " WHERE order_id = ?")) {
            s.setLong(1, orderId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? record(rows) : null;
            }
        }
    }

    /**
     * @return for those of {@code userIds} that hold a slot in the activity, the order holding it, with its status
     */
    static Map<Long, Slot> slotHolders(Connection c, long activityId, Collection<Long> userIds) throws SQLException {
        Map<Long, Slot> found = new HashMap<>();
        if (userIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT user_id, order_id, status FROM " + ORDERS
                + " WHERE activity_id = ? AND user_id IN (" + Sql.markers(userIds.size()) + ")")) {
            s.setLong(1, activityId);
            Sql.bindIds(s, 2, userIds);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getLong(1), new Slot(rows.getLong(2), OrderStatus.valueOf(rows.getString(3))));
                }
            }
        }
        return found;
    }

    /**
     * Inserts orders in one multi-row statement, in order id order so that overlapping batches take their row locks in
     * the same order.
     *
     * @throws SQLException a duplicate key (error 1062) if an order id or a user's slot is taken
     */
    static void insert(Connection c, List<OrderMessage> orders, Function<OrderMessage, OrderStatus> statusOf,
            Instant now) throws SQLException {
        if (orders.isEmpty()) {
            return;
        }
        List<OrderMessage> sorted = new ArrayList<>(orders);
        sorted.sort((a, b) -> Long.compare(a.orderId(), b.orderId()));
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + ORDERS + " ("
                + INSERT_COLUMNS.formatted("failure_reason") + ") VALUES "
                + Sql.tuples(sorted.size(), INSERT_WIDTH))) {
            int index = 1;
            for (OrderMessage m : sorted) {
                index = bindInsert(s, index, m, statusOf.apply(m), null, now);
            }
            s.executeUpdate();
        }
    }

    /**
     * Inserts one order unless its id was rejected before.
     *
     * @return {@code false} if the id is a rejection
     * @throws SQLException a duplicate key (error 1062) if the order id or the user's slot is taken
     */
    static boolean insertUnlessRejected(Connection c, OrderMessage m, OrderStatus status, @Nullable String reason,
            Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + ORDERS + " ("
                + INSERT_COLUMNS.formatted("failure_reason") + ") SELECT " + Sql.markers(INSERT_WIDTH)
                + " FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM " + REJECTIONS + " WHERE order_id = ?)")) {
            int index = bindInsert(s, 1, m, status, reason, now);
            s.setLong(index, m.orderId());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Records orders as rejected ({@link OrderStatus#FAILED}) in one multi-row statement.
     *
     * @throws SQLException a duplicate key (error 1062) if an order id is already a rejection
     */
    static void reject(Connection c, List<OrderMessage> orders, String reason, Instant now) throws SQLException {
        if (orders.isEmpty()) {
            return;
        }
        List<OrderMessage> sorted = new ArrayList<>(orders);
        sorted.sort((a, b) -> Long.compare(a.orderId(), b.orderId()));
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + REJECTIONS + " ("
                + INSERT_COLUMNS.formatted("reason") + ") VALUES " + Sql.tuples(sorted.size(), INSERT_WIDTH))) {
            int index = 1;
            for (OrderMessage m : sorted) {
                index = bindInsert(s, index, m, OrderStatus.FAILED, reason, now);
            }
            s.executeUpdate();
        }
    }

    /**
     * Records one order as rejected ({@link OrderStatus#FAILED}) unless it holds a slot.
     *
     * @return {@code false} if the id is in {@code seckill_order}
     * @throws SQLException a duplicate key (error 1062) if the id is already a rejection
     */
    static boolean rejectUnlessOrdered(Connection c, OrderMessage m, String reason, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + REJECTIONS + " ("
                + INSERT_COLUMNS.formatted("reason") + ") SELECT " + Sql.markers(INSERT_WIDTH)
                + " FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM " + ORDERS + " WHERE order_id = ?)")) {
            int index = bindInsert(s, 1, m, OrderStatus.FAILED, reason, now);
            s.setLong(index, m.orderId());
            return s.executeUpdate() == 1;
        }
    }

    private static int bindInsert(PreparedStatement s, int first, OrderMessage m, OrderStatus status,
            @Nullable String reason, Instant now) throws SQLException {
        LocalDateTime utc = Sql.utc(now);
        int i = first;
        s.setLong(i++, m.orderId());
        s.setLong(i++, m.activityId());
        s.setLong(i++, m.userId());
        s.setInt(i++, m.quantity());
        s.setInt(i++, m.shard());
        s.setString(i++, status.name());
        s.setString(i++, reason == null ? null : truncate(reason));
        s.setLong(i++, m.admittedAtMillis());
        s.setObject(i++, utc);
        s.setObject(i++, utc);
        return i;
    }

    private static String truncate(String reason) {
        return reason.codePointCount(0, reason.length()) <= MAX_REASON_LENGTH
                ? reason : reason.substring(0, reason.offsetByCodePoints(0, MAX_REASON_LENGTH));
    }

    /**
     * The guarded status transition: it changes the row only if its status is still one of {@code from}, so of two
     * racing transitions exactly one wins.
     *
     * @return whether the order's status was one of {@code from} and is now {@code to}
     */
    static boolean transition(Connection c, String table, long orderId, Set<OrderStatus> from, OrderStatus to,
            Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET status = ?, updated_at = ?"
                + " WHERE order_id = ? AND status IN (" + Sql.markers(from.size()) + ")")) {
            s.setString(1, to.name());
            s.setObject(2, Sql.utc(now));
            s.setLong(3, orderId);
            int index = 4;
            for (OrderStatus status : from) {
                s.setString(index++, status.name());
            }
            return s.executeUpdate() == 1;
        }
    }

    /**
     * A guarded cancel of an order (of this buyer, unless {@code buyer} is null): like {@link #transition}, and keeps
     * the reason.
     *
     * @return whether the order was {@code from} (and the buyer's) and is now {@code to}
     */
    static boolean cancel(Connection c, long orderId, @Nullable Long buyer, OrderStatus from, OrderStatus to,
            String reason, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + ORDERS + " SET status = ?, failure_reason = ?,"
                + " updated_at = ? WHERE order_id = ? AND status = ?" + (buyer == null ? "" : " AND user_id = ?"))) {
            s.setString(1, to.name());
            s.setString(2, truncate(reason));
            s.setObject(3, Sql.utc(now));
            s.setLong(4, orderId);
            s.setString(5, from.name());
            if (buyer != null) {
                s.setLong(6, buyer);
            }
            return s.executeUpdate() == 1;
        }
    }

    /** Sets the status of orders this transaction holds (inserted or claimed). */
    static void setStatus(Connection c, Collection<Long> orderIds, OrderStatus to, Instant now) throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE " + ORDERS + " SET status = ?, updated_at = ?"
                + " WHERE order_id IN (" + Sql.markers(orderIds.size()) + ")")) {
            s.setString(1, to.name());
            s.setObject(2, Sql.utc(now));
            Sql.bindIds(s, 3, orderIds);
            int changed = s.executeUpdate();
            if (changed != orderIds.size()) {
                throw new IllegalStateException("Expected to update " + orderIds.size() + " orders, updated "
                        + changed);
            }
        }
    }

    /**
     * Locks those of the orders that still wait for payment, skipping rows another transaction holds (a concurrent
     * sweep, payment or release decides them).
     *
     * @return the orders now locked by this transaction, by order id
     */
    static List<OrderRecord> claimPending(Connection c, Collection<Long> orderIds) throws SQLException {
        List<OrderRecord> claimed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM " + ORDERS
                + " WHERE order_id IN (" + Sql.markers(orderIds.size()) + ") AND status = ?"
                + " ORDER BY order_id FOR UPDATE SKIP LOCKED")) {
            int index = Sql.bindIds(s, 1, orderIds);
            s.setString(index, OrderStatus.PENDING_PAYMENT.name());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    claimed.add(record(rows));
                }
            }
        }
        return claimed;
    }

    /** @return up to {@code limit} orders of the activity waiting for payment since {@code cutoff} or earlier, oldest first */
    static List<Pending> pendingSince(Connection c, long activityId, Instant cutoff, int limit) throws SQLException {
        List<Pending> due = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT order_id, created_at FROM " + ORDERS
                + " WHERE activity_id = ? AND status = ? AND created_at <= ?"
                + " ORDER BY created_at, order_id LIMIT ?")) {
            s.setLong(1, activityId);
            s.setString(2, OrderStatus.PENDING_PAYMENT.name());
            s.setObject(3, Sql.utc(cutoff));
            s.setInt(4, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    due.add(new Pending(rows.getLong(1), activityId, Sql.instant(rows, "created_at")));
                }
            }
        }
        return due;
    }

    /** @return the number of orders per status of the activity in {@code table} */
    static Map<OrderStatus, Long> count(Connection c, String table, long activityId) throws SQLException {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        try (PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM " + table
                + " WHERE activity_id = ? GROUP BY status")) {
            s.setLong(1, activityId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    counts.put(OrderStatus.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /** @return the ids of {@code orders} */
    static List<Long> ids(Collection<OrderMessage> orders) {
        return orders.stream().map(OrderMessage::orderId).collect(Collectors.toList());
    }

    private static OrderRecord record(ResultSet rows) throws SQLException {
        return new OrderRecord(rows.getLong("order_id"), rows.getLong("activity_id"), rows.getLong("user_id"),
                rows.getInt("quantity"), rows.getInt("shard"), OrderStatus.valueOf(rows.getString("status")),
                Sql.instant(rows, "created_at"), Sql.instant(rows, "updated_at"));
    }
}
