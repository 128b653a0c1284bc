/**
 * JUnit 5 access to the harness: {@link io.github.seckill.testservers.junit.WithRedis @WithRedis},
 * {@link io.github.seckill.testservers.junit.WithRedisCluster @WithRedisCluster},
 * {@link io.github.seckill.testservers.junit.WithKafka @WithKafka} and
 * {@link io.github.seckill.testservers.junit.WithMariaDb @WithMariaDb} on a test class start the shared servers and
 * inject their endpoints through {@link io.github.seckill.testservers.junit.RealServersExtension}.
 *
 * <p>The only package of {@code seckill-test-servers} that needs JUnit, which the artifact declares optional: a test
 * has JUnit anyway, and an application that starts servers through the rest of the harness never loads it.
 */
@NullMarked
package io.github.seckill.testservers.junit;

import org.jspecify.annotations.NullMarked;
