package io.github.seckill.testservers;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link RealServers} gets the servers that no external setting ({@code SECKILL_REDIS_URI} and the like) names:
 * local binaries, as always, or containers when {@value #SETTING} (or the system property {@code seckill.servers}) is
 * {@code testcontainers}. Asking for containers where they cannot run fails at once, naming the setting: a build that
 * asked for MySQL 8 in a container must not pass on a local MariaDB instead.
 */
enum ServerSource {

    /** {@code redis-server} and {@code mariadbd} from the operating system, Kafka from Maven in a child JVM. */
    LOCAL,
    /** Redis, Kafka and MySQL 8 in containers started through Testcontainers (the Redis Cluster stays local). */
    TESTCONTAINERS;

    /** The environment variable that chooses; the system property {@code seckill.servers} wins over it. */
    static final String SETTING = "SECKILL_SERVERS";

    private static final String NAMED = SETTING + " (or -D" + Settings.propertyName(SETTING) + ")";

    /** @return the source the settings of this JVM ask for; containers only when Testcontainers and Docker answer */
    static ServerSource fromSettings() {
        return select(Settings.get(SETTING), ServerSource::testcontainersPresent, () -> ContainerServers.dockerAnswers());
    }

    /**
     * @param value the setting's value, or null when unset
     * @param testcontainersPresent whether Testcontainers is on the classpath; asked only for containers
     * @param dockerAnswers whether a Docker engine answers; asked only for containers, once Testcontainers is present
     * @return the source to use
     * @throws ServerStartupException if containers are asked for and cannot run, or the value is unknown
     */
    static ServerSource select(@Nullable String value, BooleanSupplier testcontainersPresent,
            BooleanSupplier dockerAnswers) {
        String choice = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "", "local" -> {
                return LOCAL;
            }
            case "testcontainers" -> {
                if (!testcontainersPresent.getAsBoolean()) {
                    throw new ServerStartupException(NAMED + "=testcontainers asks for servers in containers, but"
                            + " Testcontainers is not on the classpath: add org.testcontainers:testcontainers (and"
                            + " testcontainers-kafka for Kafka, testcontainers-mysql for MySQL) to the test"
                            + " dependencies, or unset " + SETTING + " to use local servers");
                }
                if (!dockerAnswers.getAsBoolean()) {
                    throw new ServerStartupException(NAMED + "=testcontainers asks for servers in containers, but no"
                            + " Docker engine answers (Testcontainers tried DOCKER_HOST, the Docker socket and its"
                            + " other strategies): start Docker, or unset " + SETTING + " to use local servers");
                }
                return TESTCONTAINERS;
            }
            default -> throw new ServerStartupException(NAMED + " is '" + value + "'; use 'testcontainers' for"
                    + " servers in containers, or 'local' (the default) for local servers");
        }
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, ServerSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
