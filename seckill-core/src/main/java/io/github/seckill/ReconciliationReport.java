package io.github.seckill;

/**
 * What one reconciliation run of an activity found and did.
 *
 * @param activityId the activity
 * @param outcome what the run did overall
 * @param redisRemaining units admission could still admit when the run read it
 * @param ledgerAvailable units the ledger could still sell, read consistently with the orders' statuses
 * @param inFlight units of orders admission holds that the ledger has not seen yet
 * @param stranded orders among those, older than the grace, queued again by this run
 * @param givenBack units of orders the ledger closed or turned away that admission still held, given back now
 * @param keptUnsold units of released orders left unsold on purpose ({@link GiveBackPolicy#NONE}): neither given back
 *     nor counted as undersell
 * @param unitsAdded units added to admission (undersell repaired)
 * @param unitsRemoved units taken off admission (it could admit more than the ledger can sell)
 * @param topUpDeferred units admission lacks that were not added yet, because orders admitted before the previous
 *     run may still be on their way to the ledger
 * @param slotsRestored users' slots written back from the ledger after a data loss
 * @param durationNanos how long the run took
 */
public record ReconciliationReport(
        long activityId,
        Outcome outcome,
        long redisRemaining,
        long ledgerAvailable,
        long inFlight,
        int stranded,
        long givenBack,
        long keptUnsold,
        long unitsAdded,
        long unitsRemoved,
        long topUpDeferred,
        long slotsRestored,
        long durationNanos) {

    /** What a run did overall. */
    public enum Outcome {
        /** Admission and the ledger agreed, or were corrected. */
        RECONCILED,
        /** Admission had lost the activity's data; it was rebuilt from the ledger. */
        REBUILT,
        /** Another process holds the activity's reconciliation lease; nothing was done. */
        SKIPPED_LEASE_HELD,
        /** The ledger does not know the activity; nothing was done. */
        UNKNOWN_ACTIVITY
    }

    /** @return a report of a run that did nothing */
    public static ReconciliationReport nothing(long activityId, Outcome outcome, long nanos) {
        return new ReconciliationReport(activityId, outcome, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, nanos);
    }

    /** @return whether admission could admit more than the ledger can sell when the run read them */
    public boolean foundDriftAbove() {
        return unitsRemoved > 0;
    }
}
