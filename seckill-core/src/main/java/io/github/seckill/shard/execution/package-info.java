/**
 * For authors of admission backends: the reference execution of a {@link io.github.seckill.shard.ShardPlan} over
 * per-shard atomic operations ({@link io.github.seckill.shard.execution.ShardOps}), for stores that can make each
 * shard atomic but not a whole plan (separate Redis Cluster slots, lock-free memory). Strategy authors and SDK users
 * need nothing here.
 */
@NullMarked
package io.github.seckill.shard.execution;

import org.jspecify.annotations.NullMarked;
