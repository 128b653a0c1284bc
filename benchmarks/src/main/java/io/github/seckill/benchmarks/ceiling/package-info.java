/**
 * Ceilings: the servers' own load tools ({@code redis-benchmark}, {@code mariadb-slap}, Kafka's
 * {@code ProducerPerformance}) run against the same servers as the JMH benchmarks, in the same run, so that every
 * ratio relates figures of one machine at one time.
 */
@NullMarked
package io.github.seckill.benchmarks.ceiling;

import org.jspecify.annotations.NullMarked;
