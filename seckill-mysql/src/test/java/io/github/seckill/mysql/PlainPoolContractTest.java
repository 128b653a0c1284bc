package io.github.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.tck.StockLedgerContractTest;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link StockLedger} contract on a pool left at its defaults (auto-commit on, the server's REPEATABLE READ, no
 * client-side session state): the ledger switches each borrowed connection to what it needs, and gives it back as it
 * was.
 */
@WithMariaDb
class PlainPoolContractTest extends StockLedgerContractTest {

    private static HikariDataSource pool;
    private static StockLedger shared;

    @BeforeAll
    static void openPool(MariaDbEndpoint endpoint) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(16);
        pool = new HikariDataSource(config);
        SeckillMySql mysql = SeckillMySql.create(pool);
        mysql.migrate();
        shared = mysql.stockLedger();
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @AfterEach
    void connectionsComeBackAsTheyWere() throws Exception {
        try (Connection connection = pool.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.getTransactionIsolation())
                    .isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    @Override
    protected StockLedger createLedger() {
        return shared;
    }
}
