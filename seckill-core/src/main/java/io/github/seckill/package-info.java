/**
 * The flash-sale engine: {@link io.github.seckill.FlashSale} admits buyers, queues admitted orders and answers
 * every attempt with an {@link io.github.seckill.AttemptResult}.
 *
 * <p>The pipeline is admission (per-user dedupe and sharded stock pre-deduction, see
 * {@link io.github.seckill.admission}), a durable queue ({@link io.github.seckill.queue}) and a stock ledger that is
 * the final authority ({@link io.github.seckill.ledger}). Business outcomes (sold out, duplicate, ...) are return
 * values; infrastructure failures are subclasses of {@link io.github.seckill.SeckillException}.
 */
@NullMarked
package io.github.seckill;

import org.jspecify.annotations.NullMarked;
