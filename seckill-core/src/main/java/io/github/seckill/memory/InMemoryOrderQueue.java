package io.github.seckill.memory;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrderQueue} inside one JVM. "Durable" here means held by this JVM until a consumer acknowledged it: right for
 * a single-JVM sale and for tests, where a JVM crash loses the sale anyway. Bounded: past {@code capacity}
 * unacknowledged messages, publish refuses and runs the compensation, which is how a full queue pushes back.
 * Consumers batch by size and linger, retry per the {@link RetryPolicy}, then isolate the failing messages one by one
 * and dead-letter those that still fail.
 */
public final class InMemoryOrderQueue implements OrderQueue {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryOrderQueue.class);
    private static final AtomicInteger CONSUMER_IDS = new AtomicInteger();

    private final int capacity;
    private final int batchSize;
    private final long lingerNanos;
    private final RetryPolicy retry;
    private final SeckillListener listener;

    private final LinkedBlockingDeque<OrderMessage> log = new LinkedBlockingDeque<>();
    /** Published and not yet acknowledged: waiting in the log or in a consumer's hands. */
    private final AtomicLong unacknowledged = new AtomicLong();
    private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private InMemoryOrderQueue(Builder b) {
        this.capacity = b.capacity;
        this.batchSize = b.batchSize;
        this.lingerNanos = b.linger.toNanos();
        this.retry = b.retry;
        this.listener = Listeners.safe(b.listener);
    }

    /** @return a builder: capacity one million, batches of 500, 5 ms linger, default retry policy */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(onNotQueued, "onNotQueued");
        RuntimeException refusal = null;
        if (closed) {
            refusal = new IllegalStateException("queue is closed");
        } else if (unacknowledged.incrementAndGet() > capacity) {
            unacknowledged.decrementAndGet();
            refusal = new IllegalStateException("queue is full (" + capacity + " unacknowledged messages)");
        } else {
            log.addLast(message);
            return CompletableFuture.completedFuture(null);
        }
        onNotQueued.notQueued(message, refusal);
        return CompletableFuture.failedFuture(new OrderNotQueuedException(message, refusal));
    }

    @Override
    public QueueConsumer consume(OrderBatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Consumer consumer = new Consumer(handler);
        consumer.thread.start();
        return consumer;
    }

    /** Refuses further publishes; messages already queued stay available to consumers. */
    @Override
    public void close() {
        closed = true;
    }

    /** @return messages published and not yet acknowledged */
    public long unacknowledged() {
        return unacknowledged.get();
    }

    /** @return a copy of the dead letters so far */
    public List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    /**
     * Waits until every message published so far has been acknowledged.
     *
     * @param timeout the longest wait
     * @return whether the queue drained in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unacknowledged.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private final class Consumer implements QueueConsumer, Runnable {
        private final OrderBatchHandler handler;
        private final Thread thread;
        private volatile boolean running = true;

        Consumer(OrderBatchHandler handler) {
            this.handler = handler;
            this.thread = new Thread(this, "seckill-inmemory-consumer-" + CONSUMER_IDS.incrementAndGet());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                List<OrderMessage> batch = nextBatch();
                if (!batch.isEmpty()) {
                    listener.consumerLag("in-memory", -1, log.size());
                    deliver(batch);
                }
            }
        }

        private List<OrderMessage> nextBatch() {
            List<OrderMessage> batch = new ArrayList<>(batchSize);
            try {
                OrderMessage first = log.pollFirst(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    return batch;
                }
                batch.add(first);
                log.drainTo(batch, batchSize - 1);
                long deadline = System.nanoTime() + lingerNanos;
                long left;
                while (batch.size() < batchSize && (left = deadline - System.nanoTime()) > 0) {
                    OrderMessage m = log.pollFirst(left, TimeUnit.NANOSECONDS);
                    if (m == null) {
                        break;
                    }
                    batch.add(m);
                    log.drainTo(batch, batchSize - batch.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            return batch;
        }

        private void deliver(List<OrderMessage> batch) {
            List<OrderMessage> view = Collections.unmodifiableList(batch);
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.handle(view);
                    acknowledge(batch.size());
                    return;
                } catch (Exception e) {
                    listener.consumeRetry(batch.size(), attempt, e);
                    boolean backendDown = BackendUnavailableException.foundIn(e);
                    if (!backendDown && attempt >= retry.maxAttempts() && isolate(batch)) {
                        return;
                    }
                    if (!pause(retry.backoff(attempt))) {
                        requeue(batch);
                        return;
                    }
                }
            }
        }

        /**
         * The retry budget is spent: deliver one by one, and dead-letter what still fails.
         *
         * @return {@code false}, having handled nothing for good, when the backend turned out to be down: the batch
         *     goes back to being retried as a whole
         */
        private boolean isolate(List<OrderMessage> batch) {
            List<DeadLetter> dead = new ArrayList<>();
            for (OrderMessage m : batch) {
                try {
                    handler.handle(List.of(m));
                } catch (Exception e) {
                    if (BackendUnavailableException.foundIn(e)) {
                        return false;
                    }
                    dead.add(new DeadLetter(m, String.valueOf(e), retry.maxAttempts() + 1));
                }
            }
            acknowledge(batch.size() - dead.size());
            if (dead.isEmpty()) {
                return true;
            }
            List<DeadLetter> letters = List.copyOf(dead);
            deadLetters.addAll(letters);
            listener.deadLettered(letters);
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.deadLettered(letters);
                    break;
                } catch (Exception e) {
                    LOG.warn("dead-letter report failed (attempt {})", attempt, e);
                    if (!pause(retry.backoff(attempt))) {
                        // Closing before the orders were marked failed: they go back for the next consumer.
                        deadLetters.removeAll(letters);
                        List<OrderMessage> unreported = new ArrayList<>();
                        letters.forEach(l -> unreported.add(l.message()));
                        requeue(unreported);
                        return true;
                    }
                }
            }
            acknowledge(letters.size());
            return true;
        }

        private void acknowledge(int n) {
            unacknowledged.addAndGet(-n);
        }

        private void requeue(List<OrderMessage> batch) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                log.addFirst(batch.get(i));
            }
        }

        /** Sleeps unless closing; returns false when the consumer is closing. */
        private boolean pause(Duration d) {
            long deadline = System.nanoTime() + d.toNanos();
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
            return running;
        }

        @Override
        public void close() {
            running = false;
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds an {@link InMemoryOrderQueue}. */
    public static final class Builder {
        private int capacity = 1_000_000;
        private int batchSize = 500;
        private Duration linger = Duration.ofMillis(5);
        private RetryPolicy retry = RetryPolicy.defaults();
        private SeckillListener listener = SeckillListener.NOOP;

        private Builder() {
        }

        /**
         * @param maxUnacknowledged messages held before publish refuses, at least one
         * @return this
         */
        public Builder capacity(int maxUnacknowledged) {
            if (maxUnacknowledged < 1) {
                throw new IllegalArgumentException("capacity must be >= 1");
            }
            this.capacity = maxUnacknowledged;
            return this;
        }

        /**
         * @param size the most messages per batch, at least one
         * @return this
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1");
            }
            this.batchSize = size;
            return this;
        }

        /**
         * @param wait how long a consumer waits to fill a batch
         * @return this
         */
        public Builder linger(Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative");
            }
            this.linger = wait;
            return this;
        }

        /**
         * @param policy retries before dead-lettering
         * @return this
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * @param eventListener receives retries, dead letters and lag
         * @return this
         */
        public Builder listener(SeckillListener eventListener) {
            this.listener = Objects.requireNonNull(eventListener);
            return this;
        }

        /** @return the queue */
        public InMemoryOrderQueue build() {
            return new InMemoryOrderQueue(this);
        }
    }
}
