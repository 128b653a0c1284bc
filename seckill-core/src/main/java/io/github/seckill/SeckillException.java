package io.github.seckill;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception the SDK throws. Business outcomes (sold out, duplicate, not started, ...) are never
 * exceptions: they are {@link AttemptResult}s.
 */
public class SeckillException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     * @param cause the underlying failure, if any
     */
    public SeckillException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** @param message what went wrong */
    public SeckillException(String message) {
        super(message);
    }
}
