package io.github.seckill.benchmarks.jmh;

import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.benchmarks.InFlightWindow;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Kafka order queue with its default settings (idempotent producer, {@code acks=all}), on a topic of
 * {@link Fixtures#KAFKA_PARTITIONS} partitions:
 *
 * <ul>
 *   <li>{@code publish}: messages made durable per second, one thread publishing with up to {@value #IN_FLIGHT} in
 *       flight, as admission does under load;</li>
 *   <li>{@code consume}: messages per second a consumer hands to a batch handler that does nothing, draining a
 *       backlog of {@value #BACKLOG} messages published before each iteration (JMH reports time per message; the
 *       runner turns it into messages per second).</li>
 * </ul>
 */
@Fork(1)
@Threads(1)
public class QueueBenchmark {

    static final int IN_FLIGHT = 2048;
    static final int BACKLOG = 200_000;
    private static final AtomicLong IDS = new AtomicLong();

    /** A queue on a topic of its own. */
    @State(Scope.Benchmark)
    public static class Queue {
        OrderQueue queue;

        @Setup(Level.Trial)
        public void open() {
            queue = Backends.kafkaQueue(Fixtures.kafkaBootstrap(), "bench-orders-" + UUID.randomUUID());
        }

        @TearDown(Level.Trial)
        public void close() {
            queue.close();
        }

        /** Publishes {@code count} messages through {@code window}, each completing when durable. */
        void publish(InFlightWindow window, int count) {
            for (int i = 0; i < count; i++) {
                window.submit(() -> queue.publish(message(), (m, cause) -> { }).thenApply(done -> true));
            }
        }
    }

    /** The publishing side's window. */
    @State(Scope.Benchmark)
    public static class Publisher {
        final InFlightWindow window = new InFlightWindow(IN_FLIGHT);

        @TearDown(Level.Iteration)
        public void check() {
            window.drainAndCheck(Duration.ofMinutes(2));
        }
    }

    /**
     * A consumer whose handler holds its batch while the backlog is published, so that the messages wait in Kafka,
     * and counts them once let go.
     */
    @State(Scope.Benchmark)
    public static class Consumer {
        private final AtomicLong consumed = new AtomicLong();
        private volatile boolean draining;
        private QueueConsumer consumer;
        private long target;

        @Setup(Level.Trial)
        public void start(Queue q) {
            OrderBatchHandler handler = batch -> {
                while (!draining) {
                    Thread.sleep(1);
                }
                consumed.addAndGet(batch.size());
            };
            consumer = q.queue.consume(handler);
        }

        @Setup(Level.Iteration)
        public void fillBacklog(Queue q) {
            draining = false;
            InFlightWindow window = new InFlightWindow(IN_FLIGHT);
            q.publish(window, BACKLOG);
            window.drainAndCheck(Duration.ofMinutes(5));
            target = consumed.get() + BACKLOG;
        }

        void drain() throws InterruptedException {
            draining = true;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (consumed.get() < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumed " + consumed.get() + " of " + target + " in 5 minutes");
                }
                Thread.sleep(1);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            draining = true;
            consumer.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void publish(Queue q, Publisher p) {
        q.publish(p.window, 1);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BACKLOG)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public void consume(Consumer c) throws InterruptedException {
        c.drain();
    }

    private static OrderMessage message() {
        long id = IDS.incrementAndGet();
        return new OrderMessage(id, 1, id, 1, 0, System.currentTimeMillis());
    }
}
