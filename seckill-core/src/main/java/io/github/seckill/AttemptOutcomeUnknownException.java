package io.github.seckill;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of an attempt is not known yet: a backend timed out after the attempt may have taken effect, or another
 * call with the same request id is still in flight. Retrying with the <em>same</em> request id resolves it: it returns
 * the same order id if the first call was admitted, and never admits twice.
 */
public class AttemptOutcomeUnknownException extends SeckillException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is unknown
     * @param cause the timeout or failure, if any
     */
    public AttemptOutcomeUnknownException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
