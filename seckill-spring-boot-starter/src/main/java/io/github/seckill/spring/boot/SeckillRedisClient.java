package io.github.seckill.spring.boot;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;

/**
 * The Lettuce client the Redis backend runs on, and whether the starter opened it (then it shuts it down on close) or
 * borrowed it from the application or from Boot's connection factory (then it stays theirs).
 */
final class SeckillRedisClient implements AutoCloseable {

    private final AbstractRedisClient client;
    private final boolean owned;
    private final String source;

    SeckillRedisClient(AbstractRedisClient client, boolean owned, String source) {
        if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
            throw new IllegalStateException("seckill needs a RedisClient or a RedisClusterClient, " + source + " is a "
                    + client.getClass().getName());
        }
        this.client = client;
        this.owned = owned;
        this.source = source;
    }

    AbstractRedisClient client() {
        return client;
    }

    /** @return where the client came from, for logs and health details */
    String source() {
        return source;
    }

    @Override
    public void close() {
        if (owned) {
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "SeckillRedisClient{" + source + (owned ? ", owned" : ", borrowed") + '}';
    }
}
