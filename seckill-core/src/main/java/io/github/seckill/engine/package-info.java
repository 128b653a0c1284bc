/**
 * The flash-sale engine: {@link io.github.seckill.engine.FlashSale} admits buyers, queues admitted orders and answers
 * every attempt with an {@link io.github.seckill.AttemptResult}. The facade delegates to package-private parts, each
 * with one concern: the activity registry, screening (window, sold-out flag, throttle), the degraded-mode decision,
 * the admission flow and the publisher (queueing, compensation, replays).
 */
@NullMarked
package io.github.seckill.engine;

import org.jspecify.annotations.NullMarked;
