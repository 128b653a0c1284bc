package io.github.seckill.tck.memory;

import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.tck.StockLedgerContractTest;

class InMemoryStockLedgerContractTest extends StockLedgerContractTest {
    @Override
    protected StockLedger createLedger() {
        return new InMemoryStockLedger();
    }
}
