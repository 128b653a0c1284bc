package io.github.seckill.simulation;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.tck.ManualClock;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What is broken right now, decided by the simulator and read by the fault wrappers. Each fault is a window on the
 * virtual clock: on until {@code xxxUntil}, with a per-call probability for the flaky ones. Every injected failure is
 * counted by kind.
 */
final class Faults {

    private final Random random;
    private final ManualClock clock;
    private final Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);

    long admissionDownUntil = Long.MIN_VALUE;
    long admissionSlowUntil = Long.MIN_VALUE;
    long admissionLosingAnswersUntil = Long.MIN_VALUE;
    long queueDownUntil = Long.MIN_VALUE;
    long queueFlakyUntil = Long.MIN_VALUE;
    long queueSlowUntil = Long.MIN_VALUE;
    long consumersCrashingUntil = Long.MIN_VALUE;
    long ledgerDownUntil = Long.MIN_VALUE;
    long ledgerFlakyUntil = Long.MIN_VALUE;
    /** Orders the ledger rejects on their own, whenever it is asked to settle them. */
    final Set<Long> poison = new HashSet<>();
    /** Off for the convergence phase at the end of a run. */
    boolean enabled = true;

    Faults(Random random, ManualClock clock) {
        this.random = random;
        this.clock = clock;
    }

    private boolean on(long until) {
        return enabled && clock.millis() < until;
    }

    private boolean roll(long until, double p) {
        return on(until) && random.nextDouble() < p;
    }

    void count(FaultKind kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    Map<FaultKind, Long> counts() {
        return counts;
    }

    /** Every fault window closes; the poison stays (a data error does not heal), but its orders were dead-lettered. */
    void clearAll() {
        enabled = false;
    }

    // --- admission

    void admissionCall() {
        if (on(admissionDownUntil)) {
            count(FaultKind.ADMISSION_DOWN);
            throw new BackendUnavailableException("admission", "simulated: admission backend down", null);
        }
    }

    /** A slow backend: the call reaches it late, after the virtual clock moved on (leases, timestamps go stale). */
    void admissionSlow() {
        if (roll(admissionSlowUntil, 0.5)) {
            count(FaultKind.ADMISSION_SLOW);
            clock.advanceMillis(200 + random.nextInt(12_000));
        }
    }

    boolean admissionAnswerLost() {
        if (roll(admissionLosingAnswersUntil, 0.35)) {
            count(FaultKind.ADMISSION_ANSWER_LOST);
            return true;
        }
        return false;
    }

    // --- queue

    boolean queueDown() {
        if (on(queueDownUntil)) {
            count(FaultKind.QUEUE_REFUSED);
            return true;
        }
        return false;
    }

    boolean publishAmbiguous() {
        if (roll(queueFlakyUntil, 0.2)) {
            count(FaultKind.PUBLISH_AMBIGUOUS);
            return true;
        }
        return false;
    }

    boolean publishDuplicated() {
        if (roll(queueFlakyUntil, 0.25)) {
            count(FaultKind.MESSAGE_DUPLICATED);
            return true;
        }
        return false;
    }

    boolean publishDelayed() {
        if (roll(queueSlowUntil, 0.6)) {
            count(FaultKind.PUBLISH_DELAYED);
            return true;
        }
        return false;
    }

    boolean consumerCrashesBeforeAck() {
        if (roll(consumersCrashingUntil, 0.4)) {
            count(FaultKind.CONSUMER_CRASH_BEFORE_ACK);
            return true;
        }
        return false;
    }

    // --- ledger

    void ledgerCall() {
        if (on(ledgerDownUntil)) {
            count(FaultKind.LEDGER_DOWN);
            throw new BackendUnavailableException("ledger", "simulated: ledger down", null);
        }
    }

    void ledgerBeforeCommit() {
        ledgerCall();
        if (roll(ledgerFlakyUntil, 0.2)) {
            count(FaultKind.LEDGER_FAIL_BEFORE_COMMIT);
            throw new BackendUnavailableException("ledger", "simulated: transaction failed before commit", null);
        }
    }

    void ledgerAfterCommit() {
        if (roll(ledgerFlakyUntil, 0.2)) {
            count(FaultKind.LEDGER_FAIL_AFTER_COMMIT);
            throw new BackendUnavailableException("ledger", "simulated: committed, answer lost", null);
        }
    }
}
