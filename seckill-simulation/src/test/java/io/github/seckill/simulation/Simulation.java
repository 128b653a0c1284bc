package io.github.seckill.simulation;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.GiveBackPolicy;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.lifecycle.OrderView;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.StockShardStrategy;
import io.github.seckill.tck.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One seed of the deterministic simulation: the whole pipeline (engines, settlers, lifecycles and reconcilers of one
 * or two "JVMs") on the in-memory backends, on one thread and a virtual clock, driven step by step by a seeded random
 * choice of actions (buyers' attempts and retries, payments, cancels, waitlist joins, sweeps, reconciliation runs,
 * queue deliveries, faults injected and cleared, JVMs dying). After every step the invariants are checked by counting
 * rows; at the end, with the faults off, the system is left to converge and the audit must be clean with nothing
 * undersold. The same seed gives the same trace, so a failing seed replays exactly.
 */
final class Simulation {

    /** What one seed did. */
    record Result(long seed, int steps, long simulatedMillis, Map<FaultKind, Long> faults,
            Map<String, Long> observations, List<String> violations, long traceHash, List<String> trace) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    private static final Duration STRANDED_AFTER = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    private final long seed;
    private final boolean keepTrace;
    private final Random random;
    private final ManualClock clock = ManualClock.at(T0);
    private final Faults faults;
    private final InMemorySeckill mem;
    private final InMemoryStockLedger ledger;
    private final SimQueue queue;
    private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
    private final List<ActivityConfig> activities = new ArrayList<>();
    private final Jvm[] jvms;
    private final DegradedAdmission.Mode degradedMode;
    private long nextOrderId = 1_000;
    private int incarnations;

    private final List<String> trace = new ArrayList<>();
    private long traceHash = 17;
    private int step;
    private int stepsRun;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Long> observations = new TreeMap<>();

    /** Buyers by activity, then user id. */
    private final Map<Long, Map<Long, Buyer>> buyers = new LinkedHashMap<>();
    /** Orders some buyer was answered "admitted" for, or that were published durably: order id to buyer. */
    private final Map<Long, Long> promised = new LinkedHashMap<>();
    /** Of those, the ones not seen in the ledger yet. */
    private final Set<Long> unsettled = new LinkedHashSet<>();
    /** Orders answered "admitted" (not offers), for the end-of-run verdict. */
    private final Map<Long, Long> admittedAnswers = new LinkedHashMap<>();
    /** Data losses per activity so far: the same request id may be admitted anew once its slot is gone. */
    private final Map<Long, Integer> losses = new HashMap<>();
    /** Orders whose admission a failed publication gave back (compensated), on any JVM. */
    private final Set<Long> compensated = new java.util.HashSet<>();

    /** A buyer of one activity and the requests they sent. */
    private static final class Buyer {
        final long activityId;
        final long userId;
        final List<String> requests = new ArrayList<>();
        final Map<String, Integer> quantities = new HashMap<>();
        final Map<String, Long> admitted = new HashMap<>();
        final Map<String, Integer> admittedInEpoch = new HashMap<>();
        final Set<String> admittedDegraded = new java.util.HashSet<>();
        boolean soldOut;

        Buyer(long activityId, long userId) {
            this.activityId = activityId;
            this.userId = userId;
        }
    }

    /**
     * One process: an engine, its settler, lifecycle and reconciler, on the shared backends through its own
     * connections, which are its crash points: armed, it dies just before or just after one of its calls.
     */
    private final class Jvm implements CrashPoint {
        final int slot;
        final int incarnation;
        final FlashSale sale;
        final OrderLifecycle lifecycle;
        final OrderSettler settler;
        final Reconciler reconciler;
        final Set<Long> launched = new LinkedHashSet<>();
        boolean alive = true;
        /** Calls left before it dies, when armed (above zero). */
        int callsLeft;
        boolean diesAfterThisCall;

        Jvm(int slot) {
            this.slot = slot;
            this.incarnation = ++incarnations;
            int owner = incarnation;
            FaultyAdmission admission = new FaultyAdmission(mem.admissionGate(), mem.waitlist(), faults, this);
            FaultyLedger faultyLedger = new FaultyLedger(ledger, faults, this);
            OrderQueue connection = queue.client(owner, this);
            SeckillListener listener = new SeckillListener() {
                @Override
                public void published(OrderMessage order, long nanos, boolean durable) {
                    if (alive && durable) {
                        promise(order.orderId(), order.userId());
                    }
                }

                @Override
                public void compensated(OrderMessage order, Throwable cause, boolean givenBack) {
                    compensated.add(order.orderId());
                }

                @Override
                public void waitlistOffered(OrderMessage order) {
                    observe("waitlist offers");
                }
            };
            this.reconciler = Reconciler.builder(admission.gate(), faultyLedger)
                    .queue(connection)
                    .leases(leases)
                    .clock(clock)
                    .holder("jvm-" + incarnation)
                    .strandedAfter(STRANDED_AFTER)
                    .build();
            DegradedAdmission.Builder degraded = DegradedAdmission.builder().mode(degradedMode)
                    .breaker(CircuitBreakerConfig.from(DegradedAdmission.defaultBreaker(Duration.ofSeconds(2)))
                            // durations are real nanoseconds: only failures may open the breaker, never a slow host
                            .slowCallDurationThreshold(Duration.ofDays(1)).build());
            if (degradedMode == DegradedAdmission.Mode.LOCAL_QUOTA) {
                degraded.localQuota(id -> Math.max(1, configOf(id).stock() / jvms.length));
            }
            this.sale = FlashSale.builder(admission.gate(), connection)
                    .orderIds(() -> ++nextOrderId)
                    .clock(clock)
                    .listener(listener)
                    .reconciler(reconciler)
                    .waitlist(admission.waitlist())
                    .degradedAdmission(degraded.build())
                    .queueBreaker(CircuitBreakerConfig.from(FlashSale.defaultQueueBreaker(Duration.ofSeconds(30)))
                            .slowCallDurationThreshold(Duration.ofDays(1)).build())
                    .build();
            this.settler = OrderSettler.builder(connection, faultyLedger).givingBackTo(sale)
                    .mergedSettlement(random.nextInt(4) != 0).start();
            this.lifecycle = OrderLifecycle.builder(sale, faultyLedger).clock(clock).admission(admission.gate())
                    .sweepBatch(1 + random.nextInt(5)).build();
        }

        void launchAll() {
            for (ActivityConfig a : activities) {
                if (launched.contains(a.activityId())) {
                    continue;
                }
                try {
                    sale.launch(a);
                    launched.add(a.activityId());
                    trace("jvm" + slot + " launched activity " + a.activityId());
                } catch (BackendUnavailableException e) {
                    trace("jvm" + slot + " could not launch " + a.activityId() + ": " + name(e));
                }
            }
        }

        @Override
        public void before() {
            if (!alive) {
                throw new JvmDied("jvm" + slot);
            }
            if (callsLeft > 0 && --callsLeft == 0) {
                if (random.nextBoolean()) {
                    dieNow("before a call");
                }
                diesAfterThisCall = true;
            }
        }

        @Override
        public void after() {
            if (diesAfterThisCall) {
                diesAfterThisCall = false;
                dieNow("right after a call, its answer lost");
            }
        }

        private void dieNow(String when) {
            alive = false;
            faults.count(FaultKind.JVM_CRASH_MID_CALL);
            trace("jvm" + slot + " died " + when);
            throw new JvmDied("jvm" + slot);
        }
    }

    private Simulation(long seed, boolean keepTrace) {
        this.seed = seed;
        this.keepTrace = keepTrace;
        this.random = new Random(seed);
        this.faults = new Faults(random, clock);
        this.mem = InMemorySeckill.builder().clock(clock).build();
        this.ledger = mem.stockLedger();
        this.queue = new SimQueue(1 + random.nextInt(3), 1 + random.nextInt(8), random, faults, this::trace,
                this::violation);
        this.jvms = new Jvm[1 + random.nextInt(2)];
        this.degradedMode = random.nextInt(3) == 0 ? DegradedAdmission.Mode.LOCAL_QUOTA
                : DegradedAdmission.Mode.REJECT;
    }

    /**
     * @param seed the seed
     * @param steps how many steps before the convergence phase
     * @param keepTrace whether to keep the trace's lines (its hash is always kept)
     * @return what happened
     */
    static Result run(long seed, int steps, boolean keepTrace) {
        return run(new Simulation(seed, keepTrace), steps);
    }

    /**
     * A run against a broken queue that acknowledges some writes it drops: the simulator must report the orders it
     * lost.
     */
    static Result runOnALosingQueue(long seed, int steps) {
        Simulation sim = new Simulation(seed, true);
        sim.queue.dropsAcknowledgedWrites = true;
        return run(sim, steps);
    }

    private static Result run(Simulation sim, int steps) {
        long seed = sim.seed;
        try {
            sim.setUp();
            for (sim.step = 1; sim.step <= steps && sim.violations.isEmpty(); sim.step++) {
                try {
                    sim.step();
                } catch (JvmDied died) {
                    // the step ends with the JVM; what it did before is all that happened
                }
                sim.buryTheDead();
                sim.stepsRun++;
                sim.checkInvariants();
            }
            if (sim.violations.isEmpty()) {
                sim.converge();
            }
        } catch (RuntimeException | AssertionError e) {
            sim.violation("the simulation itself failed: " + e + stack(e));
        }
        return new Result(seed, sim.stepsRun, clockMillis(sim), new EnumMap<>(sim.faults.counts()),
                sim.observations, List.copyOf(sim.violations), sim.traceHash, List.copyOf(sim.trace));
    }

    private static long clockMillis(Simulation sim) {
        return sim.clock.millis() - T0.toEpochMilli();
    }

    private static String stack(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement el : e.getStackTrace()) {
            out.append("\n    at ").append(el);
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ setup

    private void setUp() {
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            long id = 100 + i;
            StockShardStrategy strategy = new SeededStrategy(List.of(ShardStrategies.polling(),
                    ShardStrategies.bitmapRouting(), ShardStrategies.stealing()).get(random.nextInt(3)), random);
            Instant start = T0.plusSeconds(random.nextInt(20));
            GiveBackPolicy policy = GiveBackPolicy.values()[random.nextInt(GiveBackPolicy.values().length)];
            ActivityConfig.Builder b = ActivityConfig.builder(id)
                    .stock(1 + random.nextInt(20))
                    .window(start, start.plus(Duration.ofMinutes(20 + random.nextInt(40))))
                    .shards(1 + random.nextInt(4))
                    .strategy(strategy)
                    .paymentTimeout(Duration.ofSeconds(60 + random.nextInt(180)))
                    .maxQuantityPerOrder(1 + random.nextInt(3))
                    .giveBack(policy);
            if (policy == GiveBackPolicy.WAITLIST_FIRST) {
                b.waitlist(1 + random.nextInt(10));
            }
            ActivityConfig config = b.build();
            activities.add(config);
            ledger.defineActivity(config.toLedgerActivity());
            Map<Long, Buyer> of = new LinkedHashMap<>();
            long users = config.stock() * 2 + 3 + random.nextInt(8);
            for (long u = 1; u <= users; u++) {
                of.put(u, new Buyer(id, u));
            }
            buyers.put(id, of);
            trace("activity " + id + ": stock " + config.stock() + ", shards " + config.shards() + ", "
                    + config.strategy().name() + ", max " + config.maxQuantityPerOrder() + "/order, " + policy
                    + ", payment timeout " + config.paymentTimeout().toSeconds() + " s, " + users + " buyers");
        }
        trace(jvms.length + " jvm(s), degraded mode " + degradedMode);
        for (int i = 0; i < jvms.length; i++) {
            jvms[i] = new Jvm(i);
            jvms[i].launchAll();
        }
    }

    private ActivityConfig configOf(long id) {
        for (ActivityConfig a : activities) {
            if (a.activityId() == id) {
                return a;
            }
        }
        throw new IllegalArgumentException("no activity " + id);
    }

    // ------------------------------------------------------------------ the trace

    private void trace(String line) {
        String full = step + " +" + (clock.millis() - T0.toEpochMilli()) + "ms " + line;
        traceHash = traceHash * 31 + full.hashCode();
        if (keepTrace) {
            trace.add(full);
        }
    }

    private void violation(String what) {
        String v = "seed " + seed + ", step " + step + ": " + what;
        violations.add(v);
        trace("VIOLATION " + what);
    }

    private void observe(String what) {
        observations.merge(what, 1L, Long::sum);
    }

    private static String name(Throwable e) {
        return e.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ steps

    private void step() {
        long dt = random.nextInt(10) == 0 ? 1_000 + random.nextInt(20_000) : random.nextInt(600);
        clock.advanceMillis(dt);
        int roll = random.nextInt(1000);
        if (roll < 280) {
            attempt(false);
        } else if (roll < 340) {
            attempt(true);
        } else if (roll < 560) {
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n && queue.deliver(); i++) {
                // delivered
            }
        } else if (roll < 600) {
            queue.resolvePending(false);
        } else if (roll < 650) {
            pay();
        } else if (roll < 675) {
            payFailed();
        } else if (roll < 700) {
            cancel();
        } else if (roll < 720) {
            join();
        } else if (roll < 740) {
            poll();
        } else if (roll < 770) {
            sweep();
        } else if (roll < 785) {
            latePayment();
        } else if (roll < 830) {
            reconcile();
        } else if (roll < 845) {
            clock.advance(Duration.ofSeconds(10 + random.nextInt(240)));
            trace("time passes");
        } else if (roll < 939) {
            injectFault();
        } else if (roll < 945) {
            loseData();
        } else if (roll < 955) {
            crash(false);
        } else if (roll < 960) {
            crash(true);
        } else if (roll < 975) {
            armCrash();
        } else if (roll < 980) {
            queue.writeLateDuplicate();
        } else {
            restartOrRelaunch();
        }
    }

    private Optional<Jvm> anyJvm() {
        List<Jvm> alive = new ArrayList<>();
        for (Jvm j : jvms) {
            if (j != null && j.alive) {
                alive.add(j);
            }
        }
        return alive.isEmpty() ? Optional.empty() : Optional.of(alive.get(random.nextInt(alive.size())));
    }

    private ActivityConfig anyActivity() {
        return activities.get(random.nextInt(activities.size()));
    }

    private Buyer anyBuyer(ActivityConfig a) {
        Map<Long, Buyer> of = buyers.get(a.activityId());
        return of.get(1L + random.nextInt(of.size()));
    }

    private void attempt(boolean retry) {
        Optional<Jvm> maybe = anyJvm();
        if (maybe.isEmpty()) {
            return;
        }
        Jvm j = maybe.get();
        ActivityConfig a = anyActivity();
        if (!j.launched.contains(a.activityId())) {
            return;
        }
        Buyer b = anyBuyer(a);
        String request;
        int quantity;
        if (retry && !b.requests.isEmpty()) {
            request = b.requests.get(random.nextInt(b.requests.size()));
            quantity = b.quantities.get(request);
        } else {
            request = "u" + b.userId + "-r" + (b.requests.size() + 1);
            quantity = 1 + random.nextInt(a.maxQuantityPerOrder());
            b.requests.add(request);
            b.quantities.put(request, quantity);
        }
        observe(retry ? "attempts retried" : "attempts");
        // A synchronous attempt waits on this thread; it must not meet a held publish, so it only runs when none is.
        boolean sync = queue.pendingCount() == 0 && random.nextInt(3) == 0;
        String what = "jvm" + j.slot + " " + (sync ? "attempt" : "attemptAsync") + " activity " + a.activityId()
                + " user " + b.userId + " " + request + " x" + quantity;
        int epoch = losses.getOrDefault(a.activityId(), 0);
        if (sync) {
            queue.holdAllowed = false;
            try {
                answered(j, b, request, epoch, what, j.sale.attempt(a.activityId(), b.userId, request, quantity),
                        null);
            } catch (RuntimeException e) {
                answered(j, b, request, epoch, what, null, e);
            } finally {
                queue.holdAllowed = true;
            }
            return;
        }
        CompletionStage<AttemptResult> stage = j.sale.attemptAsync(a.activityId(), b.userId, request, quantity);
        boolean[] done = {false};
        stage.whenComplete((r, e) -> {
            done[0] = true;
            if (j.alive) {
                answered(j, b, request, epoch, what, r, e);
            }
        });
        if (!done[0]) {
            trace(what + " -> waiting for the queue");
        }
    }

    private void answered(Jvm j, Buyer b, String request, int epoch, String what, AttemptResult r, Throwable e) {
        if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            trace(what + " -> " + name(cause));
            observe("attempt failed: " + name(cause));
            if (!(cause instanceof BackendUnavailableException || cause instanceof AttemptOutcomeUnknownException
                    || cause instanceof OrderNotQueuedException)) {
                violation(what + " failed with an undocumented " + cause + stack(cause));
            }
            return;
        }
        trace(what + " -> " + r);
        observe("answer " + r.outcome());
        if (r instanceof AttemptResult.Admitted admitted) {
            long orderId = admitted.orderId();
            if (admitted.degraded()) {
                observe("answer ADMITTED (degraded)");
            }
            Long earlier = b.admitted.get(request);
            if (earlier != null && earlier != orderId) {
                if (admitted.degraded() || b.admittedDegraded.contains(request)) {
                    // Documented: admissions around a failing backend are deduplicated per JVM only, and the ledger
                    // turns the second order away (FAILED), which its buyer reads.
                    observe("request admitted anew around the failing backend (per-JVM dedupe)");
                } else if (compensated.contains(earlier)) {
                    // Documented: a replay on another JVM queued the order while its first publication was still
                    // under way here; that one then failed and its compensation freed the slot. The ledger keeps the
                    // one order per buyer (the new one is turned away) and the buyer reads both answers.
                    observe("request admitted anew after another JVM's failed publication freed its slot");
                } else if (b.admittedInEpoch.get(request) == epoch) {
                    violation("request " + request + " of user " + b.userId + " was admitted as order " + earlier
                            + ", now as order " + orderId);
                } else {
                    observe("request admitted anew after its slot was lost with the data");
                }
            }
            b.admitted.put(request, orderId);
            b.admittedInEpoch.put(request, epoch);
            if (admitted.degraded()) {
                b.admittedDegraded.add(request);
            }
            admittedAnswers.put(orderId, b.userId);
            promise(orderId, b.userId);
        } else if (r instanceof AttemptResult.Duplicate d && d.existingOrderId() != 0) {
            ledger.findOrder(d.existingOrderId()).filter(o -> o.userId() != b.userId).ifPresent(o -> violation(
                    what + " answered a duplicate of order " + o.orderId() + ", which is user " + o.userId() + "'s"));
        } else if (r.outcome() == AttemptResult.Outcome.SOLD_OUT) {
            b.soldOut = true;
        }
    }

    private void promise(long orderId, long userId) {
        Long before = promised.putIfAbsent(orderId, userId);
        if (before != null && before != userId) {
            violation("order id " + orderId + " was promised to users " + before + " and " + userId);
        }
        if (ledger.findOrder(orderId, userId).isEmpty()) {
            unsettled.add(orderId);
        }
    }

    /** An order some buyer holds, as the sim knows it: id and buyer. */
    private record Known(long orderId, long userId) {
    }

    private Optional<Known> anyPromised(boolean pendingPreferred) {
        if (promised.isEmpty()) {
            return Optional.empty();
        }
        List<Long> ids = new ArrayList<>(promised.keySet());
        if (pendingPreferred && random.nextInt(4) != 0) {
            List<Long> pending = new ArrayList<>();
            for (long id : ids) {
                if (ledger.findOrder(id).filter(o -> o.status() == OrderStatus.PENDING_PAYMENT).isPresent()) {
                    pending.add(id);
                }
            }
            if (!pending.isEmpty()) {
                ids = pending;
            }
        }
        long id = ids.get(random.nextInt(ids.size()));
        return Optional.of(new Known(id, promised.get(id)));
    }

    private OrderStatus statusOf(long orderId) {
        return ledger.findOrder(orderId).map(OrderRecord::status).orElse(null);
    }

    private void pay() {
        Optional<Jvm> j = anyJvm();
        Optional<Known> o = anyPromised(true);
        if (j.isEmpty() || o.isEmpty()) {
            return;
        }
        int times = random.nextInt(5) == 0 ? 2 : 1;
        if (times == 2) {
            faults.count(FaultKind.PAYMENT_DUPLICATED);
        }
        for (int i = 0; i < times; i++) {
            paymentCallback(j.get(), o.get(), random.nextBoolean());
        }
    }

    private void paymentCallback(Jvm j, Known o, boolean asBuyer) {
        OrderStatus before = statusOf(o.orderId());
        String what = "jvm" + j.slot + " paymentSucceeded order " + o.orderId() + (asBuyer ? " of " + o.userId() : "");
        try {
            PaymentResult r = asBuyer ? j.lifecycle.paymentSucceeded(o.orderId(), o.userId())
                    : j.lifecycle.paymentSucceeded(o.orderId());
            trace(what + " -> " + r.outcome());
            observe("payment " + r.outcome());
            OrderStatus after = statusOf(o.orderId());
            boolean ok = switch (r.outcome()) {
                case PAID -> before == OrderStatus.PENDING_PAYMENT && after == OrderStatus.PAID;
                case ALREADY_PAID -> before == OrderStatus.PAID && after == OrderStatus.PAID;
                case REFUND_REQUIRED -> before != null && !before.holdsStock() && after == OrderStatus.REFUND_REQUIRED;
                case NOT_FOUND -> before == null;
            };
            if (!ok) {
                violation(what + " answered " + r.outcome() + " for an order " + before + ", now " + after);
            }
        } catch (InvalidRequestException e) {
            trace(what + " -> " + name(e) + " " + e.field());
            if (before != null || !"orderId".equals(e.field())) {
                violation(what + " refused with " + e.getMessage() + " though the ledger has it " + before);
            }
        } catch (BackendUnavailableException e) {
            trace(what + " -> " + name(e));
        } catch (RuntimeException e) {
            violation(what + " failed with an undocumented " + e + stack(e));
        }
    }

    private void checkRelease(String what, ReleaseResult r, OrderStatus before, boolean operator) {
        OrderStatus after = statusOf(r.orderId());
        boolean ok = switch (r.outcome()) {
            case RELEASED -> before == OrderStatus.PENDING_PAYMENT
                    && (after == OrderStatus.CLOSED || after == OrderStatus.CANCELLED);
            case REFUNDED -> operator && before == OrderStatus.PAID && after == OrderStatus.REFUND_REQUIRED;
            case ALREADY_CLOSED -> (before == OrderStatus.CLOSED || before == OrderStatus.CANCELLED) && after == before;
            case ALREADY_PAID -> before == OrderStatus.PAID && after == OrderStatus.PAID;
            case NOT_HELD -> before != null && !before.holdsStock() && before != OrderStatus.CLOSED
                    && before != OrderStatus.CANCELLED && after == before;
            case NOT_FOUND -> before == null || !operator;
        };
        if (!ok) {
            violation(what + " answered " + r.outcome() + " for an order " + before + ", now " + after);
        }
    }

    private void payFailed() {
        Optional<Jvm> j = anyJvm();
        Optional<Known> o = anyPromised(true);
        if (j.isEmpty() || o.isEmpty()) {
            return;
        }
        long id = o.get().orderId();
        OrderStatus before = statusOf(id);
        String what = "jvm" + j.get().slot + " paymentFailed order " + id;
        try {
            ReleaseResult r = j.get().lifecycle.paymentFailed(id);
            trace(what + " -> " + r.outcome());
            observe("payment failed " + r.outcome());
            checkRelease(what, r, before, false);
        } catch (BackendUnavailableException e) {
            trace(what + " -> " + name(e));
        } catch (RuntimeException e) {
            violation(what + " failed with an undocumented " + e + stack(e));
        }
    }

    private void cancel() {
        Optional<Jvm> j = anyJvm();
        Optional<Known> o = anyPromised(true);
        if (j.isEmpty() || o.isEmpty()) {
            return;
        }
        long id = o.get().orderId();
        boolean operator = random.nextInt(3) == 0;
        OrderStatus before = statusOf(id);
        String what = "jvm" + j.get().slot + (operator ? " cancelByOperator" : " cancel") + " order " + id;
        try {
            ReleaseResult r = operator ? j.get().lifecycle.cancelByOperator(id, "risk: simulated rule")
                    : j.get().lifecycle.cancel(id, o.get().userId());
            trace(what + " -> " + r.outcome());
            observe((operator ? "operator cancel " : "cancel ") + r.outcome());
            checkRelease(what, r, before, operator);
        } catch (BackendUnavailableException e) {
            trace(what + " -> " + name(e));
        } catch (RuntimeException e) {
            violation(what + " failed with an undocumented " + e + stack(e));
        }
    }

    private void join() {
        Optional<Jvm> j = anyJvm();
        List<ActivityConfig> withWaitlist = activities.stream().filter(ActivityConfig::hasWaitlist).toList();
        ActivityConfig a = withWaitlist.isEmpty() || random.nextInt(5) == 0 ? anyActivity()
                : withWaitlist.get(random.nextInt(withWaitlist.size()));
        if (j.isEmpty() || !j.get().launched.contains(a.activityId())) {
            return;
        }
        List<Buyer> soldOut = buyers.get(a.activityId()).values().stream().filter(x -> x.soldOut).toList();
        Buyer b = soldOut.isEmpty() || random.nextInt(4) == 0 ? anyBuyer(a)
                : soldOut.get(random.nextInt(soldOut.size()));
        String what = "jvm" + j.get().slot + " joinWaitlist activity " + a.activityId() + " user " + b.userId;
        try {
            JoinResult r = j.get().sale.joinWaitlist(a.activityId(), b.userId);
            trace(what + " -> " + r.outcome() + " " + r.position());
            observe("waitlist join " + r.outcome());
            if (r.outcome() == JoinResult.Outcome.JOINED && !a.hasWaitlist()) {
                violation(what + " joined an activity without a waitlist");
            }
        } catch (BackendUnavailableException e) {
            trace(what + " -> " + name(e));
        } catch (RuntimeException e) {
            violation(what + " failed with an undocumented " + e + stack(e));
        }
    }

    private void poll() {
        Optional<Jvm> j = anyJvm();
        Optional<Known> o = anyPromised(false);
        if (j.isEmpty() || o.isEmpty()) {
            return;
        }
        OrderRecord inLedger = ledger.findOrder(o.get().orderId(), o.get().userId()).orElse(null);
        long activity = inLedger != null ? inLedger.activityId() : anyActivity().activityId();
        String what = "jvm" + j.get().slot + " poll order " + o.get().orderId();
        try {
            OrderView view = j.get().lifecycle.poll(activity, o.get().orderId(), o.get().userId());
            trace(what + " -> " + view.progress() + " " + view.status());
            // Single-threaded: the ledger cannot change between the poll and this read.
            OrderRecord now = ledger.findOrder(o.get().orderId(), o.get().userId()).orElse(null);
            if (now != null && view.status() != now.status()) {
                violation(what + " read " + view.progress() + " " + view.status() + " though the ledger has it "
                        + now.status());
            }
        } catch (BackendUnavailableException e) {
            trace(what + " -> " + name(e));
        } catch (RuntimeException e) {
            violation(what + " failed with an undocumented " + e + stack(e));
        }
    }

    private void sweep() {
        anyJvm().ifPresent(this::sweep);
    }

    private void sweep(Jvm j) {
        try {
            int released = j.lifecycle.releaseExpired();
            trace("jvm" + j.slot + " sweep -> " + released + " released");
            observe("sweeps");
        } catch (BackendUnavailableException e) {
            trace("jvm" + j.slot + " sweep -> " + name(e));
        } catch (RuntimeException e) {
            violation("the sweep failed with an undocumented " + e + stack(e));
        }
    }

    /** A payment callback arrives after the payment timeout, racing the sweep: one of them wins, units move once. */
    private void latePayment() {
        Optional<Jvm> j = anyJvm();
        List<OrderRecord> pending = new ArrayList<>();
        for (long id : promised.keySet()) {
            ledger.findOrder(id).filter(o -> o.status() == OrderStatus.PENDING_PAYMENT).ifPresent(pending::add);
        }
        if (j.isEmpty() || pending.isEmpty()) {
            return;
        }
        OrderRecord o = pending.get(random.nextInt(pending.size()));
        Instant due = o.createdAt().plus(configOf(o.activityId()).paymentTimeout()).plusMillis(1);
        if (clock.instant().isBefore(due)) {
            clock.set(due);
        }
        faults.count(FaultKind.PAYMENT_RACING_SWEEP);
        trace("payment of order " + o.orderId() + " arrives after its timeout");
        if (random.nextBoolean()) {
            sweep();
            paymentCallback(j.get(), new Known(o.orderId(), o.userId()), false);
        } else {
            paymentCallback(j.get(), new Known(o.orderId(), o.userId()), false);
            sweep();
        }
    }

    private void reconcile() {
        Optional<Jvm> j = anyJvm();
        ActivityConfig a = anyActivity();
        if (j.isEmpty() || !j.get().reconciler.watchedActivities().contains(a.activityId())) {
            return;
        }
        reconcile(j.get(), a);
    }

    private Optional<ReconciliationReport> reconcile(Jvm j, ActivityConfig a) {
        String what = "jvm" + j.slot + " reconcile " + a.activityId();
        try {
            ReconciliationReport r = j.reconciler.reconcile(a.activityId());
            trace(what + " -> " + r.outcome() + " remaining " + r.redisRemaining() + " ledger " + r.ledgerAvailable()
                    + " in flight " + r.inFlight() + " stranded " + r.stranded() + " given back " + r.givenBack()
                    + " added " + r.unitsAdded() + " removed " + r.unitsRemoved() + " deferred " + r.topUpDeferred());
            observe("reconcile " + r.outcome());
            if (r.outcome() == ReconciliationReport.Outcome.RECONCILED) {
                checkRunRule(what, a);
            }
            return Optional.of(r);
        } catch (BackendUnavailableException e) {
            trace(what + " -> " + name(e));
        } catch (RuntimeException e) {
            violation(what + " failed with an undocumented " + e + stack(e));
        }
        return Optional.empty();
    }

    /** The rule of a run: it never leaves admission able to admit more units than the ledger can still sell. */
    private void checkRunRule(String what, ActivityConfig a) {
        AdmissionStock snap = mem.stockStore().snapshot(a.activityId());
        StockSnapshot row = ledger.stock(a.activityId()).orElseThrow();
        long inFlight = 0;
        long kept = 0;
        for (TakenUnits t : snap.held()) {
            OrderStatus s = statusOf(t.orderId());
            if (s == null) {
                inFlight += t.quantity();
            } else if (!s.holdsStock() && s != OrderStatus.SOLD_OUT) {
                kept += t.quantity();
            }
        }
        long canAdmit = snap.remaining();
        long canSell = Math.max(0, row.available() - inFlight - kept);
        if (canAdmit > canSell) {
            violation(what + " left admission able to admit " + canAdmit + " unit(s); the ledger can sell "
                    + canSell + " (available " + row.available() + ", in flight " + inFlight + ", released but held "
                    + kept + ")");
        }
    }

    private void injectFault() {
        long now = clock.millis();
        long until = now + 5_000 + random.nextInt(50_000);
        int kind = random.nextInt(11);
        String what;
        switch (kind) {
            case 0 -> {
                faults.admissionDownUntil = until;
                what = "admission down";
            }
            case 1 -> {
                faults.admissionLosingAnswersUntil = until;
                what = "admission losing answers";
            }
            case 2 -> {
                faults.queueDownUntil = now + 2_000 + random.nextInt(20_000);
                what = "queue down";
            }
            case 3 -> {
                faults.queueFlakyUntil = until;
                what = "queue flaky (ambiguous and duplicated publishes)";
            }
            case 4 -> {
                faults.queueSlowUntil = until;
                what = "queue slow (publishes held)";
            }
            case 5 -> {
                faults.consumersCrashingUntil = until;
                what = "consumers crashing before the ack";
            }
            case 6 -> {
                faults.ledgerDownUntil = until;
                what = "ledger down";
            }
            case 7 -> {
                faults.ledgerFlakyUntil = until;
                what = "ledger transactions failing before and after commit";
            }
            case 8 -> {
                Optional<OrderMessage> m = queue.anyUnacknowledged();
                if (m.isEmpty()) {
                    return;
                }
                faults.poison.add(m.get().orderId());
                what = "order " + m.get().orderId() + " poisoned";
            }
            case 9 -> {
                faults.admissionSlowUntil = until;
                what = "admission slow";
            }
            default -> {
                faults.admissionDownUntil = Math.min(faults.admissionDownUntil, now);
                faults.admissionSlowUntil = Math.min(faults.admissionSlowUntil, now);
                faults.admissionLosingAnswersUntil = Math.min(faults.admissionLosingAnswersUntil, now);
                faults.queueDownUntil = Math.min(faults.queueDownUntil, now);
                faults.ledgerDownUntil = Math.min(faults.ledgerDownUntil, now);
                what = "outages cleared";
            }
        }
        trace("fault: " + what + (kind < 8 || kind == 9 ? " for " + (until - now) / 1000 + " s" : ""));
    }

    private void loseData() {
        ActivityConfig a = anyActivity();
        losses.merge(a.activityId(), 1, Integer::sum);
        if (random.nextBoolean()) {
            mem.admissionGate().remove(a.activityId());
            faults.count(FaultKind.ADMISSION_DATA_LOST);
            trace("fault: admission lost activity " + a.activityId() + " (stock, slots, waitlist)");
        } else {
            mem.stockStore().remove(a.activityId());
            faults.count(FaultKind.ADMISSION_STOCK_LOST);
            trace("fault: admission lost activity " + a.activityId() + "'s stock and waitlist");
        }
    }

    private void crash(boolean midRelease) {
        Optional<Jvm> maybe = anyJvm();
        if (maybe.isEmpty()) {
            return;
        }
        Jvm j = maybe.get();
        if (midRelease) {
            Optional<Known> o = anyPromised(true);
            if (o.isEmpty() || statusOf(o.get().orderId()) != OrderStatus.PENDING_PAYMENT) {
                return;
            }
            // The lifecycle's call reached the ledger, which released the order; the JVM died before the give-back.
            ReleaseResult r = ledger.release(o.get().orderId());
            faults.count(FaultKind.JVM_CRASH_MID_RELEASE);
            trace("jvm" + j.slot + " released order " + o.get().orderId() + " (" + r.outcome()
                    + ") and died before giving its units back");
        } else {
            faults.count(FaultKind.JVM_CRASH);
            trace("jvm" + j.slot + " died");
        }
        j.alive = false;
    }

    /** Arms a JVM to die in the middle of a coming step, just before or after one of its next backend calls. */
    private void armCrash() {
        Optional<Jvm> maybe = anyJvm();
        if (maybe.isPresent() && maybe.get().callsLeft == 0) {
            maybe.get().callsLeft = 1 + random.nextInt(40);
            trace("jvm" + maybe.get().slot + " will die within " + maybe.get().callsLeft + " backend calls");
        }
    }

    /**
     * Takes the JVMs that died off the machine: what they were publishing reached the broker or not, their consumers
     * and subscriptions are gone, nothing else of them remains; half of them are started again at once, from the
     * shared backends' state only.
     */
    private void buryTheDead() {
        for (int i = 0; i < jvms.length; i++) {
            Jvm j = jvms[i];
            if (j == null || j.alive) {
                continue;
            }
            queue.crash(j.incarnation);
            // The process' connections close with it: its restock subscription too.
            j.sale.close();
            jvms[i] = null;
            if (random.nextBoolean()) {
                restart(i);
            }
        }
    }

    private void restart(int slot) {
        jvms[slot] = new Jvm(slot);
        trace("jvm" + slot + " started (incarnation " + jvms[slot].incarnation + ")");
        jvms[slot].launchAll();
    }

    private void restartOrRelaunch() {
        for (int i = 0; i < jvms.length; i++) {
            if (jvms[i] == null) {
                restart(i);
                return;
            }
            if (jvms[i].launched.size() < activities.size()) {
                jvms[i].launchAll();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ invariants

    private void checkInvariants() {
        for (ActivityConfig a : activities) {
            long id = a.activityId();
            StockSnapshot s = ledger.stock(id).orElseThrow();
            if (s.available() < 0 || s.locked() < 0 || s.sold() < 0 || !s.balanced()) {
                violation("ledger stock row of " + id + " broken: " + s);
            }
            long pending = 0;
            long paid = 0;
            Map<Long, Integer> holding = new HashMap<>();
            for (OrderRecord o : ledger.orders(id, 0, Integer.MAX_VALUE)) {
                if (o.status() == OrderStatus.PENDING_PAYMENT) {
                    pending += o.quantity();
                } else if (o.status() == OrderStatus.PAID) {
                    paid += o.quantity();
                }
                if (o.status().holdsStock() && holding.merge(o.userId(), 1, Integer::sum) > 1) {
                    violation("user " + o.userId() + " holds two orders of activity " + id);
                }
            }
            if (pending != s.locked() || paid != s.sold()) {
                violation("orders of " + id + " hold pending " + pending + " / paid " + paid + " against " + s);
            }
            if (pending + paid > s.totalStock()) {
                violation("activity " + id + " oversold: " + (pending + paid) + " of " + s.totalStock());
            }
            for (long units : mem.stockStore().remaining(id)) {
                if (units < 0) {
                    violation("a shard of " + id + " went below zero");
                }
            }
        }
        // An order someone was told is queued is in the ledger, or still in the queue, unacknowledged.
        for (var it = unsettled.iterator(); it.hasNext(); ) {
            long orderId = it.next();
            if (ledger.findOrder(orderId, promised.get(orderId)).isPresent()) {
                it.remove();
            } else if (!queue.holds(orderId)) {
                violation("order " + orderId + " of user " + promised.get(orderId)
                        + " was queued durably, is not in the queue and the ledger has no such order");
                it.remove();
            }
        }
    }

    // ------------------------------------------------------------------ the end

    private void converge() {
        step = -1;
        trace("faults off: converging");
        faults.clearAll();
        for (Jvm j : jvms) {
            if (j != null) {
                j.callsLeft = 0;
                j.diesAfterThisCall = false;
            }
        }
        while (queue.hasLateDuplicates()) {
            queue.writeLateDuplicate();
        }
        while (queue.pendingCount() > 0) {
            queue.resolvePending(true);
        }
        for (int i = 0; i < jvms.length; i++) {
            if (jvms[i] == null) {
                restart(i);
            } else {
                jvms[i].launchAll();
            }
        }
        if (!settleUntilQuiet()) {
            return;
        }
        // Every order reaches a final state: the buyers who never pay time out, their units go back (to waiting
        // buyers first, whose new orders then time out too), and reconciliation repairs what a crash left undone.
        for (int round = 0; pendingPayment() > 0; round++) {
            if (round == 20) {
                violation(pendingPayment() + " order(s) still pending payment after 20 payment timeouts");
                return;
            }
            clock.advance(longestPaymentTimeout().plusSeconds(1));
            sweep(jvms[0]);
            if (!settleUntilQuiet()) {
                return;
            }
        }
        verdict();
    }

    /** @return whether queue and reconciliation went quiet (two idle rounds) within 40 rounds */
    private boolean settleUntilQuiet() {
        Jvm j = jvms[0];
        int quiet = 0;
        for (int round = 0; round < 40 && quiet < 2; round++) {
            drain();
            clock.advance(STRANDED_AFTER.plusSeconds(1));
            boolean idle = true;
            for (ActivityConfig a : activities) {
                Optional<ReconciliationReport> r = reconcile(j, a);
                if (r.isEmpty() || r.get().outcome() != ReconciliationReport.Outcome.RECONCILED
                        || r.get().stranded() > 0 || r.get().givenBack() > 0 || r.get().unitsAdded() > 0
                        || r.get().unitsRemoved() > 0 || r.get().topUpDeferred() > 0) {
                    idle = false;
                }
            }
            drain();
            checkInvariants();
            quiet = idle && !queue.undelivered() ? quiet + 1 : 0;
        }
        if (quiet < 2) {
            violation("did not converge in 40 rounds with the faults off");
            return false;
        }
        return violations.isEmpty();
    }

    private long pendingPayment() {
        long n = 0;
        for (ActivityConfig a : activities) {
            n += ledger.countOrders(a.activityId()).getOrDefault(OrderStatus.PENDING_PAYMENT, 0L);
        }
        return n;
    }

    private Duration longestPaymentTimeout() {
        Duration longest = Duration.ZERO;
        for (ActivityConfig a : activities) {
            if (a.paymentTimeout().compareTo(longest) > 0) {
                longest = a.paymentTimeout();
            }
        }
        return longest;
    }

    private void drain() {
        for (int i = 0; i < 100_000 && queue.deliver(); i++) {
            // delivering
        }
        if (queue.undelivered()) {
            violation("the queue does not drain with the faults off");
        }
    }

    private void verdict() {
        for (Map.Entry<Long, Long> e : promised.entrySet()) {
            Optional<OrderRecord> o = ledger.findOrder(e.getKey(), e.getValue());
            if (o.isEmpty()) {
                violation("order " + e.getKey() + " of user " + e.getValue() + " was queued and never reached the"
                        + " ledger: its buyer can read nothing");
            } else if (o.get().status() == OrderStatus.PENDING_PAYMENT) {
                violation("order " + e.getKey() + " of user " + e.getValue() + " is still pending payment after its"
                        + " timeout and the sweeps");
            } else if (admittedAnswers.containsKey(e.getKey())) {
                observe("admitted, ended " + o.get().status());
            }
        }
        Auditor auditor = Auditor.of(ledger, mem.admissionGate(), STRANDED_AFTER).withClock(clock);
        for (ActivityConfig a : activities) {
            AuditReport r = auditor.audit(a.activityId());
            trace("audit " + a.activityId() + ": " + (r.clean() ? "clean" : r.violations()) + ", undersold "
                    + r.undersold() + ", kept unsold " + r.keptUnsold() + ", remaining " + r.admissionRemaining()
                    + ", in flight " + r.admissionInFlight() + ", ledger " + r.stock());
            if (!r.clean()) {
                violation("audit of " + a.activityId() + " not clean once quiet:\n" + r.toTable());
            }
            // NONE keeps the units of released (and of turned-away) orders out of admission on purpose: they are
            // the only undersell left, and the ledger cannot hold more than those. The other policies repair all.
            StockSnapshot s = ledger.stock(a.activityId()).orElseThrow();
            long admissionSide = r.admissionRemaining() + r.admissionInFlight();
            boolean repaired = a.giveBack() == GiveBackPolicy.NONE
                    ? r.undersold() <= r.keptUnsold() && s.available() >= admissionSide
                            && s.available() <= admissionSide + r.keptUnsold()
                    : r.undersold() == 0 && r.keptUnsold() == 0 && s.available() == admissionSide;
            if (!repaired) {
                violation("undersell of " + a.activityId() + " not repaired once quiet (" + a.giveBack() + "): ledger"
                        + " available " + s.available() + ", admission remaining " + r.admissionRemaining()
                        + " + in flight " + r.admissionInFlight() + ", kept unsold " + r.keptUnsold() + "\n"
                        + r.toTable() + held(a.activityId()));
            }
            observe("units kept unsold by policy NONE", a.giveBack() == GiveBackPolicy.NONE ? r.keptUnsold() : 0);
            observe("units sold (paid)", r.paidUnits());
            observe("units pending payment", r.pendingUnits());
            observe("admitted, then sold out at the ledger", r.overAdmitted());
        }
        observe("messages delivered", queue.delivered);
        observe("dead letters", queue.deadLettered);
    }

    /** @return the orders admission holds units for, with their ledger status: for a violation's message */
    private String held(long activityId) {
        StringBuilder out = new StringBuilder("admission holds:");
        for (TakenUnits t : mem.stockStore().snapshot(activityId).held()) {
            out.append("\n  ").append(t).append(" ledger ").append(ledger.findOrder(t.orderId()).orElse(null));
        }
        return out.toString();
    }

    private void observe(String what, long n) {
        observations.merge(what, n, Long::sum);
    }
}
