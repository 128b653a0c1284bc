package io.github.seckill.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What the engine does when the admission backend (Redis) is down. By default it {@linkplain #reject() rejects}: the
 * failure surfaces as a {@link BackendUnavailableException}. With {@linkplain #queueDirectly queue-directly}, a random
 * share of attempts goes straight to the order queue without dedupe or pre-deduction; the ledger's guarded update and
 * its one-order-per-user key keep the invariants, at the price of more orders ending sold out or failed there. While
 * degraded, the engine retries the backend after a pause instead of on every attempt. Immutable.
 */
public final class DegradedAdmission {

    private static final DegradedAdmission REJECT = new DegradedAdmission(false, 0, Duration.ofSeconds(1));

    private final boolean queueDirectly;
    private final double passRatio;
    private final Duration retryBackendAfter;

    private DegradedAdmission(boolean queueDirectly, double passRatio, Duration retryBackendAfter) {
        this.queueDirectly = queueDirectly;
        this.passRatio = passRatio;
        this.retryBackendAfter = retryBackendAfter;
    }

    /** @return fail attempts while the admission backend is down */
    public static DegradedAdmission reject() {
        return REJECT;
    }

    /**
     * @param passRatio the share of attempts queued directly, 0 to 1; the others are throttled
     * @param retryBackendAfter how long to bypass the backend after it failed
     * @return admit a random share straight to the queue while the admission backend is down
     */
    public static DegradedAdmission queueDirectly(double passRatio, Duration retryBackendAfter) {
        if (!(passRatio >= 0 && passRatio <= 1)) {
            throw new IllegalArgumentException("passRatio must be within 0..1, was " + passRatio);
        }
        Objects.requireNonNull(retryBackendAfter, "retryBackendAfter");
        if (retryBackendAfter.isNegative()) {
            throw new IllegalArgumentException("retryBackendAfter must not be negative");
        }
        return new DegradedAdmission(true, passRatio, retryBackendAfter);
    }

    /** @return whether attempts go straight to the queue while the backend is down */
    public boolean queuesDirectly() {
        return queueDirectly;
    }

    /** @return how long the engine bypasses a failed backend before trying it again */
    public Duration retryBackendAfter() {
        return retryBackendAfter;
    }

    boolean pass(RandomGenerator random) {
        return queueDirectly && random.nextDouble() < passRatio;
    }

    @Override
    public String toString() {
        return queueDirectly
                ? "DegradedAdmission{queueDirectly, passRatio=" + passRatio + ", retryBackendAfter="
                        + retryBackendAfter + '}'
                : "DegradedAdmission{reject}";
    }
}
