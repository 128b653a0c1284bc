package io.github.seckill.mysql;

import io.github.seckill.InvalidRequestException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

/** Small JDBC helpers shared by the table classes. Times are stored as UTC {@code DATETIME(6)}. */
final class Sql {

    private static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Sql() {
    }

    /** @return {@code ?,?,...,?} with {@code count} markers */
    static String markers(int count) {
        return "?,".repeat(count - 1) + "?";
    }

    /** @return {@code (?,...,?),(?,...,?)...}: {@code rows} tuples of {@code columns} markers */
    static String tuples(int rows, int columns) {
        String tuple = "(" + markers(columns) + ")";
        return (tuple + ",").repeat(rows - 1) + tuple;
    }

    /**
     * Binds ids from parameter {@code first} on.
     *
     * @return the next parameter index
     */
    static int bindIds(PreparedStatement statement, int first, Collection<Long> ids) throws SQLException {
        int index = first;
        for (long id : ids) {
            statement.setLong(index++, id);
        }
        return index;
    }

    /** @return {@code instant} as the UTC wall-clock time a {@code DATETIME(6)} column stores */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * @param field the input's name, for the exception
     * @return {@code instant} as UTC wall-clock time
     * @throws InvalidRequestException outside the years 1000 to 9999 that {@code DATETIME} holds
     */
    static LocalDateTime utc(Instant instant, String field) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidRequestException(field, "must be within the years 1000 to 9999, was " + instant);
        }
        return utc(instant);
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        LocalDateTime utc = rows.getObject(column, LocalDateTime.class);
        return utc.toInstant(ZoneOffset.UTC);
    }
}
