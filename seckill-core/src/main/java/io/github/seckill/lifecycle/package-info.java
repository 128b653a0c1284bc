/**
 * After admission: what a buyer polling an order id sees, and what happens when a payment succeeds, fails or times
 * out. {@link io.github.seckill.lifecycle.OrderLifecycle} keeps the ledger and the admission layer in step, so stock
 * released by the ledger is sold again.
 */
@NullMarked
package io.github.seckill.lifecycle;

import org.jspecify.annotations.NullMarked;
