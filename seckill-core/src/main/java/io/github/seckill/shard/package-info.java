/**
 * Stock sharding: a {@link io.github.seckill.shard.StockShardStrategy} turns the JVM-local
 * {@link io.github.seckill.shard.ShardView} into a {@link io.github.seckill.shard.ShardPlan} (which shards to probe, in
 * which order, and whom to steal from), and every backend executes plans with the same semantics. Strategies are
 * therefore written once and run on every backend. {@link io.github.seckill.shard.ShardStrategies} holds the built-in
 * ones: polling, bitmap routing and stealing.
 */
@NullMarked
package io.github.seckill.shard;

import org.jspecify.annotations.NullMarked;
