package io.github.seckill.settlement;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.QueueMark;
import io.github.seckill.queue.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OrderQueue} without a broker, for small sales ("可以不用Kafka": a few hundred items, traffic the database
 * can take): a publish hands the order straight to a consumer's handler (the settler), and completes once the ledger
 * committed it, so "admitted" is durable because the ledger has the order. Same API as a broker queue: start an
 * {@link OrderSettler} on it, and publish through the engine.
 *
 * <p>Failures follow the queue contract: a failing settlement is retried per the {@link RetryPolicy}, then the order
 * is dead-lettered through the handler (the ledger records it failed, the buyer gets that answer); an unavailable
 * ledger is retried until the publish timeout. When the order cannot be settled or recorded failed in time, or no
 * consumer runs, or every worker is busy and the backlog full, the compensation runs and the publish fails with
 * {@link OrderNotQueuedException}: the buyer is told at once, nothing is lost. There is no peak smoothing: the
 * ledger sees the admission rate, which is why this is for small sales only.
 */
public final class DirectOrderQueue implements OrderQueue {

    private final CopyOnWriteArrayList<OrderBatchHandler> handlers = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final RetryPolicy retry;
    private final long timeoutNanos;
    private final ThreadPoolExecutor workers;
    /** Sequence numbers of publishes under way, for marks. */
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    private final AtomicLong sequence = new AtomicLong();

    private DirectOrderQueue(Builder b) {
        this.retry = b.retry;
        this.timeoutNanos = b.timeout.toNanos();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(b.workers, b.workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(b.backlog), r -> {
                    Thread t = new Thread(r, "seckill-direct-settle-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @return a builder: 8 workers, a backlog of 1,000 orders, default retries, a 10-second publish timeout */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(onNotQueued, "onNotQueued");
        long seq = sequence.getAndIncrement();
        inFlight.add(seq);
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((ok, failure) -> inFlight.remove(seq));
        try {
            workers.execute(() -> settle(message, onNotQueued, done));
        } catch (RejectedExecutionException e) {
            fail(message, onNotQueued, done, new BackendUnavailableException("ledger",
                    "every settle worker is busy and the backlog is full", e));
        }
        return done;
    }

    private void settle(OrderMessage message, NotQueuedHandler onNotQueued, CompletableFuture<Void> done) {
        long deadline = System.nanoTime() + timeoutNanos;
        List<OrderMessage> batch = List.of(message);
        Exception last = null;
        for (int attempt = 1; ; attempt++) {
            OrderBatchHandler handler = pick();
            if (handler == null) {
                fail(message, onNotQueued, done, new BackendUnavailableException("ledger",
                        "no consumer is settling this queue", last));
                return;
            }
            try {
                handler.handle(batch);
                done.complete(null);
                return;
            } catch (Exception e) {
                last = e;
                boolean transientFailure = e instanceof BackendUnavailableException;
                if (!transientFailure && attempt >= retry.maxAttempts()) {
                    deadLetter(handler, message, onNotQueued, done, e, attempt);
                    return;
                }
                long pause = retry.backoff(attempt).toNanos();
                if (System.nanoTime() + pause >= deadline) {
                    fail(message, onNotQueued, done, e);
                    return;
                }
                if (!sleep(pause)) {
                    fail(message, onNotQueued, done, e);
                    return;
                }
            }
        }
    }

    /** The order failed for good: the ledger records it failed, which is the buyer's explicit answer. */
    private void deadLetter(OrderBatchHandler handler, OrderMessage message, NotQueuedHandler onNotQueued,
            CompletableFuture<Void> done, Exception cause, int attempts) {
        try {
            handler.deadLettered(List.of(new DeadLetter(message, String.valueOf(cause), attempts)));
            done.complete(null);
        } catch (Exception e) {
            e.addSuppressed(cause);
            fail(message, onNotQueued, done, e);
        }
    }

    private static void fail(OrderMessage message, NotQueuedHandler onNotQueued, CompletableFuture<Void> done,
            Throwable cause) {
        try {
            onNotQueued.notQueued(message, cause);
        } finally {
            done.completeExceptionally(new OrderNotQueuedException(message, cause));
        }
    }

    private static boolean sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private @Nullable OrderBatchHandler pick() {
        List<OrderBatchHandler> now = handlers;
        int size = now.size();
        if (size == 0) {
            return null;
        }
        try {
            return now.get(Math.floorMod(next.getAndIncrement(), size));
        } catch (IndexOutOfBoundsException e) {
            return now.isEmpty() ? null : now.get(0);
        }
    }

    @Override
    public QueueConsumer consume(OrderBatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    /** @return a mark of every publish so far; it is settled once each of them completed */
    @Override
    public Optional<QueueMark> mark() {
        return Optional.of(new QueueMark(Map.of(0, sequence.get())));
    }

    @Override
    public boolean settledThrough(QueueMark mark) {
        Long position = mark.positions().get(0);
        if (position == null) {
            throw new IllegalArgumentException("not a mark of this queue: " + mark);
        }
        Long oldest = inFlight.isEmpty() ? null : inFlight.first();
        return oldest == null || oldest >= position;
    }

    /** Stops taking orders; publishes under way finish. */
    @Override
    public void close() {
        workers.shutdown();
    }

    /** Builds a {@link DirectOrderQueue}. */
    public static final class Builder {
        private int workers = 8;
        private int backlog = 1_000;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * @param threads orders settled at once, at least one: about the ledger's connection pool
         * @return this
         */
        public Builder workers(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("workers must be >= 1, was " + threads);
            }
            this.workers = threads;
            return this;
        }

        /**
         * @param orders orders waiting for a worker before publishes are refused, at least one
         * @return this
         */
        public Builder backlog(int orders) {
            if (orders < 1) {
                throw new IllegalArgumentException("backlog must be >= 1, was " + orders);
            }
            this.backlog = orders;
            return this;
        }

        /**
         * @param policy how a failing settlement is retried before the order is recorded failed
         * @return this
         */
        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param publishTimeout how long a publish may take, retries included, before it fails (keep it below the
         *     engine's publish timeout)
         * @return this
         */
        public Builder timeout(Duration publishTimeout) {
            Objects.requireNonNull(publishTimeout, "publishTimeout");
            if (publishTimeout.isNegative() || publishTimeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + publishTimeout);
            }
            this.timeout = publishTimeout;
            return this;
        }

        /** @return the queue */
        public DirectOrderQueue build() {
            return new DirectOrderQueue(this);
        }
    }
}
