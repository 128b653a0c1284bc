package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers concurrent admissions into batches, one script call per batch (see {@link Coalescing}).
 *
 * <p>Natural batching, so that the batch size follows the load: an attempt that arrives while fewer than
 * {@code callsInFlight} calls are in flight leaves at once, with whatever else is waiting (at low load, alone: nothing
 * waits for company). Attempts that arrive while that many are in flight wait; they leave together when a call
 * returns, when {@code maxBatchSize} of them wait (a full batch leaves even beyond {@code callsInFlight}), or when the
 * oldest has waited {@code maxWait}, whichever comes first. Under load a batch is therefore as large as the traffic of
 * a round trip, up to {@code maxBatchSize}, and several batches are in flight on the one connection.
 * A batch holds attempts of one activity only, because the script declares that activity's shard keys.
 */
final class AdmissionCoalescer {

    /** An attempt waiting for its batch, and its answer. */
    static final class Pending extends CompletableFuture<AdmissionDecision> {
        final AdmissionRequest request;
        final ShardLayout layout;
        /**
         * Its caller blocks on it and chains nothing to it, so that the I/O thread may complete it: nothing but the
         * waiting caller runs then, on the caller's own thread.
         */
        final boolean awaited;

        Pending(AdmissionRequest request, ShardLayout layout, boolean awaited) {
            this.request = request;
            this.layout = layout;
            this.awaited = awaited;
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
    private ArrayList<Pending> waiting = new ArrayList<>();
    private int inFlight;
    private boolean timerArmed;

    AdmissionCoalescer(Coalescing settings, ScheduledExecutorService timer, Sender sender) {
        this.maxBatchSize = settings.maxBatchSize();
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.callsInFlight = settings.callsInFlight();
        this.timer = timer;
        this.sender = sender;
    }

    /**
     * @param awaited whether the caller only blocks on the answer (see {@link Pending#awaited})
     */
    CompletableFuture<AdmissionDecision> submit(AdmissionRequest request, ShardLayout layout, boolean awaited) {
        Pending p = new Pending(request, layout, awaited);
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
        return p;
    }

    /**
     * Splits what waits into batches of one activity and at most {@code maxBatchSize}, in arrival order within each
     * activity; counts them in flight.
     */
    private List<List<Pending>> takeWaiting() {
        ArrayList<Pending> all = waiting;
        waiting = new ArrayList<>(Math.min(maxBatchSize, Math.max(4, all.size())));
        List<List<Pending>> batches;
        if (all.size() == 1) {
            batches = List.of(all);
        } else if (oneActivity(all)) {
            batches = new ArrayList<>(1 + (all.size() - 1) / maxBatchSize);
            for (int from = 0; from < all.size(); from += maxBatchSize) {
                batches.add(all.subList(from, Math.min(all.size(), from + maxBatchSize)));
            }
        } else {
            batches = byActivity(all);
        }
        inFlight += batches.size();
        return batches;
    }

    private static boolean oneActivity(List<Pending> attempts) {
        ShardLayout first = attempts.get(0).layout;
        for (int i = 1; i < attempts.size(); i++) {
            if (attempts.get(i).layout != first) {
                return false;
            }
        }
        return true;
    }

    private List<List<Pending>> byActivity(List<Pending> attempts) {
        List<List<Pending>> batches = new ArrayList<>();
        List<List<Pending>> open = new ArrayList<>(); // the last, unfilled batch of each activity
        for (Pending p : attempts) {
            List<Pending> batch = null;
            for (List<Pending> b : open) {
                if (b.get(0).layout == p.layout) {
                    batch = b;
                    break;
                }
            }
            if (batch == null || batch.size() == maxBatchSize) {
                if (batch != null) {
                    open.remove(batch);
                }
                batch = new ArrayList<>();
                open.add(batch);
                batches.add(batch);
            }
            batch.add(p);
        }
        return batches;
    }

    private void send(List<List<Pending>> batches) {
        for (List<Pending> batch : batches) {
            CompletableFuture<?> returned;
            try {
                returned = sender.send(batch.get(0).layout, batch);
            } catch (RuntimeException e) {
                batch.forEach(p -> p.completeExceptionally(e));
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
