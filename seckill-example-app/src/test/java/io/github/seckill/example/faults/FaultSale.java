package io.github.seckill.example.faults;

import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueMark;
import io.github.seckill.reconcile.AuditReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One sale on real servers with one fault injected while it runs, measured by counting: thousands of buyers (some
 * click twice, all retry an unknown outcome with the same request id and a refused click with a new one), payments
 * mixed (paid, failed, left to time out), the fault injected once half the stock is taken, held, and lifted; then
 * probes until the sale answers normally again and the queue settled what was admitted before the lift (the time to
 * recover); then a quiet phase until every order is settled and no payment is pending (the undersell before repair),
 * and a last wave of buyers who all pay until the ledger has nothing left to sell (the undersell after repair).
 * The ledger's rows are read with SQL; the audit is the SDK's {@link io.github.seckill.reconcile.Auditor}.
 */
final class FaultSale {

    /** How big each sale is: {@code -Dseckill.faults.stock}, {@code .buyers}, {@code .threads}, {@code .stormSeconds}. */
    record Size(int stock, int buyers, int threads, Duration storm, int repeatClickPercent, Duration paymentTimeout) {

        static Size fromSystemProperties() {
            return new Size(Integer.getInteger("seckill.faults.stock", 300),
                    Integer.getInteger("seckill.faults.buyers", 3_000),
                    Integer.getInteger("seckill.faults.threads", 8),
                    Duration.ofSeconds(Integer.getInteger("seckill.faults.stormSeconds", 10)),
                    25, Duration.ofSeconds(3));
        }
    }

    /** What an attempt was answered. */
    enum Kind {
        QUEUED, QUEUED_DEGRADED, SOLD_OUT, DUPLICATE, THROTTLED, OUTCOME_UNKNOWN, UNAVAILABLE, NOT_QUEUED, UNREACHABLE,
        OTHER;

        /** An answer of the healthy path: admission answered it and, if queued, not in degraded mode. */
        boolean normal() {
            return this == QUEUED || this == SOLD_OUT || this == DUPLICATE;
        }

        boolean queued() {
            return this == QUEUED || this == QUEUED_DEGRADED;
        }

        /** The request may have been carried out: the buyer asks again with the same request id. */
        boolean unknown() {
            return this == OUTCOME_UNKNOWN || this == UNREACHABLE;
        }
    }

    /** An answer, with the order id when queued (or the existing order's id for a duplicate, else 0). */
    record Answer(Kind kind, long orderId) {}

    /** Where buyers buy and pay: the SDK in this JVM, or the app over HTTP. */
    interface Storefront {
        Answer attempt(long userId, String requestId);

        /** @return whether the payment was taken (paid or failed); false when it should be tried again later */
        boolean pay(long orderId, long userId, boolean success);
    }

    /** The fault: injected, held, lifted. */
    interface Fault {
        /** Breaks something. */
        void inject() throws Exception;

        /** How long the fault lasts before {@link #lift()}. */
        Duration hold();

        /** Repairs it (restarts, resumes, heals); returns once the repair is done. */
        void lift() throws Exception;
    }

    /**
     * The sale under test.
     *
     * @param activityId the activity, launched with {@link Size#stock()} units and {@link Size#paymentTimeout()}
     * @param ledgerDatabase the ledger's database, read with SQL
     * @param audit the SDK's audit of the activity (ledger and admission)
     * @param queue the order queue, for marks and whether it settled through one
     */
    record Target(long activityId, DataSource ledgerDatabase, Supplier<AuditReport> audit, OrderQueue queue) {}

    private static final long PROBE_USERS = 5_000_000;
    private static final long LAST_WAVE_USERS = 6_000_000;
    private static final int MAX_CLICKS = 5;
    private static final int SAME_ID_RETRIES = 3;

    private final Size size;
    private final Storefront shop;
    private final Target target;
    private final Map<Kind, LongAdder> answers = new EnumMap<>(Kind.class);
    private final LongAdder attempts = new LongAdder();
    /** Every queued answer: (order id, user). */
    private final Queue<long[]> queued = new ConcurrentLinkedQueue<>();
    /** Every duplicate answer that named the buyer's existing order: (order id, user). */
    private final Queue<long[]> namedByDuplicates = new ConcurrentLinkedQueue<>();
    private final Set<Long> acted = ConcurrentHashMap.newKeySet();
    /** Each buyer's answers in order, to tell what a buyer of a lost order heard. */
    private final Map<Long, Queue<String>> heard = new ConcurrentHashMap<>();
    private final long startedNanos = System.nanoTime();
    private final LongAdder paid = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder leftToTimeOut = new LongAdder();
    private final AtomicLong lastNormalAnswerNanos = new AtomicLong();
    private final AtomicLong highestHeld = new AtomicLong();
    private final AtomicLong nextProbeUser = new AtomicLong(PROBE_USERS);
    private volatile boolean everyonePays;

    FaultSale(Size size, Storefront shop, Target target) {
        this.size = size;
        this.shop = shop;
        this.target = target;
        for (Kind k : Kind.values()) {
            answers.put(k, new LongAdder());
        }
    }

    /** What a run measured, before the test judges it. */
    record Outcome(long attempts, Map<String, Long> answers, long admitted, long admittedDegraded, long paid,
            long failedPayments, long timedOut, long sold, long available, long oversold, long duplicates,
            long queuedButLost, String lost, long undersoldBefore, long undersoldAfter, double recoverySeconds,
            AuditReport audit, double seconds, String phases) {}

    Outcome run(Fault fault) throws Exception {
        long started = System.nanoTime();
        AtomicBoolean background = new AtomicBoolean(true);
        Thread payer = daemon("fault-sale-payer", () -> {
            while (background.get()) {
                payRound();
                sleep(100);
            }
        });
        Thread sampler = daemon("fault-sale-sampler", () -> {
            while (background.get()) {
                try {
                    highestHeld.accumulateAndGet(heldUnits(), Math::max);
                } catch (IllegalStateException e) {
                    // the database may be down: the next sample counts
                }
                sleep(100);
            }
        });
        ExecutorService buyers = Executors.newFixedThreadPool(size.threads(), r -> new Thread(r, "fault-sale-buyer"));
        double recovery;
        try {
            long pauseMillis = size.storm().toMillis() * size.threads() / size.buyers();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < size.threads(); t++) {
                int thread = t;
                running.add(buyers.submit(() -> {
                    for (long user = 1 + thread; user <= size.buyers(); user += size.threads()) {
                        buyer(user);
                        sleep(pauseMillis);
                    }
                    return null;
                }));
            }
            await(() -> queued.size() >= size.stock() / 2, Duration.ofSeconds(60), "half the stock to be taken");
            fault.inject();
            sleep(fault.hold().toMillis());
            fault.lift();
            recovery = recover();
            for (Future<?> f : running) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            buyers.shutdownNow();
        }
        long stormEnded = System.nanoTime();
        // Quiet: everything queued settles, every payment is taken, failed or timed out.
        awaitQuiet(Duration.ofSeconds(90));
        long quiet = System.nanoTime();
        long undersoldBefore = available();
        // The last wave: new buyers who all pay, until nothing is left to sell.
        everyonePays = true;
        long lastWaveUser = LAST_WAVE_USERS;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((available() > 0 || pending() > 0) && System.nanoTime() < deadline) {
            if (available() > 0) {
                for (int i = 0; i < 20; i++) {
                    click(lastWaveUser++);
                }
            }
            sleep(200);
        }
        awaitQuiet(Duration.ofSeconds(60));
        long lastWave = System.nanoTime();
        background.set(false);
        payer.join();
        sampler.join();
        long undersoldAfter = available();
        highestHeld.accumulateAndGet(heldUnits(), Math::max);

        List<String> lost = lostOrders();
        Map<String, Long> byKind = new LinkedHashMap<>();
        answers.forEach((k, n) -> {
            if (n.sum() > 0) {
                byKind.put(k.name(), n.sum());
            }
        });
        long degraded = answers.get(Kind.QUEUED_DEGRADED).sum();
        return new Outcome(attempts.sum(), byKind, distinctQueued(), degraded, paid.sum(), failed.sum(),
                leftToTimeOut.sum(), number("SELECT sold FROM seckill_activity WHERE activity_id = ?"), available(),
                oversold(), duplicates(), lost.size(), String.join("; ", lost), undersoldBefore, undersoldAfter, recovery,
                target.audit().get(), (System.nanoTime() - started) / 1e9, String.format(java.util.Locale.ROOT,
                        "storm and fault %.1f s, quiet %.1f s, last wave %.1f s (%d buyers)", (stormEnded - started)
                        / 1e9, (quiet - stormEnded) / 1e9, (lastWave - quiet) / 1e9, lastWaveUser - LAST_WAVE_USERS));
    }

    /** One buyer of the storm: clicks until queued, sold out or a duplicate; some click once more after. */
    private void buyer(long user) {
        Answer a = click(user);
        if (a.kind().queued() && Math.floorMod(user * 31, 100) < size.repeatClickPercent()) {
            answer(user, "u" + user + "-again"); // a repeat click: a duplicate, never a second order
        }
    }

    private Answer click(long user) {
        Answer a = new Answer(Kind.OTHER, 0);
        for (int click = 0; click < MAX_CLICKS; click++) {
            String requestId = "u" + user + "-c" + click;
            a = answer(user, requestId);
            for (int retry = 0; a.kind().unknown() && retry < SAME_ID_RETRIES; retry++) {
                sleep(150);
                a = answer(user, requestId); // the same request id: the first answer, or its first outcome
            }
            if (a.kind().queued() || a.kind() == Kind.SOLD_OUT || a.kind() == Kind.DUPLICATE) {
                return a;
            }
            sleep(150);
        }
        return a;
    }

    private Answer answer(long user, String requestId) {
        Answer a = shop.attempt(user, requestId);
        heard.computeIfAbsent(user, u -> new ConcurrentLinkedQueue<>()).add(String.format(java.util.Locale.ROOT,
                "%.2fs %s %s%s", (System.nanoTime() - startedNanos) / 1e9, requestId, a.kind(),
                a.orderId() != 0 ? " " + a.orderId() : ""));
        attempts.increment();
        answers.get(a.kind()).increment();
        if (a.kind().queued()) {
            queued.add(new long[] {a.orderId(), user});
        } else if (a.kind() == Kind.DUPLICATE && a.orderId() != 0) {
            namedByDuplicates.add(new long[] {a.orderId(), user});
        }
        if (a.kind().normal()) {
            lastNormalAnswerNanos.accumulateAndGet(System.nanoTime(), Math::max);
        }
        return a;
    }

    /**
     * From the lift until a buyer is answered on the healthy path and the queue settled everything published before
     * the lift. Probe buyers click every 100 ms meanwhile, so that recovery shows even after the storm.
     *
     * @return seconds, or NaN if it did not recover within two minutes
     */
    private double recover() {
        long lifted = System.nanoTime();
        long deadline = lifted + Duration.ofMinutes(2).toNanos();
        long answeredAt = 0;
        long settledAt = 0;
        QueueMark mark = null;
        while (System.nanoTime() < deadline) {
            if (answeredAt == 0) {
                Answer probe = click(nextProbeUser.getAndIncrement());
                if (probe.kind().normal() || lastNormalAnswerNanos.get() > lifted) {
                    answeredAt = System.nanoTime();
                }
            }
            if (settledAt == 0) {
                try {
                    if (mark == null) {
                        mark = target.queue().mark().orElseThrow();
                    }
                    if (target.queue().settledThrough(mark)) {
                        settledAt = System.nanoTime();
                    }
                } catch (RuntimeException e) {
                    // the queue may still be coming back
                }
            }
            if (answeredAt != 0 && settledAt != 0) {
                return (Math.max(answeredAt, settledAt) - lifted) / 1e9;
            }
            sleep(100);
        }
        return Double.NaN;
    }

    /** Pays or fails each pending order once, by a fixed share of its id: 60% pay, 25% fail, 15% let it time out. */
    private void payRound() {
        List<long[]> pending;
        try {
            pending = pendingOrders();
        } catch (IllegalStateException e) {
            return; // the database may be down
        }
        for (long[] order : pending) {
            long orderId = order[0];
            if (acted.contains(orderId)) {
                continue;
            }
            int share = (int) Math.floorMod(orderId * 0x9E3779B97F4A7C15L >>> 17, 100L);
            if (!everyonePays && share >= 85) {
                acted.add(orderId);
                leftToTimeOut.increment();
                continue;
            }
            boolean success = everyonePays || share < 60;
            if (shop.pay(orderId, order[1], success)) {
                acted.add(orderId);
                (success ? paid : failed).increment();
            }
        }
    }

    private void awaitQuiet(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        QueueMark mark = null;
        while (System.nanoTime() < deadline) {
            try {
                if (mark == null) {
                    mark = target.queue().mark().orElseThrow();
                }
                if (target.queue().settledThrough(mark) && target.audit().get().admissionInFlight() == 0
                        && pending() == 0) {
                    return;
                }
            } catch (RuntimeException e) {
                // a server still coming back; the audit's own failures show at the end
            }
            Thread.sleep(200);
        }
    }

    private long distinctQueued() {
        Set<Long> ids = new HashSet<>();
        queued.forEach(q -> ids.add(q[0]));
        return ids.size();
    }

    /**
     * Orders buyers were told of (answered queued, or a duplicate naming the order they hold) whose (order, buyer) has
     * no row: no order, no turned-away order, no conflict the buyer reads as failed.
     */
    private List<String> lostOrders() {
        Set<String> recorded = new HashSet<>();
        String sql = "SELECT order_id, user_id FROM seckill_order WHERE activity_id = ?"
                + " UNION ALL SELECT order_id, user_id FROM seckill_order_rejection WHERE activity_id = ?"
                + " UNION ALL SELECT order_id, user_id FROM seckill_order_conflict WHERE activity_id = ?";
        try (Connection c = target.ledgerDatabase().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 1; i <= 3; i++) {
                s.setLong(i, target.activityId());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    recorded.add(r.getLong(1) + "/" + r.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        // a duplicate names the order the buyer holds: it is polled like a queued one, so it must end the same way
        return java.util.stream.Stream.concat(queued.stream(), namedByDuplicates.stream()).map(q -> q[0] + "/" + q[1])
                .distinct().filter(k -> !recorded.contains(k))
                .map(k -> "order " + k.replace("/", " of user ") + ", who heard "
                        + heard.get(Long.parseLong(k.substring(k.indexOf('/') + 1))))
                .toList();
    }

    /** Users holding more than one pending or paid order, over both order tables. */
    private long duplicates() {
        return number("SELECT COUNT(*) FROM (SELECT user_id FROM (SELECT user_id, status FROM seckill_order"
                + " WHERE activity_id = ? UNION ALL SELECT user_id, status FROM seckill_order_rejection"
                + " WHERE activity_id = ?) o WHERE status IN ('PENDING_PAYMENT', 'PAID') GROUP BY user_id"
                + " HAVING COUNT(*) > 1) twice", 2);
    }

    /** Units held or sold beyond the stock: by the stock row, and by the orders at every sample. */
    private long oversold() {
        long byRow = number("SELECT GREATEST(0, locked + sold - total_stock) FROM seckill_activity"
                + " WHERE activity_id = ?");
        return Math.max(byRow, Math.max(0, highestHeld.get() - size.stock()));
    }

    private long heldUnits() {
        return number("SELECT COALESCE(SUM(quantity), 0) FROM seckill_order WHERE activity_id = ?"
                + " AND status IN ('PENDING_PAYMENT', 'PAID')");
    }

    private long available() {
        return number("SELECT available FROM seckill_activity WHERE activity_id = ?");
    }

    private long pending() {
        return number("SELECT COUNT(*) FROM seckill_order WHERE activity_id = ? AND status = 'PENDING_PAYMENT'");
    }

    private List<long[]> pendingOrders() {
        String sql = "SELECT order_id, user_id FROM seckill_order WHERE activity_id = ? AND status = 'PENDING_PAYMENT'";
        List<long[]> out = new ArrayList<>();
        try (Connection c = target.ledgerDatabase().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, target.activityId());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new long[] {r.getLong(1), r.getLong(2)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return out;
    }

    private long number(String sql) {
        return number(sql, 1);
    }

    /** A number from SQL whose {@code parameters} placeholders all take the activity id. */
    private long number(String sql, int parameters) {
        try (Connection c = target.ledgerDatabase().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 1; i <= parameters; i++) {
                s.setLong(i, target.activityId());
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            sleep(50);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
