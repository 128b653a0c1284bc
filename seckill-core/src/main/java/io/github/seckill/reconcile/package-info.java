/**
 * Self-healing: {@link io.github.seckill.reconcile.Reconciler} keeps admission in step with the ledger (undersell
 * repaired, drift above the ledger taken away, stranded admissions queued again, lost admission data rebuilt from the
 * ledger) and {@link io.github.seckill.reconcile.Auditor} checks the invariants of an activity from the ledger and
 * admission, for operators and tests.
 */
@NullMarked
package io.github.seckill.reconcile;

import org.jspecify.annotations.NullMarked;
