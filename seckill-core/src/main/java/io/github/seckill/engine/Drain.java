package io.github.seckill.engine;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueMark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful stop of an engine: new attempts are answered {@code CLOSING} at once, attempts and publishes under way
 * finish, the settlers drain the queue up to everything admitted, a last timeout sweep runs, and what was handed in
 * is closed. One call with a timeout; the report says what was left.
 *
 * <pre>{@code
 * DrainReport left = sale.drain().sweeping(lifecycle).thenClosing(settler, lifecycle).run(Duration.ofSeconds(30));
 * }</pre>
 */
public final class Drain {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    private static final long POLL_MILLIS = 20;

    private final FlashSale sale;
    private final Intake intake;
    private final Publisher publisher;
    private final OrderQueue queue;
    private @Nullable OrderLifecycle lifecycle;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    Drain(FlashSale sale, Intake intake, Publisher publisher, OrderQueue queue) {
        this.sale = sale;
        this.intake = intake;
        this.publisher = publisher;
        this.queue = queue;
    }

    /**
     * @param orders the lifecycle whose timeout sweep runs last (orders whose payment timed out are released, and a
     *     waitlist gets their units)
     * @return this
     */
    public Drain sweeping(OrderLifecycle orders) {
        this.lifecycle = InvalidRequestException.requireNonNull(orders, "orders");
        return this;
    }

    /**
     * @param resources closed in this order at the end (settlers, the lifecycle, the queue), after the engine stops
     *     listening
     * @return this
     */
    public Drain thenClosing(AutoCloseable... resources) {
        if (resources == null) {
            throw new InvalidRequestException("resources", "must not be null");
        }
        for (AutoCloseable r : resources) {
            toClose.add(InvalidRequestException.requireNonNull(r, "resources"));
        }
        return this;
    }

    /**
     * @param timeout how long the whole drain may take
     * @return what was left
     */
    public DrainReport run(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + FlashSaleBuilder.positive(timeout, "timeout").toNanos();
        intake.close();
        boolean ok = settle(deadline);
        int released = 0;
        OrderLifecycle l = lifecycle;
        if (l != null && ok) {
            try {
                released = l.releaseExpired();
                // Released units may have become waitlisted buyers' orders: those are admissions to settle too.
                ok = settle(deadline);
            } catch (RuntimeException e) {
                // a backend down at shutdown leaves the drain incomplete; the engine and the rest still close
                LOG.warn("the last timeout sweep failed while draining", e);
                ok = false;
            }
        }
        boolean settled = ok;
        DrainReport report = new DrainReport(ok, intake.inFlight(), publisher.pending(), settled, released,
                Duration.ofNanos(System.nanoTime() - start));
        sale.close();
        for (AutoCloseable r : toClose) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("could not close {} while draining", r, e);
            }
        }
        if (!ok) {
            LOG.warn("drain incomplete: {}", report);
        }
        return report;
    }

    /** Attempts and publishes finish, then the queue is settled through a mark taken after them. */
    private boolean settle(long deadline) {
        if (!await(() -> intake.inFlight() == 0 && publisher.pending() == 0, deadline)) {
            return false;
        }
        try {
            Optional<QueueMark> mark = queue.mark();
            return mark.isEmpty() || await(() -> queue.settledThrough(mark.get()), deadline);
        } catch (RuntimeException e) {
            LOG.warn("could not tell whether the queue is settled while draining", e);
            return false;
        }
    }

    private static boolean await(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
