/**
 * What every part of seckill speaks: an activity's configuration ({@link io.github.seckill.ActivityConfig}), the
 * answer to an attempt ({@link io.github.seckill.AttemptResult}) and the exceptions, all subclasses of
 * {@link io.github.seckill.SeckillException}. Business outcomes (sold out, duplicate, ...) are return values;
 * infrastructure failures are exceptions.
 *
 * <p>The pipeline: the engine ({@link io.github.seckill.engine}) admits buyers through admission (per-user dedupe and
 * sharded stock pre-deduction, {@link io.github.seckill.admission}) and a durable queue
 * ({@link io.github.seckill.queue}); settlement ({@link io.github.seckill.settlement}) feeds the stock ledger, the
 * final authority ({@link io.github.seckill.ledger}); the lifecycle ({@link io.github.seckill.lifecycle}) takes
 * payments and gives stock back. This package depends on none of them but the shard, queue and ledger value types.
 */
@NullMarked
package io.github.seckill;

import org.jspecify.annotations.NullMarked;
