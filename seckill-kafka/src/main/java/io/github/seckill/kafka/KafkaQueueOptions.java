package io.github.seckill.kafka;

import io.github.seckill.event.SeckillListener;
import io.github.seckill.queue.RetryPolicy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link KafkaOrderQueue} does, as opposed to where the brokers are (the client configuration given to
 * {@link SeckillKafka}). Immutable; build it with {@link #builder(String)}.
 *
 * <pre>{@code
 * KafkaQueueOptions options = KafkaQueueOptions.builder("seckill-orders")
 *         .batchSize(500).linger(Duration.ofMillis(20))
 *         .retryPolicy(RetryPolicy.defaults())
 *         .publishTimeout(Duration.ofSeconds(10))
 *         .listener(metrics)
 *         .build();
 * }</pre>
 */
public final class KafkaQueueOptions {

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String topic;
    private final String deadLetterTopic;
    private final String consumerGroup;
    private final int batchSize;
    private final Duration linger;
    private final RetryPolicy retryPolicy;
    private final Duration publishTimeout;
    private final SeckillListener listener;
    private final InstantSource clock;
    private final @Nullable Executor compensationExecutor;

    private KafkaQueueOptions(Builder b) {
        this.topic = b.topic;
        this.deadLetterTopic = b.deadLetterTopic != null ? b.deadLetterTopic : b.topic + ".dlt";
        this.consumerGroup = b.consumerGroup != null ? b.consumerGroup : b.topic + ".settler";
        this.batchSize = b.batchSize;
        this.linger = b.linger;
        this.retryPolicy = b.retryPolicy;
        this.publishTimeout = b.publishTimeout;
        this.listener = b.listener;
        this.clock = b.clock;
        this.compensationExecutor = b.compensationExecutor;
    }

    /**
     * @param topic the order topic: 1 to 249 characters of {@code [a-zA-Z0-9._-]}
     * @return a builder: dead letters to {@code <topic>.dlt}, group {@code <topic>.settler}, batches of up to 500
     *     records lingering 20 ms, default retries, 10 s publish timeout, no listener, system clock
     * @throws IllegalArgumentException if the topic name is not a legal Kafka topic name
     */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** @return the topic orders are published to */
    public String topic() {
        return topic;
    }

    /** @return the topic records the consumers give up on are moved to */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** @return the consumer group every consumer of the queue joins */
    public String consumerGroup() {
        return consumerGroup;
    }

    /** @return the most orders handed to the handler in one call */
    public int batchSize() {
        return batchSize;
    }

    /** @return how long a consumer waits for more records to fill a batch once it holds one */
    public Duration linger() {
        return linger;
    }

    /** @return how failing batches are retried before their orders are dead-lettered */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** @return the longest a publish takes to be acknowledged or to fail and compensate */
    public Duration publishTimeout() {
        return publishTimeout;
    }

    /** @return receives consumer lag, retries and dead letters */
    public SeckillListener listener() {
        return listener;
    }

    /** @return stamps dead letters and paces lag reports */
    public InstantSource clock() {
        return clock;
    }

    /**
     * @return where compensations of publishes the broker failed run, off the producer's I/O thread (they usually call
     *     the admission backend); empty for a small pool each queue owns
     */
    public Optional<Executor> compensationExecutor() {
        return Optional.ofNullable(compensationExecutor);
    }

    @Override
    public String toString() {
        return "KafkaQueueOptions{topic=" + topic + ", deadLetterTopic=" + deadLetterTopic + ", consumerGroup="
                + consumerGroup + ", batchSize=" + batchSize + ", linger=" + linger + ", retryPolicy=" + retryPolicy
                + ", publishTimeout=" + publishTimeout + '}';
    }

    private static String checkTopic(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!LEGAL_TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(
                    what + " must be 1 to 249 characters of [a-zA-Z0-9._-], was '" + name + "'");
        }
        return name;
    }

    /** Builds {@link KafkaQueueOptions}. */
    public static final class Builder {
        private final String topic;
        private @Nullable String deadLetterTopic;
        private @Nullable String consumerGroup;
        private int batchSize = 500;
        private Duration linger = Duration.ofMillis(20);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration publishTimeout = Duration.ofSeconds(10);
        private SeckillListener listener = SeckillListener.NOOP;
        private InstantSource clock = InstantSource.system();
        private @Nullable Executor compensationExecutor;

        private Builder(String topic) {
            this.topic = checkTopic(topic, "topic");
        }

        /**
         * @param name the dead-letter topic, not the order topic
         * @return this
         */
        public Builder deadLetterTopic(String name) {
            this.deadLetterTopic = checkTopic(name, "deadLetterTopic");
            return this;
        }

        /**
         * @param group the consumer group; every consumer of the queue shares the topic's records within it
         * @return this
         */
        public Builder consumerGroup(String group) {
            Objects.requireNonNull(group, "consumerGroup");
            if (group.isBlank()) {
                throw new IllegalArgumentException("consumerGroup must not be blank");
            }
            this.consumerGroup = group;
            return this;
        }

        /**
         * @param size the most orders per handler call, at least one; also the most records one poll returns
         * @return this
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * @param wait how long to wait for more records to fill a batch, zero or more: longer waits merge more
         *     orders per ledger transaction at the cost of latency
         * @return this
         */
        public Builder linger(Duration wait) {
            Objects.requireNonNull(wait, "linger");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative");
            }
            this.linger = wait;
            return this;
        }

        /**
         * @param policy attempts and backoff before a failing batch's orders are dead-lettered
         * @return this
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * The longest a publish takes to be acknowledged, or to run its compensation and fail; the producer's
         * {@code max.block.ms} (a third of it), {@code delivery.timeout.ms} (the rest) and {@code request.timeout.ms}
         * are derived from it. Keep it below the engine's own publish timeout
         * ({@link io.github.seckill.engine.FlashSaleBuilder#publishTimeout}), so that a failed publish is answered as
         * not queued rather than as unknown.
         *
         * @param timeout at least 100 ms
         * @return this
         */
        public Builder publishTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "publishTimeout");
            if (timeout.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("publishTimeout must be at least 100 ms, was " + timeout);
            }
            this.publishTimeout = timeout;
            return this;
        }

        /**
         * @param eventListener receives consumer lag, retries and dead letters; what it throws is logged and ignored
         * @return this
         */
        public Builder listener(SeckillListener eventListener) {
            this.listener = Objects.requireNonNull(eventListener, "listener");
            return this;
        }

        /**
         * @param source stamps dead letters and paces lag reports
         * @return this
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /**
         * @param executor runs the compensations of publishes the broker failed, so that a compensation calling the
         *     admission backend never blocks the producer's I/O thread (default: a small pool the queue owns)
         * @return this
         */
        public Builder compensationExecutor(Executor executor) {
            this.compensationExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException if the dead-letter topic is the order topic
         */
        public KafkaQueueOptions build() {
            if (topic.equals(deadLetterTopic)) {
                throw new IllegalArgumentException("deadLetterTopic must differ from the topic '" + topic + "'");
            }
            return new KafkaQueueOptions(this);
        }
    }
}
