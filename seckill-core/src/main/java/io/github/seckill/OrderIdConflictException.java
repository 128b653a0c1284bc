package io.github.seckill;

/**
 * An order id was already used for another buyer (two JVMs drew the same worker id, or a generator repeated itself).
 * The attempt is refused instead of being taken as a replay of someone else's order: nothing was admitted for it, and
 * retrying with a fresh order id is safe.
 */
public class OrderIdConflictException extends SeckillException {
    private static final long serialVersionUID = 1L;

    private final long orderId;

    /**
     * @param orderId the order id in use
     * @param message what collided
     */
    public OrderIdConflictException(long orderId, String message) {
        super(message);
        this.orderId = orderId;
    }

    /** @return the order id in use */
    public long orderId() {
        return orderId;
    }
}
