package io.github.seckill.spring.boot;

import io.github.seckill.engine.DrainReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.settlement.OrderSettler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the sale's schedules while the application runs, and stops it gracefully when the application shuts down:
 * new attempts are answered {@code CLOSING}, attempts under way finish, the settlers settle everything admitted, a
 * last timeout sweep runs, then the settlers and the lifecycle (and whatever else is handed in) are closed. It stops
 * after the web server (whose graceful shutdown lets requests under way finish first) and before Boot's Redis
 * connection factory, whose client the backend may run on. The drain is final: a stopped sale does not start again.
 */
public final class SeckillDrain implements SmartLifecycle {

    /** Stops after the web server's graceful shutdown and before the lifecycle beans of phase 0 (Spring Data Redis). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(SeckillDrain.class);

    private final FlashSale sale;
    private final OrderLifecycle lifecycle;
    private final Reconciler reconciler;
    private final ScheduledExecutorService scheduler;
    private final Duration reconcileEvery;
    private final Duration timeout;
    private final List<AutoCloseable> toClose;
    private @Nullable AutoCloseable reconciling;
    private volatile boolean running;
    private volatile @Nullable DrainReport report;

    /**
     * @param sale the engine to drain
     * @param lifecycle its timeout sweep runs last
     * @param reconciler run on {@code scheduler} every {@code reconcileEvery} while running
     * @param scheduler runs the reconciler
     * @param reconcileEvery the pause between reconciliations; zero for none scheduled
     * @param timeout how long the drain may take
     * @param toClose closed in this order once drained (the settlers, the lifecycle, order updates)
     */
    public SeckillDrain(FlashSale sale, OrderLifecycle lifecycle, Reconciler reconciler,
            ScheduledExecutorService scheduler, Duration reconcileEvery, Duration timeout,
            List<? extends AutoCloseable> toClose) {
        this.sale = Objects.requireNonNull(sale, "sale");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.reconcileEvery = Objects.requireNonNull(reconcileEvery, "reconcileEvery");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.toClose = new ArrayList<>(toClose);
    }

    /** Schedules the reconciler. */
    @Override
    public synchronized void start() {
        if (running || report != null) {
            return;
        }
        if (!reconcileEvery.isZero()) {
            reconciling = reconciler.schedule(scheduler, reconcileEvery);
        }
        running = true;
    }

    /** Stops the reconciler's schedule and drains the sale. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        AutoCloseable schedule = reconciling;
        if (schedule != null) {
            try {
                schedule.close();
            } catch (Exception e) {
                LOG.warn("could not stop the reconciler's schedule", e);
            }
        }
        try {
            DrainReport left = sale.drain().sweeping(lifecycle).thenClosing(toClose.toArray(AutoCloseable[]::new))
                    .run(timeout);
            report = left;
            LOG.info("seckill drained: {}", left);
        } catch (RuntimeException e) {
            // a drain reports backend failures; anything else must not stop the shutdown either: the beans' destroy
            // methods still close everything
            LOG.error("seckill could not drain the sale", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** @return what the drain on shutdown left, once it ran */
    public Optional<DrainReport> report() {
        return Optional.ofNullable(report);
    }
}
