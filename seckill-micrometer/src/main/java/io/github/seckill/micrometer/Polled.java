package io.github.seckill.micrometer;

import io.micrometer.core.instrument.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One read a polled gauge needs, done at most once per interval however often the registry asks: the gauge's value
 * function calls {@link #get()} on every scrape, and only a stale value triggers a read. Concurrent scrapes wait for
 * the read under way instead of starting their own, so a slow audit never runs twice at once.
 */
final class Polled<T> {

    private final Supplier<@Nullable T> read;
    private final Consumer<RuntimeException> onFailure;
    private final Clock clock;
    private final long intervalNanos;
    private @Nullable T value;
    private boolean everRead;
    private long readAtNanos;

    /**
     * @param read the read; {@code null} when there is nothing to report (the gauge reads NaN)
     * @param onFailure told when the read throws (the gauge reads NaN until the next read)
     * @param clock whose monotonic time measures the interval
     * @param intervalNanos how long a read stays fresh, from its end
     */
    Polled(Supplier<@Nullable T> read, Consumer<RuntimeException> onFailure, Clock clock, long intervalNanos) {
        this.read = read;
        this.onFailure = onFailure;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
    }

    /** @return the last read's value, read again first if it is older than the interval */
    synchronized @Nullable T get() {
        if (!everRead || clock.monotonicTime() - readAtNanos >= intervalNanos) {
            try {
                value = read.get();
            } catch (RuntimeException e) {
                value = null;
                onFailure.accept(e);
            }
            everRead = true;
            // Fresh from the end of the read: a read slower than the interval does not run back to back.
            readAtNanos = clock.monotonicTime();
        }
        return value;
    }
}
