package io.github.seckill.redis;

import java.util.function.UnaryOperator;

/** The ways the backend runs, for tests that check each of them. */
enum Topology {
    /** Standalone Redis, attempts batched into shared script calls. */
    STANDALONE_COALESCED,
    /** Standalone Redis, one script call per attempt. */
    STANDALONE_ONE_CALL_PER_ATTEMPT,
    /** A three-master Redis Cluster, claim, take, confirm. */
    CLUSTER;

    /** @return a backend of this kind, closed with {@code redis} */
    SeckillRedis open(TestRedis redis) {
        return open(redis, b -> b);
    }

    /** @return a backend of this kind with options set by {@code options}, closed with {@code redis} */
    SeckillRedis open(TestRedis redis, UnaryOperator<SeckillRedis.Builder> options) {
        return switch (this) {
            case STANDALONE_COALESCED -> redis.standalone(b -> options.apply(b.coalescing(Coalescing.defaults())));
            case STANDALONE_ONE_CALL_PER_ATTEMPT ->
                    redis.standalone(b -> options.apply(b.coalescing(Coalescing.disabled())));
            case CLUSTER -> redis.cluster(options);
        };
    }
}
