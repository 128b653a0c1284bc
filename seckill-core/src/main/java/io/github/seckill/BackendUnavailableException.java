package io.github.seckill;

import org.jspecify.annotations.Nullable;

/**
 * A backend (Redis, Kafka, the database, ...) could not be reached or failed. Whether the operation took effect is
 * unknown unless the subclass says otherwise; operations of this SDK are idempotent, so retrying with the same ids is
 * safe.
 */
public class BackendUnavailableException extends SeckillException {
    private static final long serialVersionUID = 1L;

    private final String backend;

    /**
     * @param backend a short name of the failed backend, for example {@code redis}
     * @param message what failed
     * @param cause the client's exception
     */
    public BackendUnavailableException(String backend, String message, @Nullable Throwable cause) {
        super(backend + ": " + message, cause);
        this.backend = backend;
    }

    /**
     * @param failure any failure
     * @return whether a {@code BackendUnavailableException} is in its cause chain: the failure is transient
     */
    public static boolean foundIn(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BackendUnavailableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** @return a short name of the failed backend, for example {@code redis} */
    public String backend() {
        return backend;
    }
}
