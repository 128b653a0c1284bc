package io.github.seckill.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.testservers.MariaDbEndpoint;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A pool on a test database with the ledger's schema, and plain SQL reads to check the tables with. */
final class TestDatabase implements AutoCloseable {

    final MariaDbEndpoint endpoint;
    final HikariDataSource pool;

    private TestDatabase(MariaDbEndpoint endpoint, HikariDataSource pool) {
        this.endpoint = endpoint;
        this.pool = pool;
    }

    /** A pool of {@code poolSize} connections on the endpoint's database, migrated. */
    static TestDatabase open(MariaDbEndpoint endpoint, int poolSize) {
        return open(endpoint, poolSize, config -> { });
    }

    static TestDatabase open(MariaDbEndpoint endpoint, int poolSize, Consumer<HikariConfig> tuning) {
        TestDatabase db = unmigrated(endpoint, poolSize, tuning);
        SeckillMySql.create(db.pool).migrate();
        return db;
    }

    /** A pool on the endpoint's database, as it is. */
    static TestDatabase unmigrated(MariaDbEndpoint endpoint, int poolSize) {
        return unmigrated(endpoint, poolSize, config -> { });
    }

    private static TestDatabase unmigrated(MariaDbEndpoint endpoint, int poolSize, Consumer<HikariConfig> tuning) {
        HikariConfig config = MySqlDataSources.hikariConfig(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        tuning.accept(config);
        TestDatabase db = new TestDatabase(endpoint, new HikariDataSource(config));
        if (endpoint.isControllable()) {
            // The harness' own throwaway server: write the redo log at each commit, flush it once a second.
            try {
                db.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 2");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot tune the test server", e);
            }
        }
        return db;
    }

    /** @return the single number the query returns */
    long number(String sql, Object... parameters) {
        List<List<Object>> rows = rows(sql, parameters);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("Expected one value from " + sql + ", got " + rows);
        }
        Object value = rows.get(0).get(0);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** @return every row of the query, each as its column values */
    List<List<Object>> rows(String sql, Object... parameters) {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(normalize(r.getObject(i)));
                    }
                    rows.add(row);
                }
            }
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("Query failed: " + sql, e);
        }
    }

    /** Whole numbers of every SQL type (COUNT, SUM, INT, BIGINT) as {@code Long}, so rows compare simply. */
    private static Object normalize(Object value) {
        if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            return d.longValueExact();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof BigInteger) {
            return ((Number) value).longValue();
        }
        return value;
    }

    /** Runs one statement in its own transaction. */
    int execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            int changed = s.executeUpdate();
            c.commit();
            return changed;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
