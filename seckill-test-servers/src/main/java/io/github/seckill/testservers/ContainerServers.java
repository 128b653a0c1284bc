package io.github.seckill.testservers;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis, Kafka and MySQL 8 in containers, for machines that have Docker rather than the servers' binaries. The only
 * class of the harness that touches Testcontainers, an optional dependency: it is loaded only once
 * {@link ServerSource} found {@code org.testcontainers:testcontainers} on the classpath. Kafka needs
 * {@code testcontainers-kafka} and MySQL {@code testcontainers-mysql} as well, each looked for only when asked for
 * (one holder class per module), so that a Redis test needs the core artifact alone.
 *
 * <p>Container endpoints are not controllable (their {@code isControllable()} is false, as for external servers):
 * restarting a container gives it new ports, so fault tests skip on them. Testcontainers removes the containers when
 * the JVM exits. The Redis Cluster is not containerised (its nodes would announce addresses the host cannot reach):
 * it runs from the local {@code redis-server}, or from {@code SECKILL_REDIS_CLUSTER_URI}.
 *
 * <p>Images: {@code SECKILL_REDIS_IMAGE} ({@value #REDIS_IMAGE} by default), {@code SECKILL_KAFKA_IMAGE}
 * ({@code apache/kafka} at the Kafka release the harness' own broker uses), {@code SECKILL_MYSQL_IMAGE}
 * ({@value #MYSQL_IMAGE}).
 */
final class ContainerServers implements ServerProvider {

    static final String REDIS_IMAGE = "redis:7.4";
    static final String MYSQL_IMAGE = "mysql:8.4";
    static final String KAFKA_IMAGE = "apache/kafka";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerServers.class);

    /** @return whether Testcontainers finds a Docker engine that answers */
    static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Override
    public RedisEndpoint redis() {
        return Redis.start();
    }

    @Override
    public RedisClusterEndpoint redisCluster() {
        LOG.info("{}=testcontainers: the Redis Cluster runs from the local redis-server, not in containers",
                ServerSource.SETTING);
        return new LocalServers().redisCluster();
    }

    @Override
    public KafkaEndpoint kafka() {
        return withModule("testcontainers-kafka", Kafka::start);
    }

    @Override
    public MariaDbEndpoint mariaDb() {
        return withModule("testcontainers-mysql", MySql::start);
    }

    /** Runs {@code start}, turning a missing Testcontainers module into a message that names it. */
    private static <T> T withModule(String artifact, Supplier<T> start) {
        try {
            return start.get();
        } catch (NoClassDefFoundError e) {
            throw new ServerStartupException(ServerSource.SETTING + "=testcontainers needs org.testcontainers:"
                    + artifact + " on the test classpath as well (" + e.getMessage() + " is missing)", e);
        }
    }

    static DockerImageName image(String setting, String fallback) {
        String image = Settings.get(setting);
        return DockerImageName.parse(image == null ? fallback : image);
    }

    static void start(GenericContainer<?> container, String name) {
        long started = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new ServerStartupException("The " + name + " container (" + container.getDockerImageName()
                    + ") did not start: " + e.getMessage(), e);
        }
        LOG.info("Started {} in a container ({}) in {} ms", name, container.getDockerImageName(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Redis from {@code org.testcontainers:testcontainers} alone. */
    private static final class Redis {
        private static final int PORT = 6379;

        static RedisEndpoint start() {
            GenericContainer<?> redis = new GenericContainer<>(image("SECKILL_REDIS_IMAGE", REDIS_IMAGE))
                    .withExposedPorts(PORT);
            ContainerServers.start(redis, "Redis");
            String host = redis.getHost();
            int port = redis.getMappedPort(PORT);
            return new RedisEndpoint(host, port, "redis://" + host + ":" + port, null);
        }
    }

    /** A KRaft broker from {@code testcontainers-kafka}. */
    private static final class Kafka {
        static KafkaEndpoint start() {
            String version = KafkaBrokerClasspath.kafkaVersion();
            KafkaContainer kafka = new KafkaContainer(
                    image("SECKILL_KAFKA_IMAGE", KAFKA_IMAGE + ":" + (version == null ? "latest" : version)));
            ContainerServers.start(kafka, "Kafka");
            return new KafkaEndpoint(kafka.getBootstrapServers(), null);
        }
    }

    /** MySQL 8 from {@code testcontainers-mysql}, as root so that tests may create databases of their own. */
    private static final class MySql {
        private static final String DATABASE = "seckill";
        private static final String USER = "root";
        private static final String PASSWORD = "seckill";

        static MariaDbEndpoint start() {
            MySQLContainer mysql = new MySQLContainer(image("SECKILL_MYSQL_IMAGE", MYSQL_IMAGE))
                    .withDatabaseName(DATABASE).withUsername(USER).withPassword(PASSWORD);
            ContainerServers.start(mysql, "MySQL");
            return new MariaDbEndpoint(mysql.getJdbcUrl(), USER, PASSWORD, null);
        }
    }
}
