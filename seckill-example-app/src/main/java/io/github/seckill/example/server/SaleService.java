package io.github.seckill.example.server;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.ActivityConfig;
import io.github.seckill.engine.DrainReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.engine.FlashSaleBuilder;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.id.LeasedWorkerId;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.micrometer.ActivitySources;
import io.github.seckill.micrometer.SeckillMetrics;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.status.OrderUpdates;
import io.github.seckill.status.StatusPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK as the app embeds it, on one {@link SaleBackend}: the engine with the waitlist and the reconciler, the
 * settler, the lifecycle with its sweeps, order updates pushed across instances, and a leased order-id worker. This is
 * the wiring a shop copies.
 */
final class SaleService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SaleService.class);

    final SaleBackend backend;
    final FlashSale sale;
    final OrderSettler settler;
    final OrderLifecycle lifecycle;
    final Reconciler reconciler;
    final OrderUpdates updates;
    private final SeckillMetrics metrics;
    private final LeasedWorkerId worker;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "seckill-app-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final AutoCloseable reconciling;
    /** Activities launched on this instance, by id. */
    private final Map<Long, ActivityConfig> activities = new ConcurrentHashMap<>();

    /**
     * @param backend where the sale runs
     * @param metrics told every event, besides the status push; watches each activity created here
     * @param breakers where the engine keeps its circuit breakers (bound to metrics by the caller)
     * @param sharedRouting whether attempts route by the shard bitmap every instance shares
     */
    SaleService(SaleBackend backend, SeckillMetrics metrics, CircuitBreakerRegistry breakers, boolean sharedRouting) {
        this.backend = backend;
        this.metrics = metrics;
        SeckillListener events = Listeners.safe(List.of(metrics, StatusPublisher.to(backend.statusFeed())));
        this.worker = LeasedWorkerId.acquire(backend.leases(), scheduler);
        this.reconciler = Reconciler.builder(backend.gate(), backend.ledger()).queue(backend.queue())
                .leases(backend.leases()).listener(events).build();
        this.reconciling = reconciler.schedule(scheduler, Duration.ofSeconds(5));
        FlashSaleBuilder engine = FlashSale.builder(backend.gate(), backend.queue()).orderIds(worker.orderIds())
                .waitlist(backend.waitlist()).reconciler(reconciler).listener(events).breakers(breakers);
        if (sharedRouting) {
            engine.sharedShardBitmap(backend.sharedShardBitmap(), Duration.ofMillis(50));
        }
        this.sale = engine.build();
        this.settler = OrderSettler.builder(backend.queue(), backend.ledger()).consumers(2).givingBackTo(sale)
                .listener(events).start();
        this.lifecycle = OrderLifecycle.builder(sale, backend.ledger()).admission(backend.gate()).listener(events)
                .sweepEvery(Duration.ofSeconds(1)).build();
        this.updates = new OrderUpdates(backend.statusFeed(), backend.ledger());
    }

    /**
     * Records the activity for every instance, defines it in the ledger and launches it here.
     *
     * @return whether it is new (an existing id answers {@code false} and changes nothing)
     */
    boolean create(ActivityConfig config) {
        if (!backend.catalog().add(config)) {
            return false;
        }
        backend.ledger().defineActivity(config.toLedgerActivity());
        launched(config);
        return true;
    }

    /** @return the activity, launched here on first use when another instance created it */
    Optional<ActivityConfig> activity(long id) {
        ActivityConfig here = activities.get(id);
        if (here != null) {
            return Optional.of(here);
        }
        Optional<ActivityConfig> shared = backend.catalog().find(id);
        shared.ifPresent(this::launched);
        return shared;
    }

    /** @return every activity of the sale, launched here */
    Collection<ActivityConfig> activities() {
        for (ActivityConfig c : backend.catalog().all()) {
            if (!activities.containsKey(c.activityId())) {
                launched(c);
            }
        }
        return new ArrayList<>(activities.values());
    }

    private synchronized void launched(ActivityConfig config) {
        if (activities.containsKey(config.activityId())) {
            return;
        }
        sale.launch(config);
        activities.put(config.activityId(), config);
        metrics.watch(config.activityId(), ActivitySources.builder().sale(sale).ledger(backend.ledger())
                .waitlist(backend.waitlist()).auditor(auditor()).build());
    }

    Auditor auditor() {
        return Auditor.of(backend.ledger(), backend.gate(), Duration.ofSeconds(60));
    }

    /** @return whether every backend answers */
    boolean ready() {
        try {
            backend.ledger().stock(0);
            backend.gate().stock().remaining(0);
            backend.queue().mark();
            return true;
        } catch (RuntimeException e) {
            LOG.debug("not ready", e);
            return false;
        }
    }

    /** Stops taking attempts, settles what was admitted, then stops everything this service started. */
    DrainReport drain(Duration timeout) {
        return sale.drain().sweeping(lifecycle).thenClosing(settler, lifecycle, updates).run(timeout);
    }

    @Override
    public void close() {
        try {
            reconciling.close();
        } catch (Exception e) {
            LOG.warn("could not stop reconciliation", e);
        }
        scheduler.shutdownNow();
        worker.close();
        sale.close();
        settler.close();
        lifecycle.close();
        updates.close();
    }
}
