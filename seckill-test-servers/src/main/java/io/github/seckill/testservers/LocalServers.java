package io.github.seckill.testservers;

/** Servers from local binaries, each in a child process of this JVM: the default, and what fault tests can control. */
final class LocalServers implements ServerProvider {

    @Override
    public RedisEndpoint redis() {
        return RedisServer.builder().start().endpoint();
    }

    @Override
    public RedisClusterEndpoint redisCluster() {
        return RedisCluster.builder().start().endpoint();
    }

    @Override
    public KafkaEndpoint kafka() {
        return KafkaBroker.builder().start().endpoint();
    }

    @Override
    public MariaDbEndpoint mariaDb() {
        return MariaDbServer.builder().start().endpoint();
    }
}
