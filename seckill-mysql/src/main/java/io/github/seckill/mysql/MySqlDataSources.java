package io.github.seckill.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Connection pools configured for the ledger, for applications that do not bring their own. Needs
 * {@code com.zaxxer:HikariCP} on the class path (an optional dependency of this module) and a MySQL-protocol driver
 * such as {@code com.mysql:mysql-connector-j}.
 *
 * <p>The settings: READ COMMITTED and auto-commit off, which the ledger uses anyway, so it need not switch them per
 * call; server-side prepared statements, cached, since the ledger runs few distinct statements very often; session
 * state tracked on the client, which saves a round trip per transaction; batched statements rewritten into multi-row
 * ones; row-lock waits limited to 5 s (the ledger retries a transaction that gave up). Tune the returned
 * {@link HikariConfig} further as needed.
 */
public final class MySqlDataSources {

    private MySqlDataSources() {
    }

    /**
     * @param jdbcUrl for example {@code jdbc:mysql://127.0.0.1:3306/shop}
     * @param user the database user
     * @param password the user's password
     * @return a pool configuration for the ledger, with {@code 2 * cores + 1} (at least 8) connections: more mostly
     *     queue on the stock row's lock
     */
    public static HikariConfig hikariConfig(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("seckill-mysql");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(Math.max(8, 2 * Runtime.getRuntime().availableProcessors() + 1));
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("useServerPrepStmts", "true");
        config.addDataSourceProperty("cachePrepStmts", "true");
        config.addDataSourceProperty("prepStmtCacheSize", "250");
        config.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
        config.addDataSourceProperty("useLocalSessionState", "true");
        config.addDataSourceProperty("useLocalTransactionState", "true");
        config.addDataSourceProperty("rewriteBatchedStatements", "true");
        config.addDataSourceProperty("cacheServerConfiguration", "true");
        config.addDataSourceProperty("maintainTimeStats", "false");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A transaction queued behind a stuck one gives up (and is retried) after 5 s rather than the default 50 s.
        config.addDataSourceProperty("sessionVariables", "innodb_lock_wait_timeout=5");
        return config;
    }

    /**
     * @param jdbcUrl for example {@code jdbc:mysql://127.0.0.1:3306/shop}
     * @param user the database user
     * @param password the user's password
     * @return a started pool with {@link #hikariConfig}; close it when done
     */
    public static HikariDataSource hikari(String jdbcUrl, String user, String password) {
        return new HikariDataSource(hikariConfig(jdbcUrl, user, password));
    }
}
