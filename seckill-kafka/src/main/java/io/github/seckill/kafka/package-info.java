/**
 * The order queue on Apache Kafka: {@link io.github.seckill.kafka.SeckillKafka} takes the application's client
 * configuration and builds an {@link io.github.seckill.queue.OrderQueue} from
 * {@link io.github.seckill.kafka.KafkaQueueOptions}, and creates its topics.
 *
 * <p>Partitioning: the record key is the buyer's id, so a hot activity's orders spread evenly over every partition and
 * every consumer, while each batch still holds many orders of the hot activity for the ledger to merge; one buyer's
 * orders stay in one partition, in order.
 *
 * <p>Publishing is durable or compensated: an idempotent producer with {@code acks=all} whose timeouts are derived from
 * the publish timeout, so every publish either is acknowledged by the in-sync replicas or runs its
 * {@link io.github.seckill.queue.NotQueuedHandler} once and fails in time. Consuming is at least once: batches go to
 * the handler, offsets are committed only after it returned, failures are retried and then dead-lettered to a
 * dead-letter topic whose headers are named in {@link io.github.seckill.kafka.DeadLetterHeaders}. The wire format is in
 * {@link io.github.seckill.kafka.codec}.
 */
@NullMarked
package io.github.seckill.kafka;

import org.jspecify.annotations.NullMarked;
