package io.github.seckill.mysql;

/**
 * Receives the ledger's internal events, to feed metrics or logs without a dependency on either. Every method has an
 * empty default. Listeners are called on the thread that did the work, between database round trips: they must be
 * fast and must not throw.
 */
public interface MySqlLedgerListener {

    /** A listener that ignores everything. */
    MySqlLedgerListener NOOP = new MySqlLedgerListener() {
    };

    /**
     * A transaction was rolled back and will run again: it was a deadlock victim, waited too long for a row lock, or
     * lost a race for a row a concurrent transaction inserted first.
     *
     * @param operation the ledger operation, for example {@code lock} or {@code settle}
     * @param attempt the attempt that failed, starting at 1
     * @param cause why
     */
    default void retried(String operation, int attempt, Throwable cause) {
    }
}
