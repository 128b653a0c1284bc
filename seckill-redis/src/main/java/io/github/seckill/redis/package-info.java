/**
 * Redis admission backend on Lettuce: per-user dedupe and sharded stock pre-deduction, atomic in Lua.
 *
 * <p>{@link io.github.seckill.redis.SeckillRedis} takes the caller's {@code RedisClient} or {@code RedisClusterClient}
 * and returns the {@link io.github.seckill.admission.AdmissionGate}, {@link io.github.seckill.admission.DedupeGuard}
 * and {@link io.github.seckill.admission.ShardedStockStore}; {@link io.github.seckill.redis.SeckillRedisOptions} and
 * {@link io.github.seckill.redis.Coalescing} configure it. Every atomic step is an operation of one Lua script,
 * {@code seckill.lua}, loaded once and called by EVALSHA.
 *
 * <p>Keys, all starting with {@code <prefix>:<activity>:}:
 * <ul>
 *   <li>{@code user:<user>}: the user's slot, {@code <order id>:<shard>:<quantity>:<deadline>:<request id>} (shard
 *       {@code -1} while a claim is pending). No hash tag: buyers spread over the whole cluster.</li>
 *   <li>{@code stock:{<tag>}}: a shard's units; {@code orders:{<tag>}}: a hash of the orders holding units on it.</li>
 *   <li>{@code meta}: the shards' hash tags and initial stock, written by the first load and never overwritten.</li>
 * </ul>
 * Restocks are published on {@code <prefix>:restock} unless configured otherwise.
 */
@NullMarked
package io.github.seckill.redis;

import org.jspecify.annotations.NullMarked;
