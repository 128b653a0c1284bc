package io.github.seckill.admission;

import io.github.seckill.event.SeckillListener;

/**
 * The narrow port through which settlement and the order lifecycle give an order's units back to admission, to be sold
 * again: when the ledger releases an order (payment failed or timed out) or turns one away without selling it.
 *
 * <p>A give-back is idempotent per order: only the first call for an order returns units, later ones answer
 * {@code false}. The buyer's slot stays taken (one order per user and activity). Implementations: the engine
 * ({@code FlashSale}, which also lowers its own sold-out flag at once) or {@link #through(AdmissionGate)}, for a
 * settlement process that runs no admission engine. Either way every JVM's sold-out flag reopens through the
 * backend's restock notifications.
 */
@FunctionalInterface
public interface StockGiveBack {

    /**
     * @param units the order's units
     * @return whether units went back now
     * @throws io.github.seckill.BackendUnavailableException when the admission backend failed
     */
    boolean giveBack(HeldUnits units);

    /**
     * @param gate the admission backend
     * @return a give-back straight to the backend, with no engine in this process
     */
    static StockGiveBack through(AdmissionGate gate) {
        return units -> units.inAdmission() && gate.restore(units);
    }

    /**
     * @param listener told {@code restored} and {@code giveBackFailed}
     * @return this give-back, logging and reporting every outcome, that never throws: a failure returns {@code false}
     *     after {@link SeckillListener#giveBackFailed} (the units stay unsold until reconciliation)
     */
    default StockGiveBack reportingTo(SeckillListener listener) {
        return new ReportingGiveBack(this, listener);
    }
}
