package io.github.seckill.micrometer;

/**
 * The tag keys of the meters {@link SeckillMetrics} registers, each named once. Values that are SDK enum constants
 * keep their names ({@code SOLD_OUT}, {@code PAID}, {@code OPEN}); the module's own words are lower case
 * ({@code failed}, {@code durable}, {@code available}, {@code none}); exceptions go by simple class name, ids as
 * decimal numbers.
 */
public enum SeckillTag {
    /** The activity id. */
    ACTIVITY("activity"),
    /** What happened: an attempt's answer ({@code failed} for an exception), a settlement, a run, a give-back. */
    OUTCOME("outcome"),
    /** The simple class name of the exception involved; {@code none} on meters that count answers too. */
    EXCEPTION("exception"),
    /**
     * The backend a failure names (a {@link io.github.seckill.BackendUnavailableException} in its cause chain:
     * {@code redis}, {@code kafka}, {@code ledger}, ...), {@code none} when it names none or there is no failure.
     */
    BACKEND("backend"),
    /** Whether an admission repeats an earlier one with the same request id. */
    REPLAYED("replayed"),
    /** Whether an admission went on without the admission layer. */
    DEGRADED("degraded"),
    /** A state: of an order, of a circuit breaker, or of ledger units (available, locked, sold). */
    STATE("state"),
    /** What a reconciliation run did with units: added, removed or given back. */
    ACTION("action"),
    /** A consumer group. */
    GROUP("group"),
    /** A queue partition, {@code none} for a queue without partitions. */
    PARTITION("partition"),
    /** A ledger operation, such as {@code lock} or {@code settle}. */
    OPERATION("operation"),
    /** What a polled gauge reads: admission, ledger, waitlist or audit. */
    SOURCE("source");

    private final String key;

    SeckillTag(String key) {
        this.key = key;
    }

    /** @return the tag key as registered */
    public String key() {
        return key;
    }
}
