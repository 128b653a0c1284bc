package io.github.seckill.reconcile;

/**
 * One broken invariant an audit found.
 *
 * @param kind which invariant
 * @param detail the numbers, for a person to read
 */
public record AuditViolation(Kind kind, String detail) {

    /** The invariants an audit checks. */
    public enum Kind {
        /** The ledger does not know the activity. */
        UNKNOWN_ACTIVITY,
        /** More units are locked or sold than the activity has: oversell. */
        OVERSOLD,
        /** {@code total = available + locked + sold} does not hold, or a count is negative. */
        STOCK_EQUATION,
        /** The orders' units do not add up to the stock row (pending = locked, paid = sold). */
        ORDERS_DO_NOT_MATCH_STOCK,
        /** A user holds more than one order (pending or paid) in the activity. */
        USER_HOLDS_TWO_ORDERS,
        /** An order admission holds units for never reached the ledger, well after it was admitted. */
        QUEUED_NOT_IN_LEDGER,
        /** Admission can admit more units than the ledger can still sell. */
        ADMISSION_ABOVE_LEDGER
    }
}
