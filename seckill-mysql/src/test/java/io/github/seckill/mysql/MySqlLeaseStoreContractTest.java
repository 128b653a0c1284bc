package io.github.seckill.mysql;

import io.github.seckill.lease.LeaseStore;
import io.github.seckill.tck.LeaseStoreContractTest;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared {@link LeaseStore} contract, on real MariaDB. */
@WithMariaDb
class MySqlLeaseStoreContractTest extends LeaseStoreContractTest {

    private static TestDatabase db;
    private static LeaseStore shared;

    @BeforeAll
    static void openDatabase(MariaDbEndpoint endpoint) {
        db = TestDatabase.open(endpoint, 16);
        shared = SeckillMySql.create(db.pool).leaseStore();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Override
    protected LeaseStore createStore() {
        return shared;
    }
}
