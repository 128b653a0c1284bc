/**
 * Spring Boot auto-configuration of a whole sale: the Redis, Kafka and MySQL backends, the engine with its waitlist,
 * reconciler and leased worker id, the settler, the lifecycle with its sweeps, order updates, Micrometer metrics,
 * health indicators and a graceful drain on shutdown. Every bean backs off when the application defines its own.
 */
@NullMarked
package io.github.seckill.spring.boot;

import org.jspecify.annotations.NullMarked;
