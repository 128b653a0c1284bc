package io.github.seckill.benchmarks.ceiling;

import org.jspecify.annotations.Nullable;

/** A ceiling could not be measured: its tool is missing, failed, or printed something unexpected. */
public final class CeilingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     * @param cause the underlying failure, if any
     */
    public CeilingException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
