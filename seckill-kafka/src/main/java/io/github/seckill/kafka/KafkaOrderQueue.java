package io.github.seckill.kafka;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.kafka.codec.OrderMessageSerializer;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.queue.QueueMark;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrderQueue} on a Kafka topic. Build it with {@link SeckillKafka#orderQueue}.
 *
 * <p><b>Publishing.</b> {@link #publish} completes once all in-sync replicas acknowledged the record (idempotent
 * producer, {@code acks=all}). Otherwise, within {@link KafkaQueueOptions#publishTimeout()}, the compensation runs
 * exactly once and the stage fails with {@link OrderNotQueuedException}, whether {@code send} threw, blocked on
 * metadata or buffer space until {@code max.block.ms}, or the broker never answered before
 * {@code delivery.timeout.ms}. A timeout cannot tell whether the broker wrote the record before the connection
 * failed; the ledger's guards keep such an order from overselling or doubling a buyer's order. A compensation runs on
 * {@link KafkaQueueOptions#compensationExecutor()} when the broker failed the record (on the producer's I/O thread
 * only if that executor refuses the task, for example once shut down), or on the caller's thread when {@code send}
 * fails at once. A successful stage completes on the producer's
 * I/O thread: stages that block should be attached with the {@code *Async} methods.
 *
 * <p><b>Partitioning.</b> The record key is the buyer's id. A hot activity's orders therefore spread evenly over every
 * partition, and so over every consumer, instead of piling onto the one partition a key by activity would pick;
 * each batch still holds many orders of the hot activity, so the ledger merges them into one update per activity and
 * batch. One buyer's orders stay in one partition, in order.
 *
 * <p><b>Consuming.</b> {@link #consume} starts a consumer thread in the queue's group; see {@link OrderBatchHandler}
 * for what a handler may expect. Batches hold up to {@link KafkaQueueOptions#batchSize()} orders from any of the
 * consumer's partitions, gathered for at most {@link KafkaQueueOptions#linger()}. Offsets are committed synchronously
 * only after the handler returned. A failing batch is retried per the {@link KafkaQueueOptions#retryPolicy()} while
 * the consumer keeps polling with its partitions paused, so it stays in the group; then the batch is split in halves
 * until the orders that fail on their own are found, and those go to the dead-letter topic, then to
 * {@link OrderBatchHandler#deadLettered}, before the offsets are committed. A record that cannot be read goes to the
 * dead-letter topic at once. On a rebalance the records of revoked partitions that the handler has not finished are
 * dropped uncommitted, for their new owner to handle; closing a consumer commits a batch the handler finished and
 * abandons one it has not. Delivery is at least once and handlers must be idempotent by order id, as the ledger is.
 */
final class KafkaOrderQueue implements OrderQueue {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOrderQueue.class);
    private static final AtomicInteger CONSUMER_IDS = new AtomicInteger();

    private final KafkaQueueOptions options;
    private final Map<String, Object> clientConfig;
    private final Map<String, Object> producerConfig;
    private final Producer<byte[], byte[]> producer;
    private final OrderMessageSerializer serializer = new OrderMessageSerializer();
    private final Executor compensations;
    private final @Nullable ExecutorService ownCompensations;
    /**
     * Hands records to the producer. {@code send} can block for {@code max.block.ms} while metadata is missing or the
     * buffer is full; on this thread of its own, that never holds a caller's thread or a backend's callback pool.
     */
    private final ExecutorService sender;
    /** Fails a publication whose record is still waiting for the sender at the publish timeout. */
    private final ScheduledThreadPoolExecutor deadlines;
    private final Object adminLock = new Object();
    private @Nullable Admin admin;
    private volatile boolean closed;

    KafkaOrderQueue(Map<String, Object> clientConfig, KafkaQueueOptions options) {
        this.options = options;
        this.clientConfig = clientConfig;
        this.producerConfig = ClientConfigs.producer(clientConfig, options);
        // Fail fast on a consumer configuration that would be refused later, in consume().
        ClientConfigs.consumer(clientConfig, options, "check");
        try {
            this.producer = new KafkaProducer<>(producerConfig);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("invalid Kafka client configuration: " + e.getMessage(), e);
        }
        this.ownCompensations = options.compensationExecutor().isPresent() ? null : Executors.newFixedThreadPool(4,
                r -> {
                    Thread t = new Thread(r, "seckill-kafka-compensation-" + options.topic());
                    t.setDaemon(true);
                    return t;
                });
        this.compensations = ownCompensations != null ? ownCompensations : options.compensationExecutor().orElseThrow();
        this.sender = Executors.newSingleThreadExecutor(daemon("seckill-kafka-send-" + options.topic()));
        this.deadlines = new ScheduledThreadPoolExecutor(1, daemon("seckill-kafka-deadline-" + options.topic()));
        // A cancelled deadline leaves the queue at once rather than hold its publication until it would have fired.
        deadlines.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** @return the options the queue was built with */
    KafkaQueueOptions options() {
        return options;
    }

    @Override
    public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(onNotQueued, "onNotQueued");
        Publication publication = new Publication(message, onNotQueued, compensations);
        if (closed) {
            publication.notQueued(new IllegalStateException("the queue is closed"));
            return publication.result;
        }
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(options.topic(), null, key(message), serializer.serialize(message));
        try {
            // Scheduled before the send is queued, so that the sender always finds it to cancel.
            publication.deadline = deadlines.schedule(publication::deadlinePassed,
                    options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            sender.execute(() -> {
                if (!publication.startSending()) {
                    return; // its deadline passed while it waited: compensated, never sent
                }
                try {
                    producer.send(record, publication);
                } catch (RuntimeException e) {
                    // send() throws when nothing was appended: closed producer, interrupted while waiting, fatal.
                    publication.notQueued(e);
                }
            });
        } catch (RejectedExecutionException e) {
            publication.cancelDeadline();
            publication.notQueued(new IllegalStateException("the queue is closed", e));
        }
        return publication.result;
    }

    /** The buyer's id, big-endian: spreads a hot activity over all partitions (see the class documentation). */
    static byte[] key(OrderMessage message) {
        return ByteBuffer.allocate(Long.BYTES).putLong(message.userId()).array();
    }

    /**
     * Starts a consumer thread with its own Kafka consumer in {@link KafkaQueueOptions#consumerGroup()}.
     *
     * @param handler settles batches; called on the consumer's thread only
     * @return the running consumer; close it to leave the group
     */
    @Override
    public QueueConsumer consume(OrderBatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        String clientId = options.consumerGroup() + "-" + CONSUMER_IDS.incrementAndGet();
        KafkaQueueConsumer consumer = new KafkaQueueConsumer(
                options, ClientConfigs.consumer(clientConfig, options, clientId), producerConfig, handler, clientId);
        consumer.start();
        return consumer;
    }

    /**
     * Refuses further publishes and closes the producer, waiting up to the publish timeout for records in flight;
     * those still unacknowledged then fail and are compensated. Consumers are closed separately.
     */
    @Override
    public void close() {
        closed = true;
        sender.shutdown();
        try {
            if (!sender.awaitTermination(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("records of {} still waiting to be sent after close", options.topic());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(options.publishTimeout());
        deadlines.shutdownNow();
        synchronized (adminLock) {
            if (admin != null) {
                admin.close(options.publishTimeout());
                admin = null;
            }
        }
        if (ownCompensations != null) {
            // Records failed by the close are being compensated: let that finish.
            ownCompensations.shutdown();
            try {
                if (!ownCompensations.awaitTermination(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("compensations of {} still running after close", options.topic());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Marks the end offset of every partition of the topic. */
    @Override
    public Optional<QueueMark> mark() {
        try {
            Admin a = admin();
            List<TopicPartition> partitions = new ArrayList<>();
            TopicDescription topic = a.describeTopics(List.of(options.topic())).allTopicNames()
                    .get(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS).get(options.topic());
            // the future fails for an unknown topic, so the map it yields describes ours
            for (TopicPartitionInfo p : Objects.requireNonNull(topic).partitions()) {
                partitions.add(new TopicPartition(options.topic(), p.partition()));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<Integer, Long> positions = new HashMap<>();
            a.listOffsets(latest).all().get(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> positions.put(tp.partition(), info.offset()));
            return Optional.of(new QueueMark(positions));
        } catch (ExecutionException | TimeoutException e) {
            throw new BackendUnavailableException("kafka", "could not read the end offsets of " + options.topic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("kafka", "interrupted reading offsets", e);
        }
    }

    /** Whether the consumer group has committed past the mark on every partition. */
    @Override
    public boolean settledThrough(QueueMark mark) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin()
                    .listConsumerGroupOffsets(options.consumerGroup()).partitionsToOffsetAndMetadata()
                    .get(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            for (Map.Entry<Integer, Long> position : mark.positions().entrySet()) {
                if (position.getValue() == 0) {
                    continue;
                }
                OffsetAndMetadata done = committed.get(new TopicPartition(options.topic(), position.getKey()));
                if (done == null || done.offset() < position.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            throw new BackendUnavailableException("kafka", "could not read the offsets of group "
                    + options.consumerGroup(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("kafka", "interrupted reading offsets", e);
        }
    }

    private Admin admin() {
        synchronized (adminLock) {
            if (closed) {
                throw new BackendUnavailableException("kafka", "the queue is closed", null);
            }
            if (admin == null) {
                admin = Admin.create(clientConfig);
            }
            return admin;
        }
    }

    /** @return publication deadlines still scheduled: those of records not yet handed to the producer */
    int pendingDeadlines() {
        return deadlines.getQueue().size();
    }

    @Override
    public String toString() {
        return "KafkaOrderQueue{" + options.topic() + '}';
    }

    /** One publish: completes its stage, or compensates and fails it, exactly once. */
    private static final class Publication implements Callback {
        private static final int WAITING = 0;
        private static final int SENDING = 1;
        private static final int TIMED_OUT = 2;

        private final OrderMessage message;
        private final NotQueuedHandler onNotQueued;
        private final Executor compensations;
        private final AtomicBoolean decided = new AtomicBoolean();
        private final AtomicInteger phase = new AtomicInteger();
        private final CompletableFuture<Void> result = new CompletableFuture<>();

        Publication(OrderMessage message, NotQueuedHandler onNotQueued, Executor compensations) {
            this.message = message;
            this.onNotQueued = onNotQueued;
            this.compensations = compensations;
        }

        /** Fails the record if it still waits for the sender when it fires; cancelled once the producer has it. */
        volatile @Nullable ScheduledFuture<?> deadline;

        /**
         * @return whether the record may go to the producer: its deadline has not passed while it waited. The deadline
         *     is then cancelled (a record the producer has is the producer's to answer).
         */
        boolean startSending() {
            if (!phase.compareAndSet(WAITING, SENDING)) {
                return false;
            }
            cancelDeadline();
            return true;
        }

        void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }

        /**
         * The publish timeout passed. A record still waiting for the sender is never sent: it is compensated now. A
         * record the producer has is the producer's to answer, within {@code delivery.timeout.ms}.
         */
        void deadlinePassed() {
            if (phase.compareAndSet(WAITING, TIMED_OUT)) {
                notQueued(new TimeoutException("not handed to the producer within the publish"
                        + " timeout"));
            }
        }

        @Override
        public void onCompletion(@Nullable RecordMetadata metadata, @Nullable Exception exception) {
            if (exception != null) {
                // Off the I/O thread: a compensation usually calls the admission backend.
                try {
                    compensations.execute(() -> notQueued(exception));
                } catch (RuntimeException rejected) {
                    notQueued(exception);
                }
            } else if (decided.compareAndSet(false, true)) {
                result.complete(null);
            } else {
                LOG.error("order {} of activity {} was acknowledged after it had been compensated; the ledger will "
                        + "settle it", message.orderId(), message.activityId());
            }
        }

        void notQueued(Throwable cause) {
            if (!decided.compareAndSet(false, true)) {
                return;
            }
            try {
                onNotQueued.notQueued(message, cause);
            } catch (Throwable e) {
                // Never let it escape: on the producer's I/O thread it would stop every later publish.
                LOG.error("compensation of order {} failed", message.orderId(), e);
            } finally {
                result.completeExceptionally(new OrderNotQueuedException(message, cause));
            }
        }
    }
}
