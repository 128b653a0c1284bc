package io.github.seckill.spring.boot;

import io.github.seckill.ActivityConfig;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.StockLedger;
import java.util.List;
import java.util.Objects;

/**
 * Opens activities on the auto-configured sale: the ledger's row once, the launch on this instance, and every
 * {@link Observer} told (the metrics' per-activity gauges). Each instance of a sale opens the activities it serves;
 * the ledger keeps the first definition and a later launch loads what the ledger has left.
 */
public final class SeckillActivities {

    /** Told of every activity opened here. */
    @FunctionalInterface
    public interface Observer {

        /**
         * Told once the activity is defined in the ledger and launched here.
         *
         * @param config the activity
         */
        void opened(ActivityConfig config);
    }

    private final FlashSale sale;
    private final StockLedger ledger;
    private final List<Observer> observers;

    /**
     * @param sale the engine activities launch on
     * @param ledger where activities are defined
     * @param observers told of each activity opened
     */
    public SeckillActivities(FlashSale sale, StockLedger ledger, List<Observer> observers) {
        this.sale = Objects.requireNonNull(sale, "sale");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.observers = List.copyOf(observers);
    }

    /**
     * Defines the activity in the ledger (a no-op when it exists: it is never reset), launches it on this instance
     * and tells the observers.
     *
     * @param config the activity
     * @return whether the ledger's row was created by this call
     */
    public boolean open(ActivityConfig config) {
        boolean created = ledger.defineActivity(config.toLedgerActivity());
        sale.launch(config);
        observers.forEach(o -> o.opened(config));
        return created;
    }
}
