package io.github.seckill.simulation;

/** Every fault the simulator injects, counted per occurrence (one failed call, one dropped answer, one crash). */
enum FaultKind {
    /** The admission backend refused a call (BackendUnavailableException): down. */
    ADMISSION_DOWN,
    /** The admission backend answered late: the virtual clock moved on by up to 12 s before it acted. */
    ADMISSION_SLOW,
    /** The admission backend did the work, then the answer was lost (AttemptOutcomeUnknownException / timeout). */
    ADMISSION_ANSWER_LOST,
    /** The admission backend lost an activity's data: stock, slots and waitlist (a restart without persistence). */
    ADMISSION_DATA_LOST,
    /** The admission backend lost an activity's stock and waitlist, the slots survived. */
    ADMISSION_STOCK_LOST,
    /** The queue refused a publish: compensated, the buyer told "not queued". */
    QUEUE_REFUSED,
    /** A publish was acknowledged only some steps later (or never: a JVM died meanwhile). */
    PUBLISH_DELAYED,
    /** A publish timed out and was compensated, but the broker had written it. */
    PUBLISH_AMBIGUOUS,
    /** The producer wrote a message twice: at once, or later (a retry after a reconnect), behind other messages. */
    MESSAGE_DUPLICATED,
    /** A consumer handled a batch and died before acknowledging it: the batch is delivered again. */
    CONSUMER_CRASH_BEFORE_ACK,
    /** The ledger refused a call: down. */
    LEDGER_DOWN,
    /** A ledger transaction failed before its commit. */
    LEDGER_FAIL_BEFORE_COMMIT,
    /** A ledger transaction committed, then its answer was lost. */
    LEDGER_FAIL_AFTER_COMMIT,
    /** An order the ledger rejects on its own (a data error): retried, isolated, dead-lettered. */
    POISON_ORDER,
    /** A payment callback delivered twice. */
    PAYMENT_DUPLICATED,
    /** A payment callback arriving after the payment timeout, racing the sweep. */
    PAYMENT_RACING_SWEEP,
    /** A JVM died between two steps: its in-flight publishes and answers lost, a new engine built. */
    JVM_CRASH,
    /**
     * A JVM died in the middle of a step, just before or just after one of its calls to a backend (the call made and
     * its answer lost): between admission and publish, between the ledger's commit and the offset commit, between
     * a release and its give-back, half-way through a reconciliation or a waitlist hand-over.
     */
    JVM_CRASH_MID_CALL,
    /** A JVM died between the ledger's release of an order and the give-back of its units. */
    JVM_CRASH_MID_RELEASE
}
