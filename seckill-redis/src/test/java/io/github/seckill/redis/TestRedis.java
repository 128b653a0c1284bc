package io.github.seckill.redis;

import io.github.seckill.testservers.RealServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Lettuce clients on the harness' shared Redis and Redis Cluster, created once per JVM, and the backends a test opens
 * on them, closed after each test. Each instance has a key prefix of its own: the servers are shared by every test of
 * the JVM, and the contract suites assume a fresh backend per test.
 */
final class TestRedis implements AutoCloseable {

    private static ClientResources resources;
    private static RedisClient standalone;
    private static RedisClusterClient cluster;

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private final String prefix = "t" + RUN + "-" + INSTANCES.incrementAndGet();
    private final List<SeckillRedis> opened = new ArrayList<>();

    static synchronized ClientResources resources() {
        if (resources == null) {
            resources = DefaultClientResources.create();
            Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::shutdown));
        }
        return resources;
    }

    static synchronized RedisClient standaloneClient() {
        if (standalone == null) {
            standalone = RedisClient.create(resources(), RedisURI.create(RealServers.redis().uri()));
        }
        return standalone;
    }

    static synchronized RedisClusterClient clusterClient() {
        if (cluster == null) {
            cluster = RedisClusterClient.create(resources(), RedisURI.create(RealServers.redisCluster().seedUri()));
        }
        return cluster;
    }

    private static synchronized void shutdown() {
        if (standalone != null) {
            standalone.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }

    /** @return the key prefix of every backend this instance opens */
    String prefix() {
        return prefix;
    }

    /** @return a builder on the shared standalone client, whose backend the test closes itself */
    SeckillRedis.Builder builder() {
        return SeckillRedis.builder(standaloneClient());
    }

    /** @return a backend on the shared standalone Redis, with options set by {@code options} */
    SeckillRedis standalone(UnaryOperator<SeckillRedis.Builder> options) {
        return track(options.apply(SeckillRedis.builder(standaloneClient()).keyPrefix(prefix)).build());
    }

    /** @return a backend on the shared cluster with default options */
    SeckillRedis cluster() {
        return cluster(b -> b);
    }

    /** @return a backend on the shared cluster, with options set by {@code options} */
    SeckillRedis cluster(UnaryOperator<SeckillRedis.Builder> options) {
        return track(options.apply(SeckillRedis.builder(clusterClient()).keyPrefix(prefix)).build());
    }

    private SeckillRedis track(SeckillRedis redis) {
        opened.add(redis);
        return redis;
    }

    /** Closes every backend opened through this instance. */
    @Override
    public void close() {
        opened.forEach(SeckillRedis::close);
        opened.clear();
    }
}
