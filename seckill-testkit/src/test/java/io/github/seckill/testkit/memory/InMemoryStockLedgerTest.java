package io.github.seckill.testkit.memory;

import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.testkit.tck.StockLedgerContractTest;

class InMemoryStockLedgerTest extends StockLedgerContractTest {
    @Override
    protected StockLedger createLedger() {
        return new InMemoryStockLedger();
    }
}
