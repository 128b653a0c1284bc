package io.github.seckill.mysql;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.LedgerRejectedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Runs units of work as short READ COMMITTED transactions on connections of the user's {@link DataSource}, retrying
 * deadlock and lock-wait victims (and write conflicts a unit of work reports with {@link Conflict}) a bounded number
 * of times. Other JDBC failures are classified: a data or constraint error (SQLState classes 22 and 23, and 45 for
 * errors a trigger signals) is the statement's own fault, a {@link LedgerRejectedException} that retrying cannot fix;
 * everything else (connections, timeouts, a missing table) is the database being unavailable, a
 * {@link BackendUnavailableException} that is waited for.
 */
final class Transactor {

    static final String BACKEND = "mysql";

    /** MySQL and MariaDB error codes the ledger reacts to. */
    static final int ER_DUP_ENTRY = 1062;
    static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    static final int ER_LOCK_DEADLOCK = 1213;

    /** A unit of work inside one transaction; it may run several times, so it must not keep state across runs. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Thrown by a unit of work that lost a race to a concurrent transaction (for example a row it planned to insert
     * appeared meanwhile): the transaction is rolled back and run again, and the next run sees the winner's rows.
     */
    static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(String message, Throwable cause) {
            super(message, cause, false, false);
        }

        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    private final DataSource dataSource;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final MySqlLedgerListener listener;

    Transactor(DataSource dataSource, int maxAttempts, Duration retryBackoff, MySqlLedgerListener listener) {
        this.dataSource = dataSource;
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
        this.listener = listener;
    }

    /**
     * @param operation a short name for messages and events
     * @param work the unit of work
     * @return what the last, committed run returned
     * @throws BackendUnavailableException when the database fails, or still conflicts after the last attempt
     */
    <T> T inTransaction(String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            RuntimeException retryable;
            try {
                return runOnce(work);
            } catch (SQLException e) {
                if (isMessageFault(e)) {
                    throw new LedgerRejectedException(operation + " was refused: " + describe(e), e);
                }
                if (!isRetryable(e)) {
                    throw unavailable(operation, e);
                }
                retryable = unavailable(operation, e);
            } catch (Conflict e) {
                retryable = new BackendUnavailableException(BACKEND,
                        operation + " kept conflicting with concurrent transactions: " + e.getMessage(), e);
            }
            if (attempt >= maxAttempts) {
                throw retryable;
            }
            notifyRetried(operation, attempt, retryable.getCause() != null ? retryable.getCause() : retryable);
            pause(attempt);
        }
    }

    private void notifyRetried(String operation, int attempt, Throwable cause) {
        try {
            listener.retried(operation, attempt, cause);
        } catch (RuntimeException ignored) {
            // A listener must not change what the ledger does.
        }
    }

    private <T> T runOnce(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            if (autoCommit) {
                connection.setAutoCommit(false);
            }
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                // Guarded updates must not wait on gap locks, and reads must see the latest committed rows.
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                try {
                    restore(connection, autoCommit, isolation);
                } catch (SQLException restoreFailure) {
                    e.addSuppressed(restoreFailure);
                }
                throw e;
            }
            restore(connection, autoCommit, isolation);
            return result;
        }
    }

    /** Leaves the connection as it came, for pools that do not reset session state themselves. */
    private static void restore(Connection connection, boolean autoCommit, int isolation) throws SQLException {
        if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
            connection.setTransactionIsolation(isolation);
        }
        if (autoCommit) {
            connection.setAutoCommit(true);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void pause(int attempt) {
        long capNanos = retryBackoff.toNanos() << Math.min(attempt - 1, 6);
        if (capNanos > 0) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(capNanos / 2, capNanos + 1));
        }
    }

    /** Deadlock victims and lock-wait timeouts: the transaction was (or must be) rolled back and may simply rerun. */
    static boolean isRetryable(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            int code = cause.getErrorCode();
            if (code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT
                    || cause instanceof SQLTransactionRollbackException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether the failure is the statement's own: a data exception (22), an integrity constraint (23) or an
     *     error a trigger signals (45), never a connection or a lock problem
     */
    static boolean isMessageFault(SQLException e) {
        if (isRetryable(e)) {
            return false;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("45"));
    }

    /**
     * Runs reads that must see one instant: a REPEATABLE READ transaction, whose first read fixes the snapshot every
     * later read of it sees.
     *
     * @param operation a short name for messages
     * @param work the reads
     * @return what they returned
     */
    <T> T readConsistently(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable(operation, e);
        }
    }

    static boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == ER_DUP_ENTRY;
    }

    static BackendUnavailableException unavailable(String operation, SQLException e) {
        return new BackendUnavailableException(BACKEND, operation + " failed: " + describe(e), e);
    }

    static String describe(SQLException e) {
        return e.getMessage() + " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")";
    }
}
