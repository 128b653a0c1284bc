package io.github.seckill.reconcile;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.ActivityConfig;
import io.github.seckill.GiveBackPolicy;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.ConfirmRequest;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.StockGiveBack;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.lease.LeaseRequest;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.LedgerView;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueMark;
import io.github.seckill.shard.Shards;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the admission layer (Redis) in step with the ledger, the final authority, so that undersell is repaired and
 * drift above the ledger taken away: "never oversell, and undersell as little as possible".
 *
 * <p>A run for an activity reads what admission holds (units per shard and the orders holding units, one consistent
 * snapshot), then, in one consistent read of the ledger, the units it can still sell ({@code L}) and the statuses of
 * those orders. Orders the ledger has not seen are on their way ({@code F}); those older than the grace are stranded
 * (the JVM died before publishing, an answer timed out, a revoke failed, a record could not be read) and are queued
 * again from what admission recorded, which the ledger's dedupe by order id makes harmless. Orders the ledger closed
 * or turned away but admission still holds are given back now (once per order). Admission is then corrected to
 * {@code L - F}: units taken off at once when it holds more (less what was taken since the snapshot: those orders may
 * have been settled before the ledger was read, and would count twice), units added when it holds fewer. The rule
 * that holds
 * under concurrent attempts, settlements and give-backs: a run never leaves admission able to admit more units than
 * the ledger can still sell. Additions wait until every order published before the previous run has reached the
 * ledger (the queue's marks), so that admissions the snapshot cannot see (degraded ones, or ones whose records were
 * lost with the data) are counted in {@code L} first; an engine tells its reconciler of the degraded admissions it
 * makes ({@link #noteBypassed}), and additions then wait for a mark taken after the last one. Degraded admissions of
 * other JVMs are only covered by the previous mark: admission may then admit a few buyers more than the ledger can
 * honour, who end sold out there (the ledger never oversells).
 *
 * <p>When admission holds no data for an activity it was loaded for (a restart without persistence, a flush, a
 * failover to an empty replica), the run rebuilds it from the ledger: the shards with no units and the slot of every
 * buyer who holds an order, so no earlier winner is admitted twice; the units follow once the queue has settled
 * past the loss. A first load takes the ledger's available units, never the configured stock of an activity the ledger
 * already sold from.
 *
 * <p>Runs are single-flight across instances (a lease per activity in a {@link LeaseStore}) and in this JVM. Run one on
 * demand ({@link #reconcile}), on a schedule ({@link #schedule}) and soon after an engine sees every shard at zero or
 * its breaker close ({@link #runSoon}). Every run returns a {@link ReconciliationReport}, logs it and reports it to
 * {@link SeckillListener#reconciled}.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** The request id a slot rebuilt from the ledger holds: a retry of the original request reads it as a duplicate. */
    static final String REBUILT_REQUEST = "ledger";
    private static final int PAGE = 1_000;

    private final AdmissionGate gate;
    /** Finishes give-backs that never happened: straight to the shards, or through the engine that sells them. */
    private volatile StockGiveBack giveBack;
    private final ShardedStockStore stock;
    private final StockLedger ledger;
    private final @Nullable OrderQueue queue;
    private final LeaseStore leases;
    private final InstantSource clock;
    private final SeckillListener listener;
    private final String holder;
    private final Duration leaseTtl;
    private final long strandedAfterMillis;
    private final long retentionMillis;
    private final ConcurrentHashMap<Long, Watched> watched = new ConcurrentHashMap<>();
    private final AtomicLong runs = new AtomicLong();
    private volatile @Nullable ScheduledExecutorService scheduler;

    /** What this JVM keeps per activity between runs. */
    private static final class Watched {
        final ActivityConfig config;
        final AtomicBoolean running = new AtomicBoolean();
        /** The queue's mark at the previous run's start: additions wait until it is settled. */
        volatile @Nullable QueueMark previousMark;
        /** When the previous run took its mark. */
        volatile long previousMarkAtMillis = Long.MIN_VALUE;
        /** When this JVM's engine last admitted around the backend: such orders are invisible until settled. */
        volatile long lastBypassMillis = Long.MIN_VALUE;
        /** After a rebuild, the slots are restored once more when the units come back. */
        volatile boolean slotsPending;

        Watched(ActivityConfig config) {
            this.config = config;
        }
    }

    Reconciler(ReconcilerBuilder b) {
        this.gate = b.gate;
        this.giveBack = StockGiveBack.through(gate);
        this.stock = b.gate.stock();
        this.ledger = b.ledger;
        this.queue = b.queue;
        this.leases = b.leases;
        this.clock = b.clock;
        this.listener = Listeners.safe(b.listener);
        this.holder = b.holder;
        this.leaseTtl = b.leaseTtl;
        this.strandedAfterMillis = b.strandedAfter.toMillis();
        this.retentionMillis = b.dataRetention.toMillis();
    }

    /**
     * @param gate the admission backend to keep in step
     * @param ledger the final authority
     * @return a builder
     */
    public static ReconcilerBuilder builder(AdmissionGate gate, StockLedger ledger) {
        return new ReconcilerBuilder(gate, ledger);
    }

    /**
     * Loads an activity into admission for its launch, from the ledger when the ledger knows it: its available units
     * on a first load, a rebuild when admission was loaded before and has lost the data. Admission data that is
     * there already is kept. The activity is watched from now on.
     *
     * @param config the activity
     */
    public void prepare(ActivityConfig config) {
        InvalidRequestException.requireNonNull(config, "config");
        long id = config.activityId();
        Watched w = watched.computeIfAbsent(id, k -> new Watched(config));
        if (stock.snapshot(id).loaded()) {
            return;
        }
        Optional<StockSnapshot> row = ledger.stock(id);
        if (row.isEmpty()) {
            stock.load(id, Shards.split(config.stock(), config.shards()));
        } else if (ledger.recordAdmissionLoad(id)) {
            stock.load(id, Shards.split(row.get().available(), config.shards()));
        } else {
            reconcile(id);
        }
        if (w.previousMark == null && queue != null) {
            w.previousMarkAtMillis = clock.millis();
            w.previousMark = queue.mark().orElse(null);
        }
    }

    /**
     * Finishes the give-backs it finds missing through this port from now on, so that they follow each activity's
     * give-back policy (a waitlist first) as every other give-back does. An engine built with this reconciler
     * registers itself here.
     *
     * @param port where released orders' units go, usually the engine
     */
    public void giveBackThrough(StockGiveBack port) {
        this.giveBack = InvalidRequestException.requireNonNull(port, "port");
    }

    /**
     * This JVM's engine admitted an order of the activity around the backend (degraded): admission cannot see it
     * until it reaches the ledger, so units are added only once the queue settled past a mark taken after it.
     *
     * @param activityId the activity
     */
    public void noteBypassed(long activityId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        Watched w = watched.get(activityId);
        if (w != null) {
            w.lastBypassMillis = clock.millis();
        }
    }

    /**
     * Watches an activity (the scheduled runs reconcile every watched one) without touching admission.
     *
     * @param config the activity
     */
    public void watch(ActivityConfig config) {
        InvalidRequestException.requireNonNull(config, "config");
        watched.putIfAbsent(config.activityId(), new Watched(config));
    }

    /**
     * @param activityId an activity that ended and settled
     * @return whether it was watched
     */
    public boolean unwatch(long activityId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        return watched.remove(activityId) != null;
    }

    /**
     * Reconciles one watched activity now, on this thread.
     *
     * @param activityId the activity
     * @return what the run found and did
     * @throws InvalidRequestException naming {@code activityId} if the activity is not watched
     * @throws io.github.seckill.BackendUnavailableException when admission or the ledger failed
     */
    public ReconciliationReport reconcile(long activityId) {
        Watched w = watched.get(InvalidRequestException.requirePositive(activityId, "activityId"));
        if (w == null) {
            throw new InvalidRequestException("activityId", "activity " + activityId
                    + " is not watched by this reconciler");
        }
        long start = System.nanoTime();
        if (!w.running.compareAndSet(false, true)) {
            return ReconciliationReport.nothing(activityId, ReconciliationReport.Outcome.SKIPPED_LEASE_HELD, 0);
        }
        String lease = "seckill-reconcile-" + activityId;
        try {
            if (!leases.tryAcquire(new LeaseRequest(lease, holder, clock.instant(), leaseTtl))) {
                return ReconciliationReport.nothing(activityId, ReconciliationReport.Outcome.SKIPPED_LEASE_HELD,
                        System.nanoTime() - start);
            }
            try {
                ReconciliationReport report = run(w, start);
                report(report);
                return report;
            } finally {
                leases.release(lease, holder);
            }
        } finally {
            w.running.set(false);
        }
    }

    private ReconciliationReport run(Watched w, long start) {
        long id = w.config.activityId();
        long markAt = clock.millis();
        QueueMark mark = queue == null ? null : queue.mark().orElse(null);
        QueueMark previous = w.previousMark;
        boolean bypassedSince = w.lastBypassMillis >= w.previousMarkAtMillis;
        AdmissionStock snap = stock.snapshot(id);
        if (!snap.loaded()) {
            return rebuild(w, mark, start);
        }
        List<Long> ids = new ArrayList<>(snap.held().size());
        snap.held().forEach(t -> ids.add(t.orderId()));
        LedgerView view = ledger.view(id, ids);
        StockSnapshot row = view.stock();
        if (row == null) {
            return ReconciliationReport.nothing(id, ReconciliationReport.Outcome.UNKNOWN_ACTIVITY,
                    System.nanoTime() - start);
        }
        long now = clock.millis();
        long inFlight = 0;
        long keptUnsold = 0;
        boolean giveBackNone = w.config.giveBack() == GiveBackPolicy.NONE;
        int stranded = 0;
        List<TakenUnits> toGiveBack = new ArrayList<>();
        for (TakenUnits t : snap.held()) {
            OrderStatus status = view.statuses().get(t.orderId());
            if (status == null) {
                inFlight += t.quantity();
                if (queue != null && t.takenAtMillis() < now - strandedAfterMillis) {
                    stranded++;
                    republish(id, t);
                }
            } else if (!status.holdsStock() && status != OrderStatus.SOLD_OUT && giveBackNone) {
                // The activity accepts undersell: released units stay where they are, and are no undersell to repair.
                keptUnsold += t.quantity();
            } else if (!status.holdsStock() && status != OrderStatus.SOLD_OUT) {
                // Released or turned away by the ledger, but its give-back never happened (or is under way).
                toGiveBack.add(t);
            }
        }
        long givenBack = 0;
        for (TakenUnits t : toGiveBack) {
            givenBack += t.quantity();
        }
        long remaining = snap.remaining();
        long delta = row.available() - inFlight - (remaining + givenBack) - keptUnsold;
        // Orders buyers took after the snapshot and the ledger settled before its read count twice (their units in
        // the snapshot's stock and locked in the ledger). They are counted before the give-backs: the orders those
        // make for waiting buyers are this run's own and on their way, not taken since.
        long takenSince = delta < 0 ? unitsTakenSince(snap, stock.snapshot(id)) : 0;
        for (TakenUnits t : toGiveBack) {
            // Exactly one give-back adds the units, this one or the other under way.
            giveBack.giveBack(t.toHeldUnits(id));
        }
        long added = 0;
        long removed = 0;
        long deferred = 0;
        long slots = 0;
        String run = holder + ":" + id + ":" + runs.incrementAndGet();
        if (delta < 0) {
            // Take off only what exceeds everything taken since the snapshot.
            long excess = -delta - takenSince;
            if (excess > 0) {
                removed = stock.removeStock(id, excess, run + ":remove");
            }
        } else if (delta > 0) {
            if (bypassedSince || !settledThrough(previous)) {
                deferred = delta;
            } else {
                if (w.slotsPending) {
                    slots = restoreSlots(w.config);
                    w.slotsPending = false;
                }
                long[] parts = Shards.split(delta, snap.units().length);
                for (int shard = 0; shard < parts.length; shard++) {
                    if (parts[shard] > 0) {
                        stock.addStock(id, shard, parts[shard], run + ":add:" + shard);
                    }
                }
                added = delta;
            }
        }
        w.previousMark = mark;
        w.previousMarkAtMillis = markAt;
        return new ReconciliationReport(id, ReconciliationReport.Outcome.RECONCILED, remaining, row.available(),
                inFlight, stranded, givenBack, keptUnsold, added, removed, deferred, slots, System.nanoTime() - start);
    }

    /** @return units of the orders a later snapshot holds that an earlier one did not: taken in between */
    static long unitsTakenSince(AdmissionStock earlier, AdmissionStock later) {
        Set<Long> known = new HashSet<>();
        earlier.held().forEach(t -> known.add(t.orderId()));
        long units = 0;
        for (TakenUnits t : later.held()) {
            if (!known.contains(t.orderId())) {
                units += t.quantity();
            }
        }
        return units;
    }

    /** @return whether every order published before the mark reached the ledger (always, without a queue) */
    private boolean settledThrough(@Nullable QueueMark previous) {
        OrderQueue q = queue;
        if (q == null) {
            return true;
        }
        return previous != null && q.settledThrough(previous);
    }

    /** Admission lost the activity: shards with no units and every ledger buyer's slot; units once settled. */
    private ReconciliationReport rebuild(Watched w, @Nullable QueueMark mark, long start) {
        long id = w.config.activityId();
        Optional<StockSnapshot> row = ledger.stock(id);
        if (row.isEmpty()) {
            return ReconciliationReport.nothing(id, ReconciliationReport.Outcome.UNKNOWN_ACTIVITY,
                    System.nanoTime() - start);
        }
        LOG.warn("admission holds no data for activity {}: rebuilding it from the ledger", id);
        ledger.recordAdmissionLoad(id);
        stock.load(id, new long[w.config.shards()]);
        long slots = restoreSlots(w.config);
        w.slotsPending = true;
        w.previousMark = mark;
        w.previousMarkAtMillis = clock.millis();
        return new ReconciliationReport(id, ReconciliationReport.Outcome.REBUILT, 0, row.get().available(), 0, 0, 0,
                0, 0, 0, row.get().available(), slots, System.nanoTime() - start);
    }

    /** Writes every ledger buyer's slot back, confirmed for their order; a live slot of the same order is kept. */
    private long restoreSlots(ActivityConfig config) {
        long id = config.activityId();
        long now = clock.millis();
        long expires = config.endsAt().toEpochMilli() + config.paymentTimeout().toMillis() + retentionMillis;
        long restored = 0;
        long after = 0;
        while (true) {
            List<OrderRecord> page = ledger.orders(id, after, PAGE);
            for (OrderRecord o : page) {
                if (gate.dedupe().confirm(new ConfirmRequest(id, o.userId(), REBUILT_REQUEST, o.orderId(), o.shard(),
                        o.quantity(), now, expires))) {
                    restored++;
                }
                after = o.orderId();
            }
            if (page.size() < PAGE) {
                return restored;
            }
        }
    }

    private void republish(long activityId, TakenUnits t) {
        OrderQueue q = Objects.requireNonNull(queue);
        try {
            q.publish(t.toMessage(activityId), (message, cause) ->
                    LOG.warn("stranded order {} of activity {} could not be queued again; the next run retries",
                            message.orderId(), activityId, cause));
        } catch (RuntimeException e) {
            LOG.warn("stranded order {} of activity {} could not be queued again", t.orderId(), activityId, e);
        }
    }

    private void report(ReconciliationReport r) {
        if (r.unitsAdded() > 0 || r.unitsRemoved() > 0 || r.stranded() > 0 || r.givenBack() > 0
                || r.outcome() == ReconciliationReport.Outcome.REBUILT) {
            LOG.info("reconciled activity {}: {} (admission {} + in flight {}, ledger {}; added {}, removed {}, "
                    + "stranded {}, given back {}, deferred {}, slots {})", r.activityId(), r.outcome(),
                    r.redisRemaining(), r.inFlight(), r.ledgerAvailable(), r.unitsAdded(), r.unitsRemoved(),
                    r.stranded(), r.givenBack(), r.topUpDeferred(), r.slotsRestored());
        }
        listener.reconciled(r);
    }

    /**
     * Reconciles every watched activity periodically. A run that fails is logged; the next one retries.
     *
     * @param executor runs the reconciliations (and {@link #runSoon} requests)
     * @param every the pause between runs
     * @return a handle that stops the schedule
     */
    public AutoCloseable schedule(ScheduledExecutorService executor, Duration every) {
        InvalidRequestException.requireNonNull(executor, "executor");
        long millis = InvalidRequestException.requirePositive(every, "every").toMillis();
        if (millis < 1) {
            throw new InvalidRequestException("every", "must be at least a millisecond, was " + every);
        }
        this.scheduler = executor;
        ScheduledFuture<?> task = executor.scheduleWithFixedDelay(this::reconcileAll, millis, millis,
                TimeUnit.MILLISECONDS);
        return () -> {
            task.cancel(false);
            this.scheduler = null;
        };
    }

    /** Reconciles every watched activity once, each failure logged. */
    public void reconcileAll() {
        for (Long id : List.copyOf(watched.keySet())) {
            try {
                reconcile(id);
            } catch (RuntimeException e) {
                LOG.warn("reconciliation of activity {} failed; the next run retries", id, e);
            }
        }
    }

    /**
     * Asks for a run of a watched activity soon, on the scheduled executor: an engine does when it sees every shard
     * at zero, admission data lost, or its breaker close. Does nothing without a schedule.
     *
     * @param activityId the activity
     */
    public void runSoon(long activityId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        ScheduledExecutorService executor = scheduler;
        Watched w = watched.get(activityId);
        if (executor == null || w == null || w.running.get()) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    reconcile(activityId);
                } catch (RuntimeException e) {
                    LOG.warn("reconciliation of activity {} failed; the next run retries", activityId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("reconciler executor is shutting down", e);
        }
    }

    /** @return the ids of the watched activities */
    public Collection<Long> watchedActivities() {
        return List.copyOf(watched.keySet());
    }

    @Override
    public String toString() {
        return "Reconciler{holder=" + holder + ", watched=" + watched.size() + '}';
    }
}
