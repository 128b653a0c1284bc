package io.github.seckill.testservers;

/** Starts the servers {@link RealServers} shares, from a {@link ServerSource}. */
interface ServerProvider {

    RedisEndpoint redis();

    RedisClusterEndpoint redisCluster();

    KafkaEndpoint kafka();

    MariaDbEndpoint mariaDb();

    /** @return the provider of a source */
    static ServerProvider of(ServerSource source) {
        return switch (source) {
            case LOCAL -> new LocalServers();
            case TESTCONTAINERS -> new ContainerServers();
        };
    }
}
