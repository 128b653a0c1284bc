/**
 * Named, expiring leases in a store every process of a deployment shares (the ledger's database, or memory for a
 * single JVM): one reconciler at a time per activity, one JVM per order-id worker id.
 */
@NullMarked
package io.github.seckill.lease;

import org.jspecify.annotations.NullMarked;
