/**
 * Starts real Redis, Redis Cluster, Kafka and MariaDB servers on free loopback ports for tests, demos and
 * benchmarks, each in its own temporary directory, and stops them when the JVM exits.
 *
 * <p>Three ways in, from the most to the least managed:
 * <ul>
 *   <li>{@link io.github.seckill.testservers.junit.WithRedis @WithRedis},
 *       {@link io.github.seckill.testservers.junit.WithRedisCluster @WithRedisCluster},
 *       {@link io.github.seckill.testservers.junit.WithKafka @WithKafka} and
 *       {@link io.github.seckill.testservers.junit.WithMariaDb @WithMariaDb} on a JUnit 5 test class, which
 *       inject endpoint objects through {@link io.github.seckill.testservers.junit.RealServersExtension};</li>
 *   <li>{@link io.github.seckill.testservers.RealServers}: one shared instance of each server per JVM,
 *       started on first use, or an external server named by an environment variable;</li>
 *   <li>{@link io.github.seckill.testservers.RedisServer}, {@link io.github.seckill.testservers.RedisCluster},
 *       {@link io.github.seckill.testservers.KafkaBroker} and {@link io.github.seckill.testservers.MariaDbServer}:
 *       servers owned by the caller, configured through builders.</li>
 * </ul>
 *
 * <p>Redis and MariaDB come from the operating system ({@code scripts/setup.sh} installs them on Debian and
 * Ubuntu); the Kafka broker comes from Maven and runs in a child JVM. Where Docker runs instead,
 * {@code SECKILL_SERVERS=testcontainers} has {@link io.github.seckill.testservers.RealServers} start Redis, Kafka and
 * MySQL 8 in containers through Testcontainers, an optional dependency the test adds.
 *
 * <p>Only {@code io.github.seckill.testservers.junit} needs JUnit, an optional dependency of this artifact: an
 * application (the example app's {@code --backend servers}, the benchmarks) starts servers without JUnit or AssertJ on
 * its classpath.
 */
@org.jspecify.annotations.NullMarked
package io.github.seckill.testservers;
