package io.github.seckill.engine;

import java.util.concurrent.atomic.AtomicLong;

/** Attempts per second of one activity on this JVM: a count per wall-clock second, in one word. */
final class AttemptRate {

    /** (second << 32) | attempts counted in that second. */
    private final AtomicLong window = new AtomicLong();
    /** Attempts of the last full second seen. */
    private volatile long previous;

    /**
     * Counts one attempt.
     *
     * @return attempts counted in the current second, this one included
     */
    long record(long nowMillis) {
        long second = nowMillis / 1000;
        while (true) {
            long w = window.get();
            long at = w >>> 32;
            long count = at == second ? (w & 0xFFFF_FFFFL) : 0;
            if (at != second && at == second - 1) {
                previous = w & 0xFFFF_FFFFL;
            } else if (at != second) {
                previous = 0;
            }
            long next = Math.min(count + 1, 0xFFFF_FFFFL);
            if (window.compareAndSet(w, (second << 32) | next)) {
                return next;
            }
        }
    }

    /** @return the recent attempt rate: the larger of the last full second and the current one */
    double perSecond(long nowMillis) {
        long w = window.get();
        long current = (w >>> 32) == nowMillis / 1000 ? (w & 0xFFFF_FFFFL) : 0;
        return Math.max(previous, current);
    }
}
