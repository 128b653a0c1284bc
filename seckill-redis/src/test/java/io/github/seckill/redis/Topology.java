package io.github.seckill.redis;

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
        return switch (this) {
            case STANDALONE_COALESCED -> redis.standalone(true);
            case STANDALONE_ONE_CALL_PER_ATTEMPT -> redis.standalone(false);
            case CLUSTER -> redis.cluster();
        };
    }
}
