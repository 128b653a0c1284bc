package io.github.seckill.engine;

import io.github.seckill.InvalidRequestException;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns attempts away before they touch stock, when the peak is more than the admission layer should take. Losing
 * to the throttle is the {@link AttemptResult.Outcome#THROTTLED} outcome, not an error. Implementations are
 * thread-safe and cheap: they run before every admission.
 */
@FunctionalInterface
public interface AdmissionThrottle {

    /**
     * @param activityId the activity attempted
     * @return whether the attempt may go on
     */
    boolean tryAcquire(long activityId);

    /** @return a throttle that lets everything through */
    static AdmissionThrottle none() {
        return activityId -> true;
    }

    /**
     * Lets a random share of attempts through: the "random number at the gate" of flash sales, fair by construction.
     *
     * @param ratio the share let through, 0 to 1
     * @return the throttle
     */
    static AdmissionThrottle passRatio(double ratio) {
        InvalidRequestException.requireRatio(ratio, "passRatio");
        return activityId -> ThreadLocalRandom.current().nextDouble() < ratio;
    }

    /**
     * Lets at most {@code permits} attempts through per wall-clock second on this JVM, across activities.
     *
     * @param permits attempts per second, at least one
     * @param clock the clock that delimits seconds
     * @return the throttle
     */
    static AdmissionThrottle maxPerSecond(int permits, InstantSource clock) {
        InvalidRequestException.requireAtLeast(permits, 1, "maxPerSecond");
        InvalidRequestException.requireNonNull(clock, "clock");
        // One word: (second << 32) | attempts counted in that second.
        AtomicLong window = new AtomicLong();
        return activityId -> {
            long second = clock.millis() / 1000;
            while (true) {
                long w = window.get();
                long count = (w >>> 32) == second ? (w & 0xFFFF_FFFFL) : 0;
                if (count >= permits) {
                    return false;
                }
                if (window.compareAndSet(w, (second << 32) | (count + 1))) {
                    return true;
                }
            }
        };
    }
}
