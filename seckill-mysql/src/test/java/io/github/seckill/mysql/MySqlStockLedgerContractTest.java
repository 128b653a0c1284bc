package io.github.seckill.mysql;

import io.github.seckill.ledger.StockLedger;
import io.github.seckill.tck.StockLedgerContractTest;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared {@link StockLedger} contract, on real MariaDB. */
@WithMariaDb
class MySqlStockLedgerContractTest extends StockLedgerContractTest {

    private static TestDatabase db;
    private static StockLedger shared;

    @BeforeAll
    static void openDatabase(MariaDbEndpoint endpoint) {
        db = TestDatabase.open(endpoint, 16);
        shared = SeckillMySql.create(db.pool).stockLedger();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Override
    protected StockLedger createLedger() {
        return shared;
    }
}
