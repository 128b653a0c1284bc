package io.github.seckill.example.backend;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.status.OrderStatusFeed;

/**
 * Where a sale runs: admission (with its waitlist and the order updates feed), the order queue, the stock ledger and
 * the leases, closed together.
 */
public interface SaleBackend extends AutoCloseable {

    /** @return a short description, for reports and logs */
    String describe();

    /** @return the admission backend */
    AdmissionGate gate();

    /** @return the waitlist kept with admission */
    Waitlist waitlist();

    /** @return the order updates feed, across instances where the backend spans several */
    OrderStatusFeed statusFeed();

    /** @return the shard bitmap every instance of the sale routes by */
    SharedShardBitmap sharedShardBitmap();

    /** @return the order queue */
    OrderQueue queue();

    /** @return the stock ledger */
    StockLedger ledger();

    /** @return leases shared by every instance (reconciliation, order-id worker ids) */
    LeaseStore leases();

    /** @return the app's activities, shared by every instance of the sale */
    ActivityCatalog catalog();

    /** Stops what the backend started; never throws. */
    @Override
    void close();
}
