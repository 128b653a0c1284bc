/**
 * Starts real Redis, Redis Cluster, Kafka and MariaDB servers on free loopback ports for tests, demos and
 * benchmarks, each in its own temporary directory, and stops them when the JVM exits.
 *
 * <p>Three ways in, from the most to the least managed:
 * <ul>
 *   <li>{@link io.github.seckill.testkit.server.WithRedis @WithRedis},
 *       {@link io.github.seckill.testkit.server.WithRedisCluster @WithRedisCluster},
 *       {@link io.github.seckill.testkit.server.WithKafka @WithKafka} and
 *       {@link io.github.seckill.testkit.server.WithMariaDb @WithMariaDb} on a JUnit 5 test class, which
 *       inject endpoint objects through {@link io.github.seckill.testkit.server.RealServersExtension};</li>
 *   <li>{@link io.github.seckill.testkit.server.RealServers}: one shared instance of each server per JVM,
 *       started on first use, or an external server named by an environment variable;</li>
 *   <li>{@link io.github.seckill.testkit.server.RedisServer}, {@link io.github.seckill.testkit.server.RedisCluster},
 *       {@link io.github.seckill.testkit.server.KafkaBroker} and {@link io.github.seckill.testkit.server.MariaDbServer}:
 *       servers owned by the caller, configured through builders.</li>
 * </ul>
 *
 * <p>Redis and MariaDB come from the operating system ({@code scripts/setup.sh} installs them on Debian and
 * Ubuntu); the Kafka broker comes from Maven and runs in a child JVM.
 */
@org.jspecify.annotations.NullMarked
package io.github.seckill.testkit.server;
