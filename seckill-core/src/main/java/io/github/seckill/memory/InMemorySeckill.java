package io.github.seckill.memory;

import io.github.seckill.admission.AdmissionGate;
import java.time.InstantSource;

/**
 * Entry point of the in-memory backend: a complete single-JVM pipeline (dedupe guard, sharded stock, order queue,
 * stock ledger) in one object.
 *
 * <pre>{@code
 * InMemorySeckill mem = InMemorySeckill.create();
 * FlashSale sale = FlashSale.builder(mem.admissionGate(), mem.orderQueue()).build();
 * OrderSettler settler = OrderSettler.builder(mem.orderQueue(), mem.stockLedger()).start();
 * }</pre>
 */
public final class InMemorySeckill {

    private final InMemoryDedupeGuard dedupeGuard = new InMemoryDedupeGuard();
    private final InMemoryShardedStockStore stockStore = new InMemoryShardedStockStore();
    private final AdmissionGate admissionGate = AdmissionGate.compose(dedupeGuard, stockStore);
    private final InMemoryOrderQueue orderQueue;
    private final InMemoryStockLedger stockLedger;

    private InMemorySeckill(InMemoryOrderQueue queue, InstantSource clock) {
        this.orderQueue = queue;
        this.stockLedger = new InMemoryStockLedger(clock);
    }

    /** @return a pipeline on the system clock with a default queue */
    public static InMemorySeckill create() {
        return new InMemorySeckill(InMemoryOrderQueue.builder().build(), InstantSource.system());
    }

    /**
     * @param queue the queue to use
     * @param clock the ledger's clock
     * @return a pipeline with that queue and clock
     */
    public static InMemorySeckill create(InMemoryOrderQueue queue, InstantSource clock) {
        return new InMemorySeckill(queue, clock);
    }

    /** @return the admission gate over {@link #dedupeGuard()} and {@link #stockStore()} */
    public AdmissionGate admissionGate() {
        return admissionGate;
    }

    /** @return the per-user dedupe guard */
    public InMemoryDedupeGuard dedupeGuard() {
        return dedupeGuard;
    }

    /** @return the sharded stock */
    public InMemoryShardedStockStore stockStore() {
        return stockStore;
    }

    /** @return the order queue */
    public InMemoryOrderQueue orderQueue() {
        return orderQueue;
    }

    /** @return the stock ledger */
    public InMemoryStockLedger stockLedger() {
        return stockLedger;
    }
}
