package io.github.seckill.memory;

import io.github.seckill.admission.AdmissionGate;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
        return builder().build();
    }

    /** @return a builder: the system clock, {@link InMemoryOrderQueue#builder() a default queue} */
    public static Builder builder() {
        return new Builder();
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

    /** @return the waitlist kept with {@link #stockStore()} */
    public InMemoryWaitlist waitlist() {
        return stockStore.waitlist();
    }

    /** @return the order queue */
    public InMemoryOrderQueue orderQueue() {
        return orderQueue;
    }

    /** @return the stock ledger */
    public InMemoryStockLedger stockLedger() {
        return stockLedger;
    }

    /** Builds an {@link InMemorySeckill}. */
    public static final class Builder {
        private @Nullable InMemoryOrderQueue queue;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /**
         * @param orderQueue the queue to use (its batching, capacity, retries)
         * @return this
         */
        public Builder orderQueue(InMemoryOrderQueue orderQueue) {
            this.queue = Objects.requireNonNull(orderQueue, "orderQueue");
            return this;
        }

        /**
         * @param source the ledger's clock: order times, which payment timeouts count from
         * @return this
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "source");
            return this;
        }

        /** @return the pipeline */
        public InMemorySeckill build() {
            return new InMemorySeckill(queue != null ? queue : InMemoryOrderQueue.builder().build(), clock);
        }
    }
}
