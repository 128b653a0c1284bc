package io.github.seckill.micrometer;

import static io.github.seckill.micrometer.SeckillTag.ACTION;
import static io.github.seckill.micrometer.SeckillTag.ACTIVITY;
import static io.github.seckill.micrometer.SeckillTag.BACKEND;
import static io.github.seckill.micrometer.SeckillTag.DEGRADED;
import static io.github.seckill.micrometer.SeckillTag.EXCEPTION;
import static io.github.seckill.micrometer.SeckillTag.GROUP;
import static io.github.seckill.micrometer.SeckillTag.OPERATION;
import static io.github.seckill.micrometer.SeckillTag.OUTCOME;
import static io.github.seckill.micrometer.SeckillTag.PARTITION;
import static io.github.seckill.micrometer.SeckillTag.REPLAYED;
import static io.github.seckill.micrometer.SeckillTag.SOURCE;
import static io.github.seckill.micrometer.SeckillTag.STATE;

import io.github.seckill.event.BreakerState;
import io.micrometer.core.instrument.Meter;
import java.util.ArrayList;
import java.util.List;

/**
 * Every meter {@link SeckillMetrics} can register, with its name (after the prefix), type, description and tag keys,
 * named once here. A meter appears in the registry at its first event (or, for polled gauges, when its activity is
 * {@linkplain SeckillMetrics#watch watched}); {@link #values()} is the full list, for dashboards and alerts to be
 * checked against.
 *
 * <p>Names are Micrometer's dotted names; each registry renders them its own way (Prometheus:
 * {@code seckill.attempt.duration} becomes {@code seckill_attempt_duration_seconds_count} and so on).
 */
public enum SeckillMeter {

    // Admission
    /** Counter. */
    ATTEMPTS("attempts", Meter.Type.COUNTER,
            "Attempts by answer (ADMITTED, DUPLICATE, SOLD_OUT, NOT_STARTED, ENDED, THROTTLED, CLOSING) or failed, "
                    + "failures by exception and backend", ACTIVITY, OUTCOME, EXCEPTION, BACKEND),
    /** Timer. */
    ATTEMPT_DURATION("attempt.duration", Meter.Type.TIMER,
            "From the engine's entry to an attempt's answer or failure", ACTIVITY, OUTCOME),
    /** Counter. */
    ADMITTED("admitted", Meter.Type.COUNTER,
            "Orders admitted and durably queued, waitlist offers included", ACTIVITY, REPLAYED, DEGRADED),
    /** Counter. */
    ADMISSION_FAILURES("admission.failures", Meter.Type.COUNTER,
            "Failures of the admission backend; degraded when the attempt went on without it",
            ACTIVITY, EXCEPTION, BACKEND, DEGRADED),
    /** Counter. */
    SOLD_OUT("sold.out", Meter.Type.COUNTER, "Times this JVM raised an activity's sold-out flag", ACTIVITY),
    /** Counter. */
    REOPENED("reopened", Meter.Type.COUNTER,
            "Times stock came back and this JVM lowered an activity's sold-out flag", ACTIVITY),
    /** Gauge, 0 closed, 1 open, 2 half-open, 3 other ({@link #breakerGaugeValue}). */
    ADMISSION_BREAKER_STATE("admission.breaker.state", Meter.Type.GAUGE,
            "State of the activity's admission circuit breaker: 0 closed, 1 open, 2 half-open, 3 other; "
                    + "appears at its first transition", ACTIVITY),
    /** Counter. */
    ADMISSION_BREAKER_TRANSITIONS("admission.breaker.transitions", Meter.Type.COUNTER,
            "Transitions of the activity's admission circuit breaker, by the state entered (CLOSED, OPEN, "
                    + "HALF_OPEN, OTHER)", ACTIVITY, STATE),

    // Queue
    /** Timer. */
    PUBLISH_DURATION("publish.duration", Meter.Type.TIMER,
            "From handing an order to the queue to its answer: durable, or not_queued (a failed publish)",
            ACTIVITY, OUTCOME),
    /** Counter. */
    COMPENSATIONS("compensations", Meter.Type.COUNTER,
            "Admissions given back because the queue did not take their order: given_back, or not_given_back "
                    + "(reconciliation must repair it)", ACTIVITY, OUTCOME, EXCEPTION, BACKEND),
    /** Gauge. */
    QUEUE_LAG("queue.lag", Meter.Type.GAUGE,
            "Messages published and not yet acknowledged, as the consumer last reported", GROUP, PARTITION),
    /** Counter. */
    CONSUME_RETRIES("consume.retries", Meter.Type.COUNTER, "Consumer batches that failed and will be retried",
            EXCEPTION, BACKEND),
    /** Counter. */
    DEAD_LETTERED("dead.lettered", Meter.Type.COUNTER,
            "Messages the queue gave up on; activity unknown when the message could not be read", ACTIVITY),
    /** Counter. */
    CONSUMERS_STOPPED("consumers.stopped", Meter.Type.COUNTER,
            "Consumers stopped on a failure they cannot recover from", GROUP, EXCEPTION, BACKEND),
    /** Gauge, 0 closed, 1 open, 2 half-open, 3 other ({@link #breakerGaugeValue}). */
    QUEUE_BREAKER_STATE("queue.breaker.state", Meter.Type.GAUGE,
            "State of the circuit breaker around the order queue: 0 closed, 1 open, 2 half-open, 3 other; "
                    + "appears at its first transition"),
    /** Counter. */
    QUEUE_BREAKER_TRANSITIONS("queue.breaker.transitions", Meter.Type.COUNTER,
            "Transitions of the circuit breaker around the order queue, by the state entered (CLOSED, OPEN, "
                    + "HALF_OPEN, OTHER)", STATE),

    // Ledger
    /** Counter. */
    SETTLED("settled", Meter.Type.COUNTER,
            "Orders the ledger settled, by settlement outcome (LOCKED, SOLD_OUT, REPLAYED, DUPLICATE_USER, "
                    + "UNKNOWN_ACTIVITY, FAILED, CONFLICT)", OUTCOME),
    /** Timer. */
    SETTLE_DURATION("settle.duration", Meter.Type.TIMER, "Time spent in the ledger per settled batch"),
    /** Distribution summary. */
    SETTLE_BATCH_SIZE("settle.batch.size", Meter.Type.DISTRIBUTION_SUMMARY, "Orders per settled batch"),
    /** Counter. */
    ORDER_UPDATES("order.updates", Meter.Type.COUNTER,
            "Orders the ledger recorded or moved, by the OrderState they entered", ACTIVITY, STATE),
    /** Counter, fed by {@link MySqlLedgerMetrics}. */
    LEDGER_RETRIES("ledger.retries", Meter.Type.COUNTER,
            "Ledger transactions rolled back and run again (deadlock, lock wait, lost insert race)",
            OPERATION, EXCEPTION),

    // After admission
    /** Counter. */
    GIVE_BACKS("give.backs", Meter.Type.COUNTER,
            "Released orders whose units went back to admission (restored) or could not (failed)",
            ACTIVITY, OUTCOME),
    /** Counter. */
    GIVE_BACK_STRANDED_UNITS("give.back.stranded.units", Meter.Type.COUNTER,
            "Units failed give-backs left unsold until the activity's stock is re-synced", ACTIVITY),
    /** Counter. */
    KEPT_UNSOLD_UNITS("kept.unsold.units", Meter.Type.COUNTER,
            "Units of released orders left unsold on purpose (give-back policy NONE)", ACTIVITY),
    /** Counter. */
    WAITLIST_OFFERS("waitlist.offers", Meter.Type.COUNTER,
            "Released units that became an order of a buyer on the waitlist", ACTIVITY),

    // Reconciliation
    /** Timer: its count is the number of runs. */
    RECONCILE_DURATION("reconcile.duration", Meter.Type.TIMER,
            "Reconciliation runs by outcome (RECONCILED, REBUILT, SKIPPED_LEASE_HELD, UNKNOWN_ACTIVITY)",
            ACTIVITY, OUTCOME),
    /** Counter. */
    RECONCILE_UNITS("reconcile.units", Meter.Type.COUNTER,
            "Units reconciliation added to admission (undersell), removed from it (drift above the ledger) or "
                    + "gave back (given_back)", ACTIVITY, ACTION),
    /** Gauge. */
    RECONCILE_DEFERRED_UNITS("reconcile.deferred.units", Meter.Type.GAUGE,
            "Units admission lacks that the last run deferred adding (orders may still be on their way)", ACTIVITY),
    /** Counter. */
    RECONCILE_REPUBLISHED("reconcile.republished", Meter.Type.COUNTER,
            "Stranded orders reconciliation queued again", ACTIVITY),
    /** Counter. */
    RECONCILE_SLOTS_RESTORED("reconcile.slots.restored", Meter.Type.COUNTER,
            "Users' slots written back from the ledger after admission lost its data", ACTIVITY),

    // Polled, per watched activity
    /** Gauge, polled. */
    ADMISSION_REMAINING("admission.remaining", Meter.Type.GAUGE,
            "Units admission can still admit, over every shard (polled)", ACTIVITY),
    /** Gauge, polled. */
    SOLD_OUT_FLAG("sold.out.flag", Meter.Type.GAUGE, "1 while this JVM's sold-out flag is up, else 0", ACTIVITY),
    /** Gauge, polled. */
    LEDGER_UNITS("ledger.units", Meter.Type.GAUGE,
            "The ledger's stock row: available, locked or sold units (polled)", ACTIVITY, STATE),
    /** Gauge, polled. */
    WAITLIST_SIZE("waitlist.size", Meter.Type.GAUGE, "Buyers on the activity's waitlist (polled)", ACTIVITY),
    /** Gauge, polled: must read 0. */
    AUDIT_OVERSOLD("audit.oversold", Meter.Type.GAUGE,
            "Units sold or locked beyond the stock, by the last audit: must read 0", ACTIVITY),
    /** Gauge, polled. */
    AUDIT_VIOLATIONS("audit.violations", Meter.Type.GAUGE, "Invariants the last audit found broken", ACTIVITY),
    /** Counter. */
    POLL_FAILURES("poll.failures", Meter.Type.COUNTER,
            "Reads for polled gauges that failed (admission, ledger, waitlist, audit); their gauges read NaN "
                    + "until the next read", ACTIVITY, SOURCE);

    /** The prefix of every name unless {@link SeckillMetrics.Builder#prefix} says otherwise. */
    public static final String DEFAULT_PREFIX = "seckill";

    private final String suffix;
    private final Meter.Type type;
    private final String description;
    private final List<SeckillTag> tags;

    SeckillMeter(String suffix, Meter.Type type, String description, SeckillTag... tags) {
        this.suffix = suffix;
        this.type = type;
        this.description = description;
        this.tags = List.of(tags);
    }

    /**
     * @param prefix the prefix the meters are registered under
     * @return the meter's name
     */
    public String name(String prefix) {
        return prefix + "." + suffix;
    }

    /** @return the meter's name under {@link #DEFAULT_PREFIX} */
    public String defaultName() {
        return name(DEFAULT_PREFIX);
    }

    /** @return the meter's type */
    public Meter.Type type() {
        return type;
    }

    /** @return the description it is registered with */
    public String description() {
        return description;
    }

    /** @return its tag keys, beside the common tags of the {@link SeckillMetrics} that registers it */
    public List<SeckillTag> tags() {
        return tags;
    }

    /**
     * @param prefix a prefix
     * @return the name of every meter under it, in declaration order
     */
    public static List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        for (SeckillMeter m : values()) {
            names.add(m.name(prefix));
        }
        return List.copyOf(names);
    }

    /**
     * @param state a breaker state
     * @return the value the breaker-state gauges read for it: 0 closed, 1 open, 2 half-open, 3 other
     */
    public static int breakerGaugeValue(BreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            case OTHER -> 3;
        };
    }
}
