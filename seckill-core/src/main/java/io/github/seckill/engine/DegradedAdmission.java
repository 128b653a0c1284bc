package io.github.seckill.engine;

import io.github.seckill.InvalidRequestException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.BackendUnavailableException;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What the engine does when the admission backend (Redis) fails or is overloaded. Immutable; build with
 * {@link #builder()}.
 *
 * <p>A circuit breaker per activity (resilience4j) counts backend failures and timeouts (failure rate and slow-call
 * rate over a sliding window). While it is open, and for attempts beyond a configured rate ({@link Builder#shedAbove}),
 * the engine admits without the backend, in one of three {@link Mode}s: {@link Mode#REJECT} (the failure surfaces as a
 * {@link BackendUnavailableException}), {@link Mode#RANDOM_GATE} (a random share straight to the queue, the rest
 * throttled: the "random number at the gate" of the design notes), or {@link Mode#LOCAL_QUOTA} (each JVM admits up to
 * its share of what the ledger can still sell: rather undersell than overload). Degraded admissions are deduplicated
 * per JVM; the ledger's guarded update and its one-order-per-user key are the final guard. After a wait the breaker
 * lets a few probe attempts through (half-open) and closes once they succeed; the engine then asks its reconciler to
 * run.
 */
public final class DegradedAdmission {

    /** What an attempt gets while the backend is bypassed. */
    public enum Mode {
        /** Fail: the attempt throws {@link BackendUnavailableException}. */
        REJECT,
        /** A random share goes straight to the queue; the others are throttled. */
        RANDOM_GATE,
        /** Straight to the queue while this JVM's share of the ledger's stock lasts; then sold out. */
        LOCAL_QUOTA
    }

    private static final DegradedAdmission REJECT = builder().build();

    private final Mode mode;
    private final @Nullable Double passRatio;
    private final double autoPassFactor;
    private final @Nullable LongUnaryOperator localQuota;
    private final long shedAbovePerSecond;
    private final CircuitBreakerConfig breaker;

    private DegradedAdmission(Builder b) {
        this.mode = b.mode;
        this.passRatio = b.passRatio;
        this.autoPassFactor = b.autoPassFactor;
        this.localQuota = b.localQuota;
        this.shedAbovePerSecond = b.shedAbovePerSecond;
        this.breaker = b.breaker != null ? b.breaker : defaultBreaker(b.retryBackendAfter);
    }

    /** @return fail attempts while the admission backend is down (the default) */
    public static DegradedAdmission reject() {
        return REJECT;
    }

    /**
     * @param passRatio the share of attempts queued directly, 0 to 1; the others are throttled
     * @param retryBackendAfter how long the breaker stays open before probing the backend again
     * @return a random gate straight to the queue while the admission backend is down
     */
    public static DegradedAdmission queueDirectly(double passRatio, Duration retryBackendAfter) {
        return builder().mode(Mode.RANDOM_GATE).passRatio(passRatio).retryBackendAfter(retryBackendAfter).build();
    }

    /** @return a builder: {@link Mode#REJECT}, the default breaker, no load shedding */
    public static Builder builder() {
        return new Builder();
    }

    /** @return what bypassed attempts get */
    public Mode mode() {
        return mode;
    }

    /** @return the fixed share of the random gate, or empty when it is sized from the stock and the attempt rate */
    public OptionalDouble passRatio() {
        return passRatio == null ? OptionalDouble.empty() : OptionalDouble.of(passRatio);
    }

    /**
     * @param activityId an activity entering degraded admission
     * @return this JVM's share of the units the ledger can still sell, for {@link Mode#LOCAL_QUOTA}
     */
    OptionalLong quotaFor(long activityId) {
        return localQuota == null ? OptionalLong.empty() : OptionalLong.of(localQuota.applyAsLong(activityId));
    }

    /**
     * The random gate's share when it is sized automatically: enough that the attempts of about a second admit
     * {@code factor} times the stock believed left (the ledger turns away what exceeds it).
     *
     * @param remaining units believed left
     * @param attemptsPerSecond the recent attempt rate
     * @return the share, 0 to 1
     */
    double passRatioFor(long remaining, double attemptsPerSecond) {
        if (passRatio != null) {
            return passRatio;
        }
        if (remaining <= 0) {
            return 0;
        }
        return Math.min(1.0, autoPassFactor * remaining / Math.max(1.0, attemptsPerSecond));
    }

    /** @return attempts per second and activity beyond which attempts are shed to the degraded path; 0 for never */
    public long shedAbovePerSecond() {
        return shedAbovePerSecond;
    }

    /** @return the breaker settings of each activity's admission */
    public CircuitBreakerConfig breaker() {
        return breaker;
    }

    /**
     * The default breaker: open at 50% failed or slow (over 500 ms) attempts among at least 10 in a 5-second window;
     * stay open for {@code openFor}, then let 5 probes through.
     *
     * @param openFor how long the breaker stays open before probing
     * @return the settings
     */
    public static CircuitBreakerConfig defaultBreaker(Duration openFor) {
        InvalidRequestException.requirePositive(openFor, "retryBackendAfter");
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofMillis(500))
                .slowCallRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(5)
                .recordException(DegradedAdmission::isBackendFailure)
                .writableStackTraceEnabled(false)
                .build();
    }

    /**
     * @param failure what an admission failed with
     * @return whether it counts against the backend: unavailable, or timed out (an unknown outcome with a cause)
     */
    public static boolean isBackendFailure(Throwable failure) {
        return failure instanceof BackendUnavailableException
                || (failure instanceof AttemptOutcomeUnknownException && failure.getCause() != null);
    }

    @Override
    public String toString() {
        return "DegradedAdmission{" + mode + (passRatio != null ? ", passRatio=" + passRatio : "")
                + (shedAbovePerSecond > 0 ? ", shedAbove=" + shedAbovePerSecond + "/s" : "") + '}';
    }

    /** Builds a {@link DegradedAdmission}; every setter checks its value. */
    public static final class Builder {
        private Mode mode = Mode.REJECT;
        private @Nullable Double passRatio;
        private double autoPassFactor = 2.0;
        private @Nullable LongUnaryOperator localQuota;
        private long shedAbovePerSecond;
        private Duration retryBackendAfter = Duration.ofSeconds(1);
        private @Nullable CircuitBreakerConfig breaker;

        private Builder() {
        }

        /**
         * @param whenBypassed what bypassed attempts get
         * @return this
         */
        public Builder mode(Mode whenBypassed) {
            this.mode = InvalidRequestException.requireNonNull(whenBypassed, "mode");
            return this;
        }

        /**
         * @param ratio the random gate's fixed share, 0 to 1; without it the share is sized from the stock believed
         *     left and the recent attempt rate
         * @return this
         */
        public Builder passRatio(double ratio) {
            this.passRatio = InvalidRequestException.requireRatio(ratio, "passRatio");
            return this;
        }

        /**
         * @param factor for an automatic share: how many times the stock left a second of attempts may admit, at
         *     least 1 (default 2)
         * @return this
         */
        public Builder autoPassFactor(double factor) {
            if (!(factor >= 1)) {
                throw new InvalidRequestException("autoPassFactor", "must be at least 1, was " + factor);
            }
            this.autoPassFactor = factor;
            return this;
        }

        /**
         * @param unitsForThisJvm for {@link Mode#LOCAL_QUOTA}: this JVM's share of what the ledger can still sell,
         *     asked when an activity enters degraded admission (for example the ledger's available units divided by
         *     the number of instances)
         * @return this
         */
        public Builder localQuota(LongUnaryOperator unitsForThisJvm) {
            this.localQuota = InvalidRequestException.requireNonNull(unitsForThisJvm, "localQuota");
            return this;
        }

        /**
         * @param attemptsPerSecond per activity and JVM, beyond which attempts take the degraded path even with a
         *     healthy backend (load shedding, the design notes' answer to "over 100k concurrent"); 0 turns it off
         * @return this
         */
        public Builder shedAbove(long attemptsPerSecond) {
            this.shedAbovePerSecond = InvalidRequestException.requireAtLeast(attemptsPerSecond, 0, "shedAbove");
            return this;
        }

        /**
         * @param openFor how long the default breaker stays open before probing the backend again
         * @return this
         */
        public Builder retryBackendAfter(Duration openFor) {
            this.retryBackendAfter = InvalidRequestException.requirePositive(openFor, "retryBackendAfter");
            return this;
        }

        /**
         * @param settings the breaker of each activity's admission, replacing the default one
         * @return this
         */
        public Builder breaker(CircuitBreakerConfig settings) {
            this.breaker = InvalidRequestException.requireNonNull(settings, "breaker");
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalStateException for {@link Mode#LOCAL_QUOTA} without a quota
         */
        public DegradedAdmission build() {
            if (mode == Mode.LOCAL_QUOTA && localQuota == null) {
                throw new IllegalStateException("LOCAL_QUOTA needs localQuota(...)");
            }
            return new DegradedAdmission(this);
        }
    }
}
