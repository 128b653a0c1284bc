package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers concurrent admissions into batches, one script call per batch (see {@link Coalescing}).
 *
 * <p>Natural batching: an attempt that arrives while fewer than {@code callsInFlight} calls are in flight leaves at
 * once, alone. Attempts that arrive while that many are in flight wait; they leave together when a call returns, when
 * {@code maxBatchSize} of them wait, or when the oldest has waited {@code maxWait}, whichever comes first. Under load a
 * batch is therefore as large as the traffic of a round trip, and every round trip carries many buyers; at low traffic
 * nothing waits.
 * A batch holds attempts of one activity only, because the script declares that activity's shard keys.
 */
final class AdmissionCoalescer {

    /** An attempt waiting for its batch. */
    static final class Pending {
        final AdmissionRequest request;
        final ShardLayout layout;
        final CompletableFuture<AdmissionDecision> answer = new CompletableFuture<>();

        Pending(AdmissionRequest request, ShardLayout layout) {
            this.request = request;
            this.layout = layout;
        }
    }

    /** Sends one batch and completes its attempts' answers. */
    @FunctionalInterface
    interface Sender {
        /**
         * @param layout the activity of every attempt in the batch
         * @param batch the attempts, in arrival order
         * @return completes, normally or not, when the call has returned or timed out
         */
        CompletableFuture<?> send(ShardLayout layout, List<Pending> batch);
    }

    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final int callsInFlight;
    private final ScheduledExecutorService timer;
    private final Sender sender;

    private final Object lock = new Object();
    private List<Pending> waiting = new ArrayList<>();
    private int inFlight;
    private boolean timerArmed;

    AdmissionCoalescer(Coalescing settings, ScheduledExecutorService timer, Sender sender) {
        this.maxBatchSize = settings.maxBatchSize();
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.callsInFlight = settings.callsInFlight();
        this.timer = timer;
        this.sender = sender;
    }

    CompletableFuture<AdmissionDecision> submit(AdmissionRequest request, ShardLayout layout) {
        Pending p = new Pending(request, layout);
        List<List<Pending>> ready = null;
        synchronized (lock) {
            waiting.add(p);
            if (inFlight < callsInFlight || waiting.size() >= maxBatchSize) {
                ready = takeWaiting();
            } else if (!timerArmed) {
                timerArmed = true;
                timer.schedule(this::waitedLongEnough, maxWaitNanos, TimeUnit.NANOSECONDS);
            }
        }
        if (ready != null) {
            send(ready);
        }
        return p.answer;
    }

    /** Splits what waits into batches of one activity and at most {@code maxBatchSize}; counts them in flight. */
    private List<List<Pending>> takeWaiting() {
        Map<ShardLayout, List<Pending>> byActivity = new LinkedHashMap<>();
        for (Pending p : waiting) {
            byActivity.computeIfAbsent(p.layout, l -> new ArrayList<>()).add(p);
        }
        waiting = new ArrayList<>();
        List<List<Pending>> batches = new ArrayList<>();
        for (List<Pending> attempts : byActivity.values()) {
            for (int from = 0; from < attempts.size(); from += maxBatchSize) {
                batches.add(attempts.subList(from, Math.min(attempts.size(), from + maxBatchSize)));
            }
        }
        inFlight += batches.size();
        return batches;
    }

    private void send(List<List<Pending>> batches) {
        for (List<Pending> batch : batches) {
            CompletableFuture<?> returned;
            try {
                returned = sender.send(batch.get(0).layout, batch);
            } catch (RuntimeException e) {
                batch.forEach(p -> p.answer.completeExceptionally(e));
                returned = CompletableFuture.completedFuture(null);
            }
            returned.whenComplete((ignored, failure) -> returned());
        }
    }

    private void returned() {
        List<List<Pending>> ready = null;
        synchronized (lock) {
            inFlight--;
            if (inFlight < callsInFlight && !waiting.isEmpty()) {
                ready = takeWaiting();
            }
        }
        if (ready != null) {
            send(ready);
        }
    }

    private void waitedLongEnough() {
        List<List<Pending>> ready = null;
        synchronized (lock) {
            timerArmed = false;
            if (!waiting.isEmpty()) {
                ready = takeWaiting();
            }
        }
        if (ready != null) {
            send(ready);
        }
    }
}
