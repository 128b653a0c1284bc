package io.github.seckill.reconcile;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.queue.OrderQueue;
import java.time.Duration;
import java.time.InstantSource;
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
    /** The longest holder name a lease store keeps. */
    static final int MAX_HOLDER_LENGTH = 128;
    Duration leaseTtl = Duration.ofSeconds(30);
    Duration strandedAfter = Duration.ofSeconds(60);
    Duration dataRetention = Duration.ofDays(1);

    ReconcilerBuilder(AdmissionGate gate, StockLedger ledger) {
        this.gate = InvalidRequestException.requireNonNull(gate, "gate");
        this.ledger = InvalidRequestException.requireNonNull(ledger, "ledger");
    }

    /**
     * @param orderQueue the queue admitted orders go to: stranded admissions are queued again on it, and units are
     *     added only once it has settled past the previous run. Without it, nothing is republished and additions do
     *     not wait.
     * @return this
     */
    public ReconcilerBuilder queue(OrderQueue orderQueue) {
        this.queue = InvalidRequestException.requireNonNull(orderQueue, "queue");
        return this;
    }

    /**
     * @param store where the per-activity lease lives that makes runs single-flight across instances (the ledger's
     *     database for a deployment of several JVMs); default one JVM's memory
     * @return this
     */
    public ReconcilerBuilder leases(LeaseStore store) {
        this.leases = InvalidRequestException.requireNonNull(store, "leases");
        return this;
    }

    /**
     * @param source decides when an admission is stranded and stamps leases
     * @return this
     */
    public ReconcilerBuilder clock(InstantSource source) {
        this.clock = InvalidRequestException.requireNonNull(source, "clock");
        return this;
    }

    /**
     * @param eventListener told every run's report
     * @return this
     */
    public ReconcilerBuilder listener(SeckillListener eventListener) {
        this.listener = InvalidRequestException.requireNonNull(eventListener, "listener");
        return this;
    }

    /**
     * @param name this reconciler's name in leases, unique per process; default a random one
     * @return this
     */
    public ReconcilerBuilder holder(String name) {
        this.holder = InvalidRequestException.requireText(name, MAX_HOLDER_LENGTH, "holder");
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
        return InvalidRequestException.requirePositive(d, name);
    }
}
