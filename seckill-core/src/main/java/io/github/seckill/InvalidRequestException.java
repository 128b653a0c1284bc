package io.github.seckill;

/**
 * A caller passed input that can never succeed (a non-positive user id, a malformed request id, an activity that was
 * never launched, ...). Nothing was changed anywhere; the message names the offending field.
 */
public class InvalidRequestException extends SeckillException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the name of the offending input
     * @param message why it was rejected
     */
    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** @return the name of the offending input, for example {@code requestId} */
    public String field() {
        return field;
    }
}
