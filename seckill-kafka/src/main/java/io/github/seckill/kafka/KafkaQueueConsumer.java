package io.github.seckill.kafka;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.kafka.codec.OrderMessageDeserializer;
import io.github.seckill.kafka.codec.UnreadableMessageException;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a {@link KafkaOrderQueue}: a thread that owns a {@link KafkaConsumer} and, once it has dead letters,
 * a producer for the dead-letter topic. Everything but {@link #close()} runs on that thread, including the rebalance
 * callbacks, which are called from inside {@code poll}.
 */
final class KafkaQueueConsumer implements QueueConsumer, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaQueueConsumer.class);
    /** The longest poll: bounds how long {@link #close()} waits for an idle consumer. */
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Handling one by one or retrying polls at least this often, far inside {@code max.poll.interval.ms}. */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LAG_REPORT_MILLIS = 1_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private final KafkaQueueOptions options;
    private final RetryPolicy retry;
    private final SeckillListener listener;
    private final OrderBatchHandler handler;
    private final Map<String, Object> deadLetterProducerConfig;
    private final OrderMessageDeserializer reader = new OrderMessageDeserializer();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    // State of the consumer thread.
    /** Polled, not yet in a batch. */
    private final ArrayDeque<Entry> fetched = new ArrayDeque<>();
    /** The batch being delivered; the rebalance listener removes entries of partitions this consumer lost. */
    private final List<Entry> inHand = new ArrayList<>();
    /** Offsets of handled records whose commit failed; committed with the next batch, or on revocation. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private boolean paused;
    private long lastPollNanos;
    private long lastLagReportMillis;
    private @Nullable KafkaProducer<byte[], byte[]> deadLetterProducer;

    KafkaQueueConsumer(KafkaQueueOptions options, Map<String, Object> consumerConfig,
            Map<String, Object> producerConfig, OrderBatchHandler handler, String name) {
        this.options = options;
        this.retry = options.retryPolicy();
        this.listener = Listeners.safe(options.listener());
        this.handler = handler;
        this.deadLetterProducerConfig = producerConfig;
        try {
            this.consumer = new KafkaConsumer<>(consumerConfig);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("invalid Kafka client configuration: " + e.getMessage(), e);
        }
        this.thread = new Thread(this, "seckill-kafka-consumer-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(options.topic()), new Rebalance());
            while (running) {
                fill();
                if (running && !fetched.isEmpty()) {
                    takeBatch();
                    deliver();
                    inHand.clear();
                }
                reportLag();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            // close() woke a consumer stuck in a blocking call: it stops without committing what it had in hand.
        } catch (RuntimeException e) {
            LOG.error("consumer {} of {} stopped; the orders it did not commit go to the other consumers of group {}",
                    thread.getName(), options.topic(), options.consumerGroup(), e);
            listener.consumerStopped(options.consumerGroup(), thread.getName(), e);
        } catch (Error e) {
            LOG.error("consumer {} of {} died; the orders it did not commit go to the other consumers of group {}",
                    thread.getName(), options.topic(), options.consumerGroup(), e);
            listener.consumerStopped(options.consumerGroup(), thread.getName(), e);
            throw e;
        } finally {
            inHand.clear();
            fetched.clear();
            closeQuietly();
        }
    }

    /** Polls until a full batch is fetched, or the linger since the first record ran out, or the consumer closes. */
    private void fill() {
        long lingerNanos = options.linger().toNanos();
        long firstRecordAt = fetched.isEmpty() ? 0 : System.nanoTime();
        while (running && fetched.size() < options.batchSize()) {
            long wait = MAX_POLL_NANOS;
            if (!fetched.isEmpty()) {
                long left = firstRecordAt + lingerNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait = Math.min(wait, left);
            }
            boolean wasEmpty = fetched.isEmpty();
            poll(Duration.ofNanos(wait));
            if (fetched.isEmpty()) {
                return; // idle: let the loop report lag
            }
            if (wasEmpty) {
                firstRecordAt = System.nanoTime();
            }
        }
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            fetched.add(read(record));
        }
        lastPollNanos = System.nanoTime();
    }

    private Entry read(ConsumerRecord<byte[], byte[]> record) {
        try {
            return new Entry(record, reader.deserialize(record.value()), null);
        } catch (UnreadableMessageException e) {
            return new Entry(record, null, e.getMessage());
        }
    }

    private void takeBatch() {
        for (int i = 0; i < options.batchSize() && !fetched.isEmpty(); i++) {
            inHand.add(fetched.poll());
        }
    }

    /**
     * Handles the batch in hand, dead-letters what cannot be handled, commits. Returns without committing when the
     * consumer closes before the batch is finished.
     */
    private void deliver() {
        List<Doomed> doomed = new ArrayList<>();
        for (Entry e : inHand) {
            if (e.message == null) {
                doomed.add(new Doomed(e, new DeadLetter(null, "unreadable: " + e.unreadable, 0)));
            }
        }
        for (int attempt = 1; ; attempt++) {
            List<Entry> readable = readableInHand();
            if (readable.isEmpty()) {
                break;
            }
            try {
                handler.handle(messages(readable));
                break;
            } catch (Exception e) {
                listener.consumeRetry(readable.size(), attempt, e);
                // An unavailable ledger is waited for without limit: its orders are valid, never dead letters.
                if (!BackendUnavailableException.foundIn(e) && attempt >= retry.maxAttempts()) {
                    Isolation isolation = isolate(readable, doomed);
                    if (isolation == Isolation.CLOSING) {
                        return;
                    }
                    if (isolation == Isolation.DONE) {
                        break;
                    }
                }
                if (!backOff(retry.backoff(attempt))) {
                    return;
                }
            }
        }
        doomed.removeIf(d -> !assigned.contains(d.entry.partition));
        if (!doomed.isEmpty() && !deadLetter(doomed)) {
            return;
        }
        commit();
    }

    /** How isolating a failing batch ended. */
    private enum Isolation {
        /** Every order was handled or doomed. */
        DONE,
        /** The ledger turned out to be down: nothing is doomed, the batch goes back to being retried whole. */
        BACKEND_DOWN,
        /** The consumer is closing. */
        CLOSING
    }

    /**
     * The retry budget is spent: splits the batch in halves until the orders that fail on their own are found (a
     * poison order costs a logarithmic number of deliveries, not one per order), dooms those and lets the rest
     * commit.
     */
    private Isolation isolate(List<Entry> readable, List<Doomed> doomed) {
        List<Doomed> failed = new ArrayList<>();
        Isolation result = split(readable, failed);
        if (result == Isolation.DONE) {
            doomed.addAll(failed);
        }
        return result;
    }

    private Isolation split(List<Entry> part, List<Doomed> failed) {
        if (!running) {
            return Isolation.CLOSING;
        }
        keepAlive();
        List<Entry> mine = new ArrayList<>(part.size());
        for (Entry e : part) {
            if (assigned.contains(e.partition)) {
                mine.add(e);
            }
        }
        if (mine.isEmpty()) {
            return Isolation.DONE;
        }
        try {
            handler.handle(messages(mine));
            return Isolation.DONE;
        } catch (Exception failure) {
            if (BackendUnavailableException.foundIn(failure)) {
                return Isolation.BACKEND_DOWN;
            }
            if (mine.size() == 1) {
                Entry e = mine.get(0);
                failed.add(new Doomed(e, new DeadLetter(e.message, String.valueOf(failure), retry.maxAttempts() + 1)));
                return Isolation.DONE;
            }
        }
        int half = mine.size() / 2;
        Isolation first = split(mine.subList(0, half), failed);
        return first != Isolation.DONE ? first : split(mine.subList(half, mine.size()), failed);
    }

    /**
     * Moves the doomed records to the dead-letter topic and reports them, retrying until done or closing.
     *
     * @return whether the dead letters were written and reported
     */
    private boolean deadLetter(List<Doomed> doomed) {
        for (int attempt = 1; ; attempt++) {
            try {
                writeDeadLetters(doomed);
                break;
            } catch (Exception e) {
                LOG.warn("could not write {} dead letters to {} (attempt {})", doomed.size(),
                        options.deadLetterTopic(), attempt, e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (!backOff(retry.backoff(attempt))) {
                    return false;
                }
            }
        }
        List<DeadLetter> letters = doomed.stream().map(Doomed::letter).toList();
        listener.deadLettered(letters);
        for (int attempt = 1; ; attempt++) {
            try {
                handler.deadLettered(letters);
                return true;
            } catch (Exception e) {
                LOG.warn("handler failed on {} dead letters (attempt {})", letters.size(), attempt, e);
                if (!backOff(retry.backoff(attempt))) {
                    return false;
                }
            }
        }
    }

    private void writeDeadLetters(List<Doomed> doomed) throws Exception {
        if (deadLetterProducer == null) {
            deadLetterProducer = new KafkaProducer<>(deadLetterProducerConfig);
        }
        String now = Long.toString(options.clock().millis());
        List<Future<RecordMetadata>> acks = new ArrayList<>(doomed.size());
        for (Doomed d : doomed) {
            ConsumerRecord<byte[], byte[]> original = d.entry.record;
            Headers headers = new RecordHeaders(original.headers().toArray());
            header(headers, DeadLetterHeaders.REASON, d.letter.reason());
            header(headers, DeadLetterHeaders.ORIGINAL_TOPIC, original.topic());
            header(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(original.partition()));
            header(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(original.offset()));
            header(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(d.letter.attempts()));
            header(headers, DeadLetterHeaders.CONSUMER_GROUP, options.consumerGroup());
            header(headers, DeadLetterHeaders.DEAD_LETTERED_AT, now);
            acks.add(deadLetterProducer.send(new ProducerRecord<>(
                    options.deadLetterTopic(), null, original.key(), original.value(), headers)));
        }
        long deadline = System.nanoTime() + options.publishTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Commits the batch in hand, with any earlier commit that failed. A failure leaves the offsets for later. */
    private void commit() {
        for (Entry e : inHand) {
            if (assigned.contains(e.partition)) {
                uncommitted.merge(e.partition, new OffsetAndMetadata(e.record.offset() + 1),
                        (a, b) -> a.offset() >= b.offset() ? a : b);
            }
        }
        commitUncommitted(uncommitted.keySet());
    }

    private void commitUncommitted(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = uncommitted.get(tp);
            if (offset != null) {
                offsets.put(tp, offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            // Bounded: with the broker gone, an unbounded commit would hold the consumer (and its close) for a minute.
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
            offsets.keySet().forEach(uncommitted::remove);
        } catch (KafkaException e) {
            // Rebalancing, or the group moved on: the handled records may be handled again, which is harmless.
            LOG.warn("commit of {} failed; will retry or leave the records to be redelivered", offsets, e);
        }
    }

    /**
     * Waits before the next attempt while polling with every partition paused, so that the consumer stays in its
     * group and takes part in rebalances.
     *
     * @return false if the consumer is closing
     */
    private boolean backOff(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        pauseAll();
        try {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                poll(Duration.ofNanos(Math.min(left, MAX_POLL_NANOS)));
            }
        } finally {
            resumeAll();
        }
        return running;
    }

    /** Polls with every partition paused if the consumer has not polled for a while. */
    private void keepAlive() {
        if (System.nanoTime() - lastPollNanos < KEEP_ALIVE_NANOS) {
            return;
        }
        pauseAll();
        try {
            poll(Duration.ZERO);
        } finally {
            resumeAll();
        }
    }

    private void pauseAll() {
        paused = true;
        consumer.pause(assigned);
    }

    private void resumeAll() {
        paused = false;
        consumer.resume(consumer.paused());
    }

    private List<Entry> readableInHand() {
        List<Entry> readable = new ArrayList<>(inHand.size());
        for (Entry e : inHand) {
            if (e.message != null) {
                readable.add(e);
            }
        }
        return readable;
    }

    private static List<OrderMessage> messages(List<Entry> entries) {
        List<OrderMessage> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.message);
        }
        return Collections.unmodifiableList(out);
    }

    /** Reports, at most once a second, how many records of each partition are published but not committed. */
    private void reportLag() {
        long now = options.clock().millis();
        if (now - lastLagReportMillis < LAG_REPORT_MILLIS) {
            return;
        }
        lastLagReportMillis = now;
        Map<TopicPartition, Integer> held = new HashMap<>();
        fetched.forEach(e -> held.merge(e.partition, 1, Integer::sum));
        for (TopicPartition tp : assigned) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                long unhandled = lag.getAsLong() + held.getOrDefault(tp, 0);
                listener.consumerLag(options.consumerGroup(), tp.partition(), unhandled);
            }
        }
    }

    private void closeQuietly() {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("closing consumer {} failed", thread.getName(), e);
        }
        if (deadLetterProducer != null) {
            try {
                deadLetterProducer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.warn("closing the dead-letter producer of {} failed", thread.getName(), e);
            }
        }
    }

    /**
     * Stops the consumer: a batch the handler finishes is committed, one still being retried is abandoned
     * uncommitted. Returns once the consumer has left its group. Safe to call from the handler, which then returns
     * at once and the consumer stops after the batch.
     */
    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() == thread) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("consumer {} still busy after {} ms; waking it up", thread.getName(), JOIN_MILLIS);
                consumer.wakeup();
                thread.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "KafkaQueueConsumer{" + thread.getName() + '}';
    }

    /** Keeps the rebalance state and the batch in hand in step with the partitions this consumer owns. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Records the handler finished may be committed now; unfinished ones never are.
            commitUncommitted(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            if (paused) {
                consumer.pause(partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            Set<TopicPartition> gone = new HashSet<>(partitions);
            assigned.removeAll(gone);
            gone.forEach(uncommitted::remove);
            inHand.removeIf(e -> gone.contains(e.partition));
            fetched.removeIf(e -> gone.contains(e.partition));
        }
    }

    /** A polled record, read or not. */
    private static final class Entry {
        final ConsumerRecord<byte[], byte[]> record;
        final TopicPartition partition;
        final @Nullable OrderMessage message;
        final @Nullable String unreadable;

        Entry(ConsumerRecord<byte[], byte[]> record, @Nullable OrderMessage message, @Nullable String unreadable) {
            this.record = record;
            this.partition = new TopicPartition(record.topic(), record.partition());
            this.message = message;
            this.unreadable = unreadable;
        }
    }

    /** A record on its way to the dead-letter topic. */
    private record Doomed(Entry entry, DeadLetter letter) {
    }
}
