package io.github.seckill.spring.boot;

import io.lettuce.core.AbstractRedisClient;

/**
 * The Lettuce client of Boot's own Redis connection factory, behind a type that does not name Spring Data Redis, so
 * that the Redis configuration loads without it.
 */
@FunctionalInterface
interface BootLettuceClient {

    /** @return the factory's native client, started */
    AbstractRedisClient client();
}
