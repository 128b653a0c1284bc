package io.github.seckill.simulation;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.LedgerRejectedException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.QueueMark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A single-threaded {@link OrderQueue} the simulator pumps: partitions keyed by buyer (FIFO within a partition, any
 * interleaving across them, as Kafka), one consumer group with a committed offset per partition, redelivery from the
 * committed offset, retries and dead letters. Nothing happens unless the simulator asks: a publish is durable at once
 * or held until {@link #resolvePending}, a batch is delivered by {@link #deliver}.
 *
 * <p>Each simulated JVM talks to the queue through its own {@link #client client}, so that the JVM's death can drop
 * what was in its hands: publishes waiting for their acknowledgement (each either reached the broker or not, and
 * nobody is told) and its consumers.
 */
final class SimQueue {

    static final int MAX_ATTEMPTS = 3;

    private static final class Partition {
        final List<OrderMessage> log = new ArrayList<>();
        int committed;
        /** Failed deliveries of the batch at the committed offset that were not the ledger being down. */
        int failures;
    }

    private static final class Pending {
        final int owner;
        final OrderMessage message;
        final NotQueuedHandler onNotQueued;
        final CompletableFuture<Void> stage = new CompletableFuture<>();

        Pending(int owner, OrderMessage message, NotQueuedHandler onNotQueued) {
            this.owner = owner;
            this.message = message;
            this.onNotQueued = onNotQueued;
        }
    }

    private record Registered(int owner, OrderBatchHandler handler) {
    }

    private final Partition[] partitions;
    private final int batchSize;
    private final Random random;
    private final Faults faults;
    private final Consumer<String> trace;
    private final Consumer<String> violation;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Registered> consumers = new ArrayList<>();
    /** Copies a producer will write again later (a retry after a reconnect), behind whatever comes meanwhile. */
    private final List<OrderMessage> lateDuplicates = new ArrayList<>();
    /** Messages published and not yet acknowledged, per order id. */
    private final Map<Long, Integer> unacknowledged = new HashMap<>();
    /** Whether a publish may be held pending: never while a synchronous attempt waits for it on this thread. */
    boolean holdAllowed = true;
    /** A broken broker, for the test that the simulator catches what it must: acknowledges some writes it drops. */
    boolean dropsAcknowledgedWrites;
    long delivered;
    long deadLettered;

    SimQueue(int partitions, int batchSize, Random random, Faults faults, Consumer<String> trace,
            Consumer<String> violation) {
        this.partitions = new Partition[partitions];
        for (int i = 0; i < partitions; i++) {
            this.partitions[i] = new Partition();
        }
        this.batchSize = batchSize;
        this.random = random;
        this.faults = faults;
        this.trace = trace;
        this.violation = violation;
    }

    /**
     * @param owner the JVM's incarnation
     * @param crash where the JVM may die around a publish
     * @return the JVM's connection
     */
    OrderQueue client(int owner, CrashPoint crash) {
        return new Client(owner, crash);
    }

    private Partition partitionOf(OrderMessage m) {
        return partitions[(int) Math.floorMod(m.userId(), (long) partitions.length)];
    }

    private void append(OrderMessage m) {
        partitionOf(m).log.add(m);
        unacknowledged.merge(m.orderId(), 1, Integer::sum);
    }

    private CompletionStage<Void> publish(int owner, OrderMessage message, NotQueuedHandler onNotQueued) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(onNotQueued, "onNotQueued");
        if (faults.queueDown()) {
            RuntimeException cause = new BackendUnavailableException("queue", "simulated: broker down", null);
            onNotQueued.notQueued(message, cause);
            return CompletableFuture.failedFuture(new OrderNotQueuedException(message, cause));
        }
        if (holdAllowed && faults.publishDelayed()) {
            Pending p = new Pending(owner, message, onNotQueued);
            pending.add(p);
            return p.stage;
        }
        if (faults.publishAmbiguous()) {
            append(message);
            RuntimeException cause = new BackendUnavailableException("queue", "simulated: publish timed out", null);
            onNotQueued.notQueued(message, cause);
            return CompletableFuture.failedFuture(new OrderNotQueuedException(message, cause));
        }
        if (dropsAcknowledgedWrites && random.nextInt(3) == 0) {
            return CompletableFuture.completedFuture(null);
        }
        append(message);
        if (faults.publishDuplicated()) {
            if (random.nextBoolean()) {
                append(message);
            } else {
                lateDuplicates.add(message);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** A producer writes one of its late copies again. */
    void writeLateDuplicate() {
        if (!lateDuplicates.isEmpty()) {
            OrderMessage m = lateDuplicates.remove(random.nextInt(lateDuplicates.size()));
            append(m);
            trace.accept("order " + m.orderId() + " written again by a producer's retry");
        }
    }

    boolean hasLateDuplicates() {
        return !lateDuplicates.isEmpty();
    }

    int pendingCount() {
        return pending.size();
    }

    /** Acknowledges, times out, or times out after writing one publish that was held. */
    void resolvePending(boolean healthy) {
        if (pending.isEmpty()) {
            return;
        }
        Pending p = pending.remove(random.nextInt(pending.size()));
        int roll = healthy ? 0 : random.nextInt(10);
        if (roll < 7) {
            append(p.message);
            trace.accept("publish of order " + p.message.orderId() + " acknowledged late");
            p.stage.complete(null);
        } else {
            boolean written = roll == 9;
            if (written) {
                append(p.message);
            }
            trace.accept("publish of order " + p.message.orderId() + " timed out" + (written ? ", written" : ""));
            RuntimeException cause = new BackendUnavailableException("queue", "simulated: no acknowledgement", null);
            p.onNotQueued.notQueued(p.message, cause);
            p.stage.completeExceptionally(new OrderNotQueuedException(p.message, cause));
        }
    }

    /** The JVM died: what it was publishing reached the broker or not, and nobody hears; its consumers stop. */
    void crash(int owner) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            Pending p = pending.get(i);
            if (p.owner == owner) {
                pending.remove(i);
                if (random.nextBoolean()) {
                    append(p.message);
                }
            }
        }
        consumers.removeIf(c -> c.owner == owner);
    }

    boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    boolean undelivered() {
        for (Partition p : partitions) {
            if (p.committed < p.log.size()) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the order's message is published and not yet acknowledged */
    boolean holds(long orderId) {
        return unacknowledged.containsKey(orderId);
    }

    /**
     * One consumer takes one batch from one partition, at its committed offset.
     *
     * @return whether a batch was handed over
     */
    boolean deliver() {
        if (consumers.isEmpty()) {
            return false;
        }
        List<Partition> ready = new ArrayList<>();
        for (Partition p : partitions) {
            if (p.committed < p.log.size()) {
                ready.add(p);
            }
        }
        if (ready.isEmpty()) {
            return false;
        }
        Partition p = ready.get(random.nextInt(ready.size()));
        Registered consumer = consumers.get(random.nextInt(consumers.size()));
        int size = 1 + random.nextInt(batchSize);
        List<OrderMessage> batch = List.copyOf(p.log.subList(p.committed, Math.min(p.log.size(), p.committed + size)));
        delivered += batch.size();
        try {
            consumer.handler.handle(batch);
        } catch (Exception e) {
            if (BackendUnavailableException.foundIn(e)) {
                trace.accept("batch of " + batch.size() + " failed, ledger unavailable: retried later");
                return true;
            }
            expectRejection(e);
            p.failures++;
            trace.accept("batch of " + batch.size() + " failed (" + e.getClass().getSimpleName() + "), attempt "
                    + p.failures);
            if (p.failures >= MAX_ATTEMPTS) {
                isolate(p, consumer.handler, batch);
            }
            return true;
        }
        if (faults.consumerCrashesBeforeAck()) {
            trace.accept("consumer handled " + batch.size() + " and died before the ack");
            return true;
        }
        commit(p, batch.size());
        return true;
    }

    private void commit(Partition p, int count) {
        for (int i = p.committed; i < p.committed + count; i++) {
            unacknowledged.computeIfPresent(p.log.get(i).orderId(), (id, n) -> n == 1 ? null : n - 1);
        }
        p.committed += count;
        p.failures = 0;
    }

    /** @return a message published and not yet acknowledged, if any, for a poison fault to pick */
    Optional<OrderMessage> anyUnacknowledged() {
        List<OrderMessage> candidates = new ArrayList<>();
        for (Partition p : partitions) {
            candidates.addAll(p.log.subList(p.committed, p.log.size()));
        }
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    /** Only the ledger's rejection of an order is a reason to dead-letter: anything else is a defect upstream. */
    private void expectRejection(Exception e) {
        if (!(e instanceof LedgerRejectedException)) {
            violation.accept("the settler failed a batch with an unexpected " + e);
        }
    }

    /** Splits the failing batch until the orders failing on their own are found; dead-letters those. */
    private void isolate(Partition p, OrderBatchHandler handler, List<OrderMessage> batch) {
        List<DeadLetter> letters = new ArrayList<>();
        if (!split(handler, batch, letters)) {
            trace.accept("isolation stopped: ledger unavailable");
            return;
        }
        if (!letters.isEmpty()) {
            try {
                handler.deadLettered(letters);
            } catch (Exception e) {
                if (!BackendUnavailableException.foundIn(e)) {
                    violation.accept("the settler failed a dead-letter report with an unexpected " + e);
                }
                trace.accept("dead-letter report failed: redelivered later");
                return;
            }
            deadLettered += letters.size();
        }
        trace.accept("isolated " + letters.size() + " dead letter(s) in a batch of " + batch.size());
        commit(p, batch.size());
    }

    private boolean split(OrderBatchHandler handler, List<OrderMessage> part, List<DeadLetter> letters) {
        try {
            handler.handle(part);
            return true;
        } catch (Exception e) {
            if (BackendUnavailableException.foundIn(e)) {
                return false;
            }
            expectRejection(e);
            if (part.size() == 1) {
                letters.add(new DeadLetter(part.get(0), String.valueOf(e.getMessage()), MAX_ATTEMPTS + 1));
                return true;
            }
        }
        int half = part.size() / 2;
        return split(handler, part.subList(0, half), letters) && split(handler, part.subList(half, part.size()),
                letters);
    }

    private QueueMark mark() {
        Map<Integer, Long> positions = new HashMap<>();
        for (int i = 0; i < partitions.length; i++) {
            positions.put(i, (long) partitions[i].log.size());
        }
        return new QueueMark(positions);
    }

    private boolean settledThrough(QueueMark mark) {
        for (Map.Entry<Integer, Long> e : mark.positions().entrySet()) {
            if (partitions[e.getKey()].committed < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** One JVM's connection to the queue. */
    private final class Client implements OrderQueue {
        private final int owner;
        private final CrashPoint crash;

        Client(int owner, CrashPoint crash) {
            this.owner = owner;
            this.crash = crash;
        }

        @Override
        public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
            crash.before();
            CompletionStage<Void> stage = SimQueue.this.publish(owner, message, onNotQueued);
            crash.after();
            return stage;
        }

        @Override
        public QueueConsumer consume(OrderBatchHandler handler) {
            Registered r = new Registered(owner, handler);
            consumers.add(r);
            return () -> consumers.remove(r);
        }

        @Override
        public Optional<QueueMark> mark() {
            return Optional.of(SimQueue.this.mark());
        }

        @Override
        public boolean settledThrough(QueueMark mark) {
            return SimQueue.this.settledThrough(mark);
        }

        @Override
        public void close() {
        }
    }
}
