package io.github.seckill.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How a consumer retries a failing batch before dead-lettering: up to {@code maxAttempts} deliveries, with exponential
 * backoff between them. Failures of an unavailable backend are retried beyond {@code maxAttempts}, with the longest
 * backoff, and never dead-lettered (see {@link OrderBatchHandler#handle}). Immutable.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULT = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
    }

    /** @return 5 attempts, backoff 100 ms doubling up to 2 s */
    public static RetryPolicy defaults() {
        return DEFAULT;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return deliveries before a message is dead-lettered, at least one */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * @param failedAttempts deliveries that failed so far, at least one
     * @return how long to wait before the next delivery
     */
    public Duration backoff(int failedAttempts) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", multiplier=" + multiplier + '}';
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double multiplier = 2.0;

        private Builder() {
        }

        /**
         * @param attempts deliveries before dead-lettering, at least one
         * @return this
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param backoff wait after the first failure, zero or more
         * @return this
         */
        public Builder initialBackoff(Duration backoff) {
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff must not be negative");
            }
            this.initialBackoff = Objects.requireNonNull(backoff);
            return this;
        }

        /**
         * @param backoff the longest wait between deliveries
         * @return this
         */
        public Builder maxBackoff(Duration backoff) {
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("maxBackoff must not be negative");
            }
            this.maxBackoff = Objects.requireNonNull(backoff);
            return this;
        }

        /**
         * @param factor growth of the backoff per failure, at least 1
         * @return this
         */
        public Builder multiplier(double factor) {
            if (!(factor >= 1.0)) {
                throw new IllegalArgumentException("multiplier must be >= 1, was " + factor);
            }
            this.multiplier = factor;
            return this;
        }

        /** @return the policy */
        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
            }
            return new RetryPolicy(this);
        }
    }
}
