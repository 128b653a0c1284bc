package io.github.seckill.reconcile;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.queue.OrderQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Reconciler}: {@code Reconciler.builder(gate, ledger)...build()}. Every setter checks its value. */
public final class ReconcilerBuilder {

    final AdmissionGate gate;
    final StockLedger ledger;
    @Nullable OrderQueue queue;
    LeaseStore leases = new InMemoryLeaseStore();
    InstantSource clock = InstantSource.system();
    SeckillListener listener = SeckillListener.NOOP;
    String holder = "reconciler-" + UUID.randomUUID();
    Duration leaseTtl = Duration.ofSeconds(30);
    Duration strandedAfter = Duration.ofSeconds(60);
    Duration dataRetention = Duration.ofDays(1);

    ReconcilerBuilder(AdmissionGate gate, StockLedger ledger) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * @param orderQueue the queue admitted orders go to: stranded admissions are queued again on it, and units are
     *     added only once it has settled past the previous run. Without it, nothing is republished and additions do
     *     not wait.
     * @return this
     */
    public ReconcilerBuilder queue(OrderQueue orderQueue) {
        this.queue = Objects.requireNonNull(orderQueue, "orderQueue");
        return this;
    }

    /**
     * @param store where the per-activity lease lives that makes runs single-flight across instances (the ledger's
     *     database for a deployment of several JVMs); default one JVM's memory
     * @return this
     */
    public ReconcilerBuilder leases(LeaseStore store) {
        this.leases = Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * @param source decides when an admission is stranded and stamps leases
     * @return this
     */
    public ReconcilerBuilder clock(InstantSource source) {
        this.clock = Objects.requireNonNull(source, "source");
        return this;
    }

    /**
     * @param eventListener told every run's report
     * @return this
     */
    public ReconcilerBuilder listener(SeckillListener eventListener) {
        this.listener = Objects.requireNonNull(eventListener, "eventListener");
        return this;
    }

    /**
     * @param name this reconciler's name in leases, unique per process; default a random one
     * @return this
     */
    public ReconcilerBuilder holder(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("holder must not be blank");
        }
        this.holder = name;
        return this;
    }

    /**
     * @param ttl how long a run's lease holds if the run's process dies; longer than a run takes (default 30 s)
     * @return this
     */
    public ReconcilerBuilder leaseTtl(Duration ttl) {
        this.leaseTtl = positive(ttl, "leaseTtl");
        return this;
    }

    /**
     * @param grace how old an admission the ledger has not seen must be to count as stranded and be queued again;
     *     well beyond the normal settle lag (default 60 s). Queuing too early is harmless, only wasteful.
     * @return this
     */
    public ReconcilerBuilder strandedAfter(Duration grace) {
        this.strandedAfter = positive(grace, "strandedAfter");
        return this;
    }

    /**
     * @param retention how long after an activity's payment window the slots rebuilt from the ledger are kept; the
     *     engine's data retention (default one day)
     * @return this
     */
    public ReconcilerBuilder dataRetention(Duration retention) {
        this.dataRetention = positive(retention, "dataRetention");
        return this;
    }

    /** @return the reconciler */
    public Reconciler build() {
        return new Reconciler(this);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }
}
