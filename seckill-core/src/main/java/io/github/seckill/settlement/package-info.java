/**
 * The consuming side of the pipeline: {@link io.github.seckill.settlement.OrderSettler} takes batches from an
 * {@link io.github.seckill.queue.OrderQueue} and settles them in a {@link io.github.seckill.ledger.StockLedger}.
 */
@NullMarked
package io.github.seckill.settlement;

import org.jspecify.annotations.NullMarked;
