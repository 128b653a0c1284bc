package io.github.seckill.redis;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@link SeckillRedis}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * SeckillRedisOptions options = SeckillRedisOptions.builder()
 *         .keyPrefix("shop:seckill")
 *         .commandTimeout(Duration.ofMillis(500))
 *         .coalescing(Coalescing.batches(64, Duration.ofMillis(1)))
 *         .build();
 * }</pre>
 */
public final class SeckillRedisOptions {

    private static final SeckillRedisOptions DEFAULTS = builder().build();

    private final String keyPrefix;
    private final String restockChannel;
    private final Duration commandTimeout;
    private final Coalescing coalescing;
    private final @Nullable Executor callbackExecutor;
    private final InstantSource clock;

    private SeckillRedisOptions(Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.restockChannel = b.restockChannel != null ? b.restockChannel : b.keyPrefix + ":restock";
        this.commandTimeout = b.commandTimeout;
        this.coalescing = b.coalescing;
        this.callbackExecutor = b.callbackExecutor;
        this.clock = b.clock;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults: prefix {@code seckill}, 2 s command timeout, {@link Coalescing#defaults()} */
    public static SeckillRedisOptions defaults() {
        return DEFAULTS;
    }

    /** @return the prefix of every key this backend writes */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** @return the pub/sub channel restock notifications travel on */
    public String restockChannel() {
        return restockChannel;
    }

    /** @return how long one Redis call may take before its outcome counts as unknown */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** @return how the standalone admission gate batches attempts */
    public Coalescing coalescing() {
        return coalescing;
    }

    /**
     * @return where asynchronous answers and restock notifications are delivered, or {@code null} for a small pool the
     *     backend owns (never Lettuce's own threads: callers may block on them)
     */
    public @Nullable Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** @return the clock of the few steps that need time of their own (steals between cluster slots) */
    public InstantSource clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "SeckillRedisOptions{keyPrefix=" + keyPrefix + ", restockChannel=" + restockChannel
                + ", commandTimeout=" + commandTimeout + ", coalescing=" + coalescing + '}';
    }

    /** Builds {@link SeckillRedisOptions}. */
    public static final class Builder {
        private String keyPrefix = "seckill";
        private @Nullable String restockChannel;
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Coalescing coalescing = Coalescing.defaults();
        private @Nullable Executor callbackExecutor;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /**
         * @param prefix the prefix of every key, default {@code seckill}; without braces (they would become a Redis
         *     Cluster hash tag and pull keys into one slot) or whitespace
         * @return this
         */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("keyPrefix must be non-empty, without braces or whitespace: '"
                        + prefix + "'");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * @param channel the pub/sub channel of restock notifications; default {@code <keyPrefix>:restock}. Every JVM
         *     of one deployment must use the same one.
         * @return this
         */
        public Builder restockChannel(String channel) {
            Objects.requireNonNull(channel, "channel");
            if (channel.isEmpty()) {
                throw new IllegalArgumentException("restockChannel must not be empty");
            }
            this.restockChannel = channel;
            return this;
        }

        /**
         * @param timeout how long one Redis call may take, default 2 s. Past it, an admission's outcome is unknown
         *     ({@link io.github.seckill.AttemptOutcomeUnknownException}: retry with the same request id) and any other
         *     call fails with {@link io.github.seckill.BackendUnavailableException}.
         * @return this
         */
        public Builder commandTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive");
            }
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * @param batching how the standalone admission gate batches attempts; default {@link Coalescing#defaults()}
         * @return this
         */
        public Builder coalescing(Coalescing batching) {
            this.coalescing = Objects.requireNonNull(batching, "batching");
            return this;
        }

        /**
         * @param executor where asynchronous answers and restock notifications are delivered; default a small pool the
         *     backend owns. Never Lettuce's own threads: callers may block on Redis, or on the queue, in callbacks.
         * @return this
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param source the wall clock for steps that are not given a time (steals between cluster slots record how
         *     long their units count as in transit); default the system clock. Every JVM's clock should be within a
         *     minute of the others.
         * @return this
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "source");
            return this;
        }

        /** @return the options */
        public SeckillRedisOptions build() {
            return new SeckillRedisOptions(this);
        }
    }
}
