package io.github.seckill.example;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderQueue;

/** Where the demo sale runs: an admission gate, an order queue and a stock ledger, closed together. */
interface DemoBackend extends AutoCloseable {

    /** @return a short description, for the report */
    String describe();

    /** @return the admission backend */
    AdmissionGate gate();

    /** @return the order queue */
    OrderQueue queue();

    /** @return the stock ledger */
    StockLedger ledger();

    /** Stops what the backend started; never throws. */
    @Override
    void close();
}
