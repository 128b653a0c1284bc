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
import io.github.seckill.queue.QueueMark;
import io.github.seckill.queue.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListSet;
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
 * Consumers batch by size and linger, retry per the {@link RetryPolicy}, then split a failing batch until the messages
 * that fail on their own are found, and dead-letter those.
 */
public final class InMemoryOrderQueue implements OrderQueue {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryOrderQueue.class);
    private static final AtomicInteger CONSUMER_IDS = new AtomicInteger();

    private final int capacity;
    private final int batchSize;
    private final long lingerNanos;
    private final RetryPolicy retry;
    private final SeckillListener listener;

    private final LinkedBlockingDeque<Queued> log = new LinkedBlockingDeque<>();
    /** Published and not yet acknowledged: waiting in the log or in a consumer's hands. */
    private final AtomicLong unacknowledged = new AtomicLong();
    /** Publish sequence of the next message. */
    private final AtomicLong sequence = new AtomicLong();
    /** Sequences of the messages published and not yet acknowledged, for marks. */
    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();

    /** A message with its publish sequence. */
    private record Queued(long seq, OrderMessage message) {
    }
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
            long seq = sequence.getAndIncrement();
            pending.add(seq);
            log.addLast(new Queued(seq, message));
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

    @Override
    public Optional<QueueMark> mark() {
        return Optional.of(new QueueMark(Map.of(-1, sequence.get())));
    }

    @Override
    public boolean settledThrough(QueueMark mark) {
        Long next = mark.positions().get(-1);
        if (next == null) {
            throw new IllegalArgumentException("not a mark of this queue: " + mark);
        }
        Long oldest = pending.isEmpty() ? null : pending.first();
        return oldest == null || oldest >= next;
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

    private static List<OrderMessage> messages(List<Queued> batch) {
        List<OrderMessage> out = new ArrayList<>(batch.size());
        for (Queued q : batch) {
            out.add(q.message());
        }
        return Collections.unmodifiableList(out);
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
                List<Queued> batch = nextBatch();
                if (!batch.isEmpty()) {
                    listener.consumerLag("in-memory", -1, log.size());
                    deliver(batch);
                }
            }
        }

        private List<Queued> nextBatch() {
            List<Queued> batch = new ArrayList<>(batchSize);
            try {
                Queued first = log.pollFirst(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    return batch;
                }
                batch.add(first);
                log.drainTo(batch, batchSize - 1);
                long deadline = System.nanoTime() + lingerNanos;
                long left;
                while (batch.size() < batchSize && (left = deadline - System.nanoTime()) > 0) {
                    Queued m = log.pollFirst(left, TimeUnit.NANOSECONDS);
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

        private void deliver(List<Queued> batch) {
            List<OrderMessage> view = messages(batch);
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.handle(view);
                    acknowledge(batch);
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
         * The retry budget is spent: split the batch in halves until the messages that fail on their own are found,
         * and dead-letter those; the rest is handled.
         *
         * @return {@code false}, having acknowledged nothing, when the backend turned out to be down: the batch goes
         *     back to being retried as a whole (what was handled meanwhile is handled again, idempotently)
         */
        private boolean isolate(List<Queued> batch) {
            List<Queued> dead = new ArrayList<>();
            List<DeadLetter> letters = new ArrayList<>();
            if (!split(batch, dead, letters)) {
                return false;
            }
            List<Queued> handled = new ArrayList<>(batch);
            handled.removeAll(dead);
            acknowledge(handled);
            if (dead.isEmpty()) {
                return true;
            }
            List<DeadLetter> report = List.copyOf(letters);
            deadLetters.addAll(report);
            listener.deadLettered(report);
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.deadLettered(report);
                    break;
                } catch (Exception e) {
                    LOG.warn("dead-letter report failed (attempt {})", attempt, e);
                    if (!pause(retry.backoff(attempt))) {
                        // Closing before the orders were marked failed: they go back for the next consumer.
                        deadLetters.removeAll(report);
                        requeue(dead);
                        return true;
                    }
                }
            }
            acknowledge(dead);
            return true;
        }

        /** @return {@code false} when the backend is down; otherwise every message was handled or doomed */
        private boolean split(List<Queued> part, List<Queued> dead, List<DeadLetter> letters) {
            try {
                handler.handle(messages(part));
                return true;
            } catch (Exception e) {
                if (BackendUnavailableException.foundIn(e)) {
                    return false;
                }
                if (part.size() == 1) {
                    dead.add(part.get(0));
                    letters.add(new DeadLetter(part.get(0).message(), String.valueOf(e), retry.maxAttempts() + 1));
                    return true;
                }
            }
            int half = part.size() / 2;
            return split(part.subList(0, half), dead, letters) && split(part.subList(half, part.size()), dead, letters);
        }

        private void acknowledge(List<Queued> handled) {
            for (Queued q : handled) {
                pending.remove(q.seq());
            }
            unacknowledged.addAndGet(-handled.size());
        }

        private void requeue(List<Queued> batch) {
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
