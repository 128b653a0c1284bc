/**
 * The stock ledger, final authority over stock and orders: guarded updates that can never oversell, one order per
 * user and activity, payment confirmation, release on failure or timeout, and reads for reconciliation.
 */
@NullMarked
package io.github.seckill.ledger;

import org.jspecify.annotations.NullMarked;
