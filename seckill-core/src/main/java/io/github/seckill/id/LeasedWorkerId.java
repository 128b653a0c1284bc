package io.github.seckill.id;

import io.github.seckill.SeckillException;
import io.github.seckill.lease.LeaseRequest;
import io.github.seckill.lease.LeaseStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker id leased for this JVM in a {@link LeaseStore} every JVM of the deployment shares, renewed in the
 * background, so that no two JVMs issue order ids with the same worker id: the lease {@code seckill-worker-<n>} is
 * refused while another JVM holds it. Its {@link #orderIds() generator} stops issuing ids once the lease could not be
 * renewed before it ran out, rather than risk a collision.
 *
 * <pre>{@code
 * LeasedWorkerId worker = LeasedWorkerId.acquire(leases, scheduler);
 * FlashSale sale = FlashSale.builder(gate, queue).orderIds(worker.orderIds()).build();
 * }</pre>
 */
public final class LeasedWorkerId implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeasedWorkerId.class);
    private static final Duration TTL = Duration.ofSeconds(30);

    private final LeaseStore leases;
    private final InstantSource clock;
    private final String holder;
    private final int workerId;
    private final OrderIdGenerator generator;
    private final @Nullable ScheduledFuture<?> renewals;
    private volatile long validUntilMillis;

    private LeasedWorkerId(LeaseStore leases, InstantSource clock, String holder, int workerId,
            @Nullable ScheduledExecutorService scheduler) {
        this.leases = leases;
        this.clock = clock;
        this.holder = holder;
        this.workerId = workerId;
        this.validUntilMillis = clock.millis() + TTL.toMillis();
        OrderIdGenerator ids = OrderIdGenerator.snowflake(workerId, clock);
        this.generator = () -> {
            if (clock.millis() >= validUntilMillis) {
                throw new SeckillException("the lease of worker id " + workerId + " ran out without renewal; no order"
                        + " ids until it is renewed");
            }
            return ids.nextId();
        };
        long every = TTL.toMillis() / 3;
        this.renewals = scheduler == null ? null
                : scheduler.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Leases the first free worker id, 0 to 1023, and renews it every 10 s on {@code scheduler}.
     *
     * @param leases the store every JVM of the deployment shares (the ledger's database)
     * @param scheduler renews the lease
     * @return the leased worker id
     * @throws SeckillException if every worker id is held by another JVM
     */
    public static LeasedWorkerId acquire(LeaseStore leases, ScheduledExecutorService scheduler) {
        return acquire(leases, Objects.requireNonNull(scheduler, "scheduler"), InstantSource.system(),
                "worker-" + UUID.randomUUID());
    }

    /**
     * @param leases the shared store
     * @param scheduler renews the lease, or {@code null} to renew by hand with {@link #renew()}
     * @param clock the clock of leases and ids
     * @param holder this JVM's name in the store, unique
     * @return the leased worker id
     * @throws SeckillException if every worker id is held by another JVM
     */
    public static LeasedWorkerId acquire(LeaseStore leases, @Nullable ScheduledExecutorService scheduler,
            InstantSource clock, String holder) {
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(holder, "holder");
        for (int id = 0; id <= SnowflakeOrderIdGenerator.MAX_WORKER_ID; id++) {
            if (leases.tryAcquire(new LeaseRequest(name(id), holder, clock.instant(), TTL))) {
                LOG.info("leased order id worker {} as {}", id, holder);
                return new LeasedWorkerId(leases, clock, holder, id, scheduler);
            }
        }
        throw new SeckillException("every order id worker id (0.." + SnowflakeOrderIdGenerator.MAX_WORKER_ID
                + ") is leased by another JVM");
    }

    private static String name(int workerId) {
        return "seckill-worker-" + workerId;
    }

    /**
     * Renews the lease; the scheduler does this every 10 s.
     *
     * @return whether the lease is still this JVM's
     */
    public boolean renew() {
        try {
            if (leases.tryAcquire(new LeaseRequest(name(workerId), holder, clock.instant(), TTL))) {
                validUntilMillis = clock.millis() + TTL.toMillis();
                return true;
            }
            LOG.error("the lease of order id worker {} was taken by another JVM; this JVM issues no more ids",
                    workerId);
            validUntilMillis = 0;
        } catch (RuntimeException e) {
            LOG.warn("could not renew the lease of order id worker {}; ids stop when it runs out", workerId, e);
        }
        return false;
    }

    /** @return the leased worker id */
    public int workerId() {
        return workerId;
    }

    /** @return a generator with this worker id, which refuses to issue ids once the lease ran out */
    public OrderIdGenerator orderIds() {
        return generator;
    }

    /** Stops renewing and frees the worker id. */
    @Override
    public void close() {
        if (renewals != null) {
            renewals.cancel(false);
        }
        validUntilMillis = 0;
        try {
            leases.release(name(workerId), holder);
        } catch (RuntimeException e) {
            LOG.warn("could not free order id worker {}; its lease runs out on its own", workerId, e);
        }
    }
}
