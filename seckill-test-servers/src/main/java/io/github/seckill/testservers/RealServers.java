package io.github.seckill.testservers;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared server of each kind per JVM, for every test class that needs it: started on first use, killed
 * by a shutdown hook when the JVM exits.
 *
 * <p>Each accessor returns an external server instead when its setting is present, as an environment variable
 * or as the system property in lower case with dots:
 * <table>
 *   <caption>Settings</caption>
 *   <tr><td>{@code SECKILL_REDIS_URI}</td><td>{@code redis://127.0.0.1:6379}</td></tr>
 *   <tr><td>{@code SECKILL_REDIS_CLUSTER_URI}</td><td>{@code redis://127.0.0.1:7000,127.0.0.1:7001}</td></tr>
 *   <tr><td>{@code SECKILL_KAFKA_BOOTSTRAP}</td><td>{@code 127.0.0.1:9092}</td></tr>
 *   <tr><td>{@code SECKILL_JDBC_URL}, {@code SECKILL_JDBC_USER}, {@code SECKILL_JDBC_PASSWORD}</td>
 *       <td>{@code jdbc:mysql://127.0.0.1:3306/seckill}, user ({@code root} if unset) and password (empty if
 *       unset)</td></tr>
 * </table>
 * External servers cannot be stopped or restarted: their endpoints answer false to {@code isControllable()}.
 *
 * <p>Servers without such a setting come from local binaries, unless {@code SECKILL_SERVERS} (or
 * {@code seckill.servers}) is {@code testcontainers}: then Redis, Kafka and MySQL 8 run in containers (Testcontainers
 * and Docker needed, or every accessor fails at once saying so), and their endpoints are not controllable either.
 *
 * <p>A server the harness owns is started again by the accessor if a fault test left it stopped, so each
 * test class begins with its servers up. Fault tests that stop shared servers must not run in parallel with
 * tests that use them. If a server fails to start, later calls fail at once with the same cause.
 */
public final class RealServers {

    private static final Logger LOG = LoggerFactory.getLogger(RealServers.class);

    private static final Shared<RedisEndpoint> REDIS = new Shared<>("Redis", () -> {
        String uri = Settings.get("SECKILL_REDIS_URI");
        return uri != null ? RedisEndpoint.external(uri) : provider().redis();
    });
    private static final Shared<RedisClusterEndpoint> REDIS_CLUSTER = new Shared<>("Redis Cluster", () -> {
        String uris = Settings.get("SECKILL_REDIS_CLUSTER_URI");
        return uris != null ? RedisClusterEndpoint.external(uris) : provider().redisCluster();
    });
    private static final Shared<KafkaEndpoint> KAFKA = new Shared<>("Kafka", () -> {
        String bootstrap = Settings.get("SECKILL_KAFKA_BOOTSTRAP");
        return bootstrap != null ? new KafkaEndpoint(bootstrap, null) : provider().kafka();
    });
    private static final Shared<MariaDbEndpoint> MARIADB = new Shared<>("MariaDB", () -> {
        String url = Settings.get("SECKILL_JDBC_URL");
        if (url != null) {
            String user = Settings.get("SECKILL_JDBC_USER");
            String password = Settings.get("SECKILL_JDBC_PASSWORD");
            return new MariaDbEndpoint(url, user == null ? "root" : user, password == null ? "" : password, null);
        }
        return provider().mariaDb();
    });

    private static @Nullable ServerProvider provider;

    private RealServers() {}

    /** The shared standalone Redis server. */
    public static RedisEndpoint redis() {
        RedisEndpoint endpoint = REDIS.get();
        if (!endpoint.isRunning()) {
            LOG.info("Restarting the shared Redis server, left stopped by an earlier test");
            endpoint.start();
        }
        return endpoint;
    }

    /** The shared Redis Cluster of three masters, started only when first asked for. */
    public static RedisClusterEndpoint redisCluster() {
        RedisClusterEndpoint endpoint = REDIS_CLUSTER.get();
        for (RedisEndpoint node : endpoint.nodes()) {
            if (!node.isRunning()) {
                LOG.info("Restarting Redis Cluster node {}, left stopped by an earlier test", node.uri());
                node.start();
            }
        }
        return endpoint;
    }

    /** The shared Kafka broker. */
    public static KafkaEndpoint kafka() {
        KafkaEndpoint endpoint = KAFKA.get();
        if (!endpoint.isRunning()) {
            LOG.info("Restarting the shared Kafka broker, left stopped by an earlier test");
            endpoint.start();
        }
        return endpoint;
    }

    /**
     * The shared MariaDB server's {@code seckill} database (or the external one). Test classes that create
     * tables should rather use {@link MariaDbEndpoint#createFreshDatabase(String)}.
     */
    public static MariaDbEndpoint mariaDb() {
        MariaDbEndpoint endpoint = MARIADB.get();
        if (!endpoint.isRunning()) {
            LOG.info("Restarting the shared MariaDB server, left stopped by an earlier test");
            endpoint.start();
        }
        return endpoint;
    }

    /**
     * Chosen once per JVM, when the first server without an external setting is asked for; a failure (containers asked
     * for where they cannot run) is not remembered here but by each server, which fails at once every time.
     */
    private static synchronized ServerProvider provider() {
        if (provider == null) {
            ServerSource source = ServerSource.fromSettings();
            LOG.info("Servers without an external setting come from {}", source == ServerSource.LOCAL
                    ? "local binaries" : "containers (" + ServerSource.SETTING + "=testcontainers)");
            provider = ServerProvider.of(source);
        }
        return provider;
    }

    /** A server started at most once; a failure to start is remembered and rethrown. */
    private static final class Shared<T> {

        private final String name;
        private final Supplier<T> starter;
        private @Nullable T value;
        private @Nullable RuntimeException failure;

        Shared(String name, Supplier<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T get() {
            if (value != null) {
                return value;
            }
            if (failure != null) {
                throw new ServerStartupException("The shared " + name + " server failed to start earlier in this JVM: "
                        + failure.getMessage(), failure);
            }
            try {
                value = starter.get();
                return value;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }
}
