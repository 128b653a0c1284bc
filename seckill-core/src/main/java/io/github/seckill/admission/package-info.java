/**
 * Admission SPIs: the first line of defence that takes the whole peak.
 *
 * <p>{@link io.github.seckill.admission.DedupeGuard} lets each user into an activity once;
 * {@link io.github.seckill.admission.ShardedStockStore} holds the pre-deducted stock split over shards and executes
 * {@link io.github.seckill.shard.ShardPlan}s; {@link io.github.seckill.admission.AdmissionGate} combines both into one
 * admission decision. {@link io.github.seckill.admission.AdmissionGate#compose} builds a gate from any guard and store
 * with a claim, take, confirm protocol; a backend that can do both atomically (one Redis script) implements the gate
 * directly.
 */
@NullMarked
package io.github.seckill.admission;

import org.jspecify.annotations.NullMarked;
