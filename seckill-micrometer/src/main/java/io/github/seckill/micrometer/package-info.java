/**
 * Micrometer meters for the flash-sale pipeline. {@link io.github.seckill.micrometer.SeckillMetrics} is a
 * {@link io.github.seckill.event.SeckillListener}: register it with the engine, the settler, the lifecycle, the
 * reconciler and the queue, and every event becomes a counter, a timer or a gauge. What events cannot tell (stock left
 * in admission and in the ledger, the waitlist, the audit's verdict) is polled by
 * {@link io.github.seckill.micrometer.SeckillMetrics#watch}, at most once per refresh interval whatever the scrape
 * rate. {@link io.github.seckill.micrometer.SeckillMeter} names every meter once.
 */
@NullMarked
package io.github.seckill.micrometer;

import org.jspecify.annotations.NullMarked;
