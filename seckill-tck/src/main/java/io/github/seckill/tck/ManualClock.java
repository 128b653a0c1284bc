package io.github.seckill.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it, so that timeouts, leases and activity windows are reached by a
 * call instead of a sleep. It is a {@link Clock}, hence also an {@link java.time.InstantSource}: it fits every builder
 * of the project that takes either ({@code FlashSale.builder(...).clock(...)}, {@code SeckillMySql.builder(...)},
 * {@code SeckillRedis.builder(...)}). Thread-safe; views from {@link #withZone(ZoneId)} share its time.
 */
public final class ManualClock extends Clock {

    /** Never empty: every write is checked for null. */
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * @param start the first instant the clock tells
     * @return a clock at {@code start}, in UTC
     */
    public static ManualClock at(Instant start) {
        return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * @param epochMillis the first instant the clock tells, epoch millis
     * @return a clock at that instant, in UTC
     */
    public static ManualClock atMillis(long epochMillis) {
        return at(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Moves the clock forward (or back, for a negative duration).
     *
     * @param duration how far
     * @return the new instant
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(t -> t.plus(duration));
    }

    /**
     * @param millis how far, in milliseconds
     * @return the new instant
     */
    public Instant advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    /** @param instant the instant the clock tells from now on */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return Objects.requireNonNull(now.get());
    }

    @Override
    public long millis() {
        return Objects.requireNonNull(now.get()).toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** @return a view in another zone that tells the same, moving, time */
    @Override
    public ManualClock withZone(ZoneId zone) {
        return new ManualClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
