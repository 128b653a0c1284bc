package io.github.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.tck.StockLedgerContractTest;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shared {@link StockLedger} contract on real MariaDB, on each kind of pool an application may hand the ledger.
 * Each pool gets a database of its own.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(MySqlStockLedgerContractTest.Pool.class)
@WithMariaDb
class MySqlStockLedgerContractTest extends StockLedgerContractTest {

    /** The pools the ledger runs on. */
    enum Pool {
        /** Configured by {@link MySqlDataSources#hikariConfig}, as the SDK recommends. */
        CONFIGURED,
        /**
         * Left at its defaults (auto-commit on, the server's REPEATABLE READ, no client-side session state): the ledger
         * switches each borrowed connection to what it needs, and gives it back as it was.
         */
        PLAIN
    }

    @Parameter
    Pool pool;

    private static HikariDataSource dataSource;
    private static StockLedger shared;

    @BeforeParameterizedClassInvocation
    static void openPool(Pool pool, MariaDbEndpoint endpoint) {
        switch (pool) {
            case CONFIGURED -> {
                TestDatabase db = TestDatabase.open(endpoint, 16);
                dataSource = db.pool;
                shared = SeckillMySql.create(db.pool).stockLedger();
            }
            case PLAIN -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(endpoint.jdbcUrl());
                config.setUsername(endpoint.user());
                config.setPassword(endpoint.password());
                config.setMaximumPoolSize(16);
                dataSource = new HikariDataSource(config);
                SeckillMySql mysql = SeckillMySql.create(dataSource);
                mysql.migrate();
                shared = mysql.stockLedger();
            }
        }
    }

    @AfterParameterizedClassInvocation
    static void closePool() {
        dataSource.close();
    }

    @AfterEach
    void connectionsComeBackAsTheyWere() throws Exception {
        if (pool != Pool.PLAIN) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    @Override
    protected StockLedger createLedger() {
        return shared;
    }
}
