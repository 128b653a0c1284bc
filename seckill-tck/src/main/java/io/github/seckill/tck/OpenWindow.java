package io.github.seckill.tck;

import io.github.seckill.ActivityConfig;
import io.github.seckill.ledger.LedgerActivity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * An activity window that is open at a given instant: opened a minute before it (room for clocks that disagree a
 * little, as a JVM's and a server's may), closing an hour after it (far beyond any test). Builds the engine's
 * {@link ActivityConfig} and the ledger's {@link LedgerActivity} on it.
 *
 * <pre>{@code
 * ActivityConfig config = OpenWindow.now().activity(Tck.uniqueId()).stock(10).shards(2).build();
 * ledger.defineActivity(OpenWindow.now().ledgerActivity(id, 7, 1_000, Duration.ofMinutes(5)));
 * }</pre>
 *
 * @param start when buying opens
 * @param end when buying closes
 */
public record OpenWindow(Instant start, Instant end) {

    /** How long before "now" the window opens. */
    public static final Duration OPENED_BEFORE = Duration.ofMinutes(1);
    /** How long after "now" the window closes. */
    public static final Duration CLOSES_AFTER = Duration.ofHours(1);

    /** @throws IllegalArgumentException unless {@code end} is after {@code start} */
    public OpenWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
    }

    /** @return a window open now, by the system clock */
    public static OpenWindow now() {
        return at(Instant.now());
    }

    /**
     * @param now the instant the window is open at
     * @return a window from {@link #OPENED_BEFORE} before it to {@link #CLOSES_AFTER} after it
     */
    public static OpenWindow at(Instant now) {
        return new OpenWindow(now.minus(OPENED_BEFORE), now.plus(CLOSES_AFTER));
    }

    /**
     * @param clock the clock whose current instant the window is open at, such as a {@link ManualClock}
     * @return a window open at the clock's instant
     */
    public static OpenWindow at(InstantSource clock) {
        return at(clock.instant());
    }

    /**
     * @param activityId the activity
     * @return a builder of the activity, its window set to this one
     */
    public ActivityConfig.Builder activity(long activityId) {
        return ActivityConfig.builder(activityId).window(start, end);
    }

    /**
     * @param activityId the activity, positive
     * @param skuId the item on sale, positive
     * @param totalStock units on sale
     * @param paymentTimeout how long a locked order waits for payment
     * @return the activity's ledger row in this window
     */
    public LedgerActivity ledgerActivity(long activityId, long skuId, long totalStock, Duration paymentTimeout) {
        return new LedgerActivity(activityId, skuId, totalStock, start, end, paymentTimeout);
    }
}
