package io.github.seckill.example.backend;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.memory.InMemoryOrderStatusFeed;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.memory.InMemorySharedShardBitmap;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.status.OrderStatusFeed;

/** The embedded default: the whole pipeline in this JVM, nothing to install. */
public final class MemoryBackend implements SaleBackend {

    private final InMemorySeckill memory = InMemorySeckill.create();
    private final InMemoryOrderStatusFeed feed = new InMemoryOrderStatusFeed();
    private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
    private final MemoryCatalog catalog = new MemoryCatalog();
    private final InMemorySharedShardBitmap bitmap = new InMemorySharedShardBitmap();

    @Override
    public String describe() {
        return "in-memory";
    }

    @Override
    public AdmissionGate gate() {
        return memory.admissionGate();
    }

    @Override
    public Waitlist waitlist() {
        return memory.waitlist();
    }

    @Override
    public SharedShardBitmap sharedShardBitmap() {
        return bitmap;
    }

    @Override
    public OrderStatusFeed statusFeed() {
        return feed;
    }

    @Override
    public OrderQueue queue() {
        return memory.orderQueue();
    }

    @Override
    public StockLedger ledger() {
        return memory.stockLedger();
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public ActivityCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
        memory.orderQueue().close();
    }
}
