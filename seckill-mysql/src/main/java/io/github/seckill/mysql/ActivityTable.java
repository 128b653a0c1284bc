package io.github.seckill.mysql;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.StockSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Statements on {@code seckill_activity}, the stock rows. Units move only through guarded updates whose
 * {@code WHERE} clause refuses to drive a counter below zero, so no interleaving of transactions can oversell; the
 * table's CHECK constraints are the second line of defence.
 */
final class ActivityTable {

    /** {@code DECIMAL(15,3)}: up to 999,999,999,999.999 seconds. */
    private static final BigDecimal MAX_TIMEOUT_SECONDS = new BigDecimal("999999999999.999");

    private ActivityTable() {
    }

    /** @return {@code false} if the activity exists (it is never reset) */
    static boolean insert(Connection c, LedgerActivity activity, Instant now) throws SQLException {
        Duration paymentTimeout = activity.paymentTimeout();
        // Whole milliseconds, rounded up: a timeout never ends earlier than asked.
        BigDecimal timeout = BigDecimal.valueOf(paymentTimeout.getSeconds())
                .add(BigDecimal.valueOf(paymentTimeout.getNano(), 9)).setScale(3, RoundingMode.CEILING);
        if (timeout.compareTo(MAX_TIMEOUT_SECONDS) > 0) {
            throw new InvalidRequestException("paymentTimeout", "must be at most " + MAX_TIMEOUT_SECONDS + " s");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO seckill_activity (activity_id, sku_id, total_stock,"
                + " available, locked, sold, starts_at, ends_at, payment_timeout_seconds, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)")) {
            s.setLong(1, activity.activityId());
            s.setLong(2, activity.skuId());
            s.setLong(3, activity.totalStock());
            s.setLong(4, activity.totalStock());
            s.setObject(5, Sql.utc(activity.startsAt(), "startsAt"));
            s.setObject(6, Sql.utc(activity.endsAt(), "endsAt"));
            s.setBigDecimal(7, timeout);
            s.setObject(8, Sql.utc(now));
            s.setObject(9, Sql.utc(now));
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Transactor.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * @param forUpdate whether to lock the row until commit (the hot row: do it last)
     * @return the available units, or {@code null} if the activity is not defined
     */
    /** @return whether this call recorded the activity's first admission load */
    static boolean markAdmissionLoaded(Connection c, long activityId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE seckill_activity SET admission_loaded_at = ?"
                + " WHERE activity_id = ? AND admission_loaded_at IS NULL")) {
            s.setObject(1, Sql.utc(now));
            s.setLong(2, activityId);
            return s.executeUpdate() == 1;
        }
    }

    static @Nullable Long available(Connection c, long activityId, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT available FROM seckill_activity WHERE activity_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setLong(1, activityId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** Available to locked, only if that many units are available. */
    static boolean take(Connection c, long activityId, long units, Instant now) throws SQLException {
        return move(c, "available = available - ?, locked = locked + ?", "available", activityId, units, now);
    }

    /** Locked to sold, for a paid order. */
    static boolean sell(Connection c, long activityId, long units, Instant now) throws SQLException {
        return move(c, "locked = locked - ?, sold = sold + ?", "locked", activityId, units, now);
    }

    /** Locked back to available, for a closed order. */
    static boolean giveBack(Connection c, long activityId, long units, Instant now) throws SQLException {
        return move(c, "locked = locked - ?, available = available + ?", "locked", activityId, units, now);
    }

    /** Sold back to available, for a paid order an operator cancelled (to be refunded). */
    static boolean refund(Connection c, long activityId, long units, Instant now) throws SQLException {
        return move(c, "sold = sold - ?, available = available + ?", "sold", activityId, units, now);
    }

    private static boolean move(Connection c, String assignments, String source, long activityId, long units,
            Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE seckill_activity SET " + assignments
                + ", updated_at = ? WHERE activity_id = ? AND " + source + " >= ?")) {
            s.setLong(1, units);
            s.setLong(2, units);
            s.setObject(3, Sql.utc(now));
            s.setLong(4, activityId);
            s.setLong(5, units);
            return s.executeUpdate() == 1;
        }
    }

    static Optional<StockSnapshot> snapshot(Connection c, long activityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT total_stock, available, locked, sold"
                + " FROM seckill_activity WHERE activity_id = ?")) {
            s.setLong(1, activityId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next()
                        ? Optional.of(new StockSnapshot(activityId, rows.getLong(1), rows.getLong(2), rows.getLong(3),
                                rows.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    /** @return the payment timeout of every activity with orders waiting for payment */
    static Map<Long, Duration> withLockedUnits(Connection c) throws SQLException {
        Map<Long, Duration> timeouts = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT activity_id, payment_timeout_seconds"
                + " FROM seckill_activity WHERE locked > 0 ORDER BY activity_id");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                BigDecimal seconds = rows.getBigDecimal(2);
                timeouts.put(rows.getLong(1), Duration.ofMillis(seconds.movePointRight(3).longValueExact()));
            }
        }
        return timeouts;
    }
}
