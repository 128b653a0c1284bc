package io.github.seckill;

import org.jspecify.annotations.Nullable;

/**
 * The ledger refused an order for a reason of the order's own (a data or constraint error the database raised for
 * it): retrying cannot succeed. A consumer that gets it for a batch splits the batch until the order is found and
 * dead-letters that one, so the rest of the batch commits. Unlike {@link BackendUnavailableException}, it never means
 * "wait for the ledger".
 */
public class LedgerRejectedException extends SeckillException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused
     * @param cause the database's error
     */
    public LedgerRejectedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
