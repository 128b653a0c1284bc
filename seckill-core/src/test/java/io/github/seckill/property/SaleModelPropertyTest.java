package io.github.seckill.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.GiveBackPolicy;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.settlement.OrderSettler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests of the SDK's public API against a simple model: random sequences of attempts, replays
 * (idempotent retries, also with another quantity), payments (also twice), failed payments, buyers' and operators'
 * cancels, timeout sweeps, waitlist joins and leaves, retires and relaunches, and give-backs of released orders given
 * again, on the in-memory backends. After every action the engine's answer must be the model's, and the invariants
 * hold: admission and the ledger agree on the units left, the ledger's row balances, no buyer holds two orders, a
 * replay names the order it was admitted with. A failing sequence is shrunk to a minimal one (actions taken away while
 * it still fails) and printed with its seed.
 */
class SaleModelPropertyTest {

    private static final int SEQUENCES = Integer.getInteger("seckill.property.sequences", 200);
    private static final int MAX_ACTIONS = 40;
    private static final long ACTIVITY = 7;
    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

    /** One step a caller can take; {@code a} and {@code b} pick a buyer, a request or an order, modulo what exists. */
    record Action(Kind kind, int a, int b) {
        @Override
        public String toString() {
            return kind + "(" + a + ", " + b + ")";
        }
    }

    enum Kind {
        ATTEMPT, REPLAY, REPLAY_OTHER_QUANTITY, PAY, PAY_TWICE, PAY_FAILED, CANCEL, OPERATOR_CANCEL, SWEEP, JOIN,
        LEAVE, RETIRE_AND_RELAUNCH, GIVE_BACK_AGAIN, BAD_USER
    }

    /** The sale a sequence runs on: its policy, stock and buyers. */
    record World(GiveBackPolicy policy, long stock, int maxQuantity, int buyers) {
    }

    static World world(Random r) {
        GiveBackPolicy policy = r.nextBoolean() ? GiveBackPolicy.OPEN_SALE : GiveBackPolicy.WAITLIST_FIRST;
        return new World(policy, 1 + r.nextInt(6), 1 + r.nextInt(3), 2 + r.nextInt(6));
    }

    static List<Action> actions(Random r) {
        int n = 1 + r.nextInt(MAX_ACTIONS);
        List<Action> out = new ArrayList<>(n);
        Kind[] kinds = Kind.values();
        for (int i = 0; i < n; i++) {
            // attempts and replays more often than the rest
            Kind k = r.nextInt(3) == 0 ? Kind.ATTEMPT : r.nextInt(4) == 0 ? Kind.REPLAY : kinds[r.nextInt(kinds.length)];
            out.add(new Action(k, r.nextInt(1_000), r.nextInt(1_000)));
        }
        return out;
    }

    /** What a caller should see, kept by hand. */
    static final class Model {
        final World world;
        long stock;
        boolean retired;
        /** Orders by id: buyer, units, status. */
        final Map<Long, long[]> orders = new LinkedHashMap<>();
        final Map<Long, OrderStatus> status = new HashMap<>();
        /** A buyer's slot: the order they hold and the request it was admitted with. */
        final Map<Long, Long> slotOrder = new HashMap<>();
        final Map<Long, String> slotRequest = new HashMap<>();
        /** Requests each buyer sent, with their quantity. */
        final Map<Long, List<String>> requests = new HashMap<>();
        final Map<String, Integer> quantities = new HashMap<>();
        final Deque<Long> waiting = new ArrayDeque<>();
        int nextRequest;

        Model(World world) {
            this.world = world;
            this.stock = world.stock();
        }
    }

    /** The real thing, on the in-memory backends and a hand-moved clock. */
    static final class Sale implements AutoCloseable {
        final AtomicLong now = new AtomicLong(START.plusSeconds(60).toEpochMilli());
        final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        final InMemorySeckill memory = InMemorySeckill.builder().clock(clock).build();
        final FlashSale sale;
        final OrderSettler settler;
        final OrderLifecycle lifecycle;
        final ActivityConfig config;

        Sale(World w) {
            sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).clock(clock)
                    .waitlist(memory.waitlist()).soldOutRecheck(Duration.ofMillis(1)).build();
            settler = OrderSettler.builder(memory.orderQueue(), memory.stockLedger()).givingBackTo(sale).start();
            lifecycle = OrderLifecycle.builder(sale, memory.stockLedger()).clock(clock)
                    .admission(memory.admissionGate()).build();
            ActivityConfig.Builder b = ActivityConfig.builder(ACTIVITY).stock(w.stock()).shards(1)
                    .maxQuantityPerOrder(w.maxQuantity()).window(START, START.plus(Duration.ofDays(30)))
                    .paymentTimeout(Duration.ofMinutes(5)).giveBack(w.policy());
            if (w.policy() == GiveBackPolicy.WAITLIST_FIRST) {
                b.waitlist(3);
            }
            config = b.build();
            memory.stockLedger().defineActivity(config.toLedgerActivity());
            sale.launch(config);
        }

        void settled() {
            try {
                assertThat(memory.orderQueue().awaitDrained(Duration.ofSeconds(10))).as("queue drained").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            settler.close();
            lifecycle.close();
            sale.close();
        }
    }

    /** Runs a sequence; an AssertionError says which action broke what. */
    static void run(World w, List<Action> actions) {
        Model m = new Model(w);
        try (Sale s = new Sale(w)) {
            for (int i = 0; i < actions.size(); i++) {
                Action act = actions.get(i);
                try {
                    step(m, s, act);
                    s.settled();
                    check(m, s);
                } catch (AssertionError e) {
                    throw new AssertionError("action " + i + " " + act + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static long buyer(Model m, int pick) {
        return 1 + pick % m.world.buyers();
    }

    private static Optional<Long> order(Model m, int pick) {
        List<Long> ids = new ArrayList<>(m.orders.keySet());
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(pick % ids.size()));
    }

    private static void step(Model m, Sale s, Action act) {
        switch (act.kind()) {
            case ATTEMPT -> {
                long user = buyer(m, act.a());
                int quantity = 1 + act.b() % m.world.maxQuantity();
                String request = "r" + (++m.nextRequest);
                m.requests.computeIfAbsent(user, u -> new ArrayList<>()).add(request);
                m.quantities.put(request, quantity);
                attempt(m, s, user, request, quantity);
            }
            case REPLAY -> {
                long user = buyer(m, act.a());
                List<String> sent = m.requests.getOrDefault(user, List.of());
                if (!sent.isEmpty()) {
                    String request = sent.get(act.b() % sent.size());
                    attempt(m, s, user, request, m.quantities.get(request));
                }
            }
            case REPLAY_OTHER_QUANTITY -> {
                long user = buyer(m, act.a());
                String request = m.slotRequest.get(user);
                if (request != null && m.world.maxQuantity() > 1 && !m.retired && m.stock > 0) {
                    int other = m.quantities.get(request) % m.world.maxQuantity() + 1;
                    Throwable t = catchOf(() -> s.sale.attempt(ACTIVITY, user, request, other));
                    assertThat(t).as("a replay with another quantity").isInstanceOf(InvalidRequestException.class);
                    assertThat(((InvalidRequestException) t).field()).isEqualTo("quantity");
                }
            }
            case PAY, PAY_TWICE -> order(m, act.a()).ifPresent(id -> {
                for (int i = 0; i < (act.kind() == Kind.PAY_TWICE ? 2 : 1); i++) {
                    pay(m, s, id);
                }
            });
            case PAY_FAILED -> order(m, act.a()).ifPresent(id -> release(m, s, id,
                    s.lifecycle.paymentFailed(id), OrderStatus.CLOSED, false));
            case CANCEL -> order(m, act.a()).ifPresent(id -> release(m, s, id,
                    s.lifecycle.cancel(id, m.orders.get(id)[0]), OrderStatus.CANCELLED, false));
            case OPERATOR_CANCEL -> order(m, act.a()).ifPresent(id -> release(m, s, id,
                    s.lifecycle.cancelByOperator(id, "risk rule"), OrderStatus.CANCELLED, true));
            case SWEEP -> {
                s.now.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toMillis());
                List<Long> expired = new ArrayList<>();
                m.status.forEach((id, st) -> {
                    if (st == OrderStatus.PENDING_PAYMENT) {
                        expired.add(id);
                    }
                });
                int released = s.lifecycle.releaseExpired();
                assertThat(released).as("orders the sweep closed").isEqualTo(expired.size());
                for (long id : expired) {
                    m.status.put(id, OrderStatus.CLOSED);
                    giveBack(m, m.orders.get(id)[1]);
                }
            }
            case JOIN -> {
                long user = buyer(m, act.a());
                if (m.retired) {
                    return;
                }
                JoinResult r = s.sale.joinWaitlist(ACTIVITY, user);
                JoinResult.Outcome expected;
                if (m.world.policy() != GiveBackPolicy.WAITLIST_FIRST) {
                    expected = JoinResult.Outcome.NO_WAITLIST;
                } else if (m.slotOrder.containsKey(user)) {
                    expected = JoinResult.Outcome.HAS_ORDER;
                } else if (m.stock > 0) {
                    expected = JoinResult.Outcome.NOT_SOLD_OUT;
                } else if (m.waiting.contains(user)) {
                    expected = JoinResult.Outcome.ALREADY_WAITING;
                } else if (m.waiting.size() >= 3) {
                    expected = JoinResult.Outcome.FULL;
                } else {
                    expected = JoinResult.Outcome.JOINED;
                    m.waiting.add(user);
                }
                assertThat(r.outcome()).as("join of user %d", user).isEqualTo(expected);
            }
            case LEAVE -> {
                long user = buyer(m, act.a());
                if (!m.retired) {
                    assertThat(s.sale.leaveWaitlist(ACTIVITY, user)).as("leave of user %d", user)
                            .isEqualTo(m.waiting.remove(user));
                }
            }
            case RETIRE_AND_RELAUNCH -> {
                if (m.retired) {
                    s.sale.launch(s.config);
                    m.retired = false;
                } else {
                    assertThat(s.sale.retire(ACTIVITY)).isTrue();
                    m.retired = true;
                }
            }
            case GIVE_BACK_AGAIN -> order(m, act.a()).filter(id -> !m.status.get(id).holdsStock()).ifPresent(id -> {
                // A give-back repeated (a retried call): admission gives each order's units back once.
                OrderRecord o = s.memory.stockLedger().findOrder(id).orElseThrow();
                assertThat(s.sale.giveBack(HeldUnits.of(o))).as("order %d given back again", id).isFalse();
            });
            case BAD_USER -> {
                Throwable t = catchOf(() -> s.sale.attempt(ACTIVITY, -buyer(m, act.a()), "r0", 1));
                assertThat(t).isInstanceOf(InvalidRequestException.class);
                assertThat(((InvalidRequestException) t).field()).isEqualTo(m.retired ? "activityId" : "userId");
            }
            default -> throw new AssertionError(act);
        }
    }

    private static Throwable catchOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void attempt(Model m, Sale s, long user, String request, int quantity) {
        if (m.retired) {
            Throwable t = catchOf(() -> s.sale.attempt(ACTIVITY, user, request, quantity));
            assertThat(t).as("an attempt on a retired activity").isInstanceOf(InvalidRequestException.class);
            assertThat(((InvalidRequestException) t).field()).isEqualTo("activityId");
            return;
        }
        AttemptResult r = s.sale.attempt(ACTIVITY, user, request, quantity);
        Long held = m.slotOrder.get(user);
        if (m.stock == 0 && r.outcome() == AttemptResult.Outcome.SOLD_OUT) {
            // The local sold-out flag answers without a round trip, before the buyer's slot is read, a replay too.
            return;
        }
        if (held != null) {
            AttemptResult expected = request.equals(m.slotRequest.get(user))
                    ? new AttemptResult.Admitted(held, r instanceof AttemptResult.Admitted a ? a.shard() : 0, true,
                            false)
                    : new AttemptResult.Duplicate(held);
            assertThat(r).as("user %d's %s holding order %d", user, request, held).isEqualTo(expected);
            return;
        }
        if (quantity > m.stock) {
            assertThat(r.outcome()).as("user %d's %s x%d with %d left", user, request, quantity, m.stock)
                    .isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            return;
        }
        assertThat(r).as("user %d's %s x%d with %d left", user, request, quantity, m.stock)
                .isInstanceOf(AttemptResult.Admitted.class);
        AttemptResult.Admitted a = (AttemptResult.Admitted) r;
        assertThat(a.replayed()).isFalse();
        m.stock -= quantity;
        m.orders.put(a.orderId(), new long[] {user, quantity});
        m.status.put(a.orderId(), OrderStatus.PENDING_PAYMENT);
        m.slotOrder.put(user, a.orderId());
        m.slotRequest.put(user, request);
    }

    private static void pay(Model m, Sale s, long id) {
        OrderStatus before = m.status.get(id);
        PaymentResult r = s.lifecycle.paymentSucceeded(id);
        PaymentResult.Outcome expected = switch (before) {
            case PENDING_PAYMENT -> PaymentResult.Outcome.PAID;
            case PAID -> PaymentResult.Outcome.ALREADY_PAID;
            default -> PaymentResult.Outcome.REFUND_REQUIRED;
        };
        assertThat(r.outcome()).as("payment of %s order %d", before, id).isEqualTo(expected);
        m.status.put(id, before == OrderStatus.PENDING_PAYMENT || before == OrderStatus.PAID ? OrderStatus.PAID
                : OrderStatus.REFUND_REQUIRED);
    }

    private static void release(Model m, Sale s, long id, ReleaseResult r, OrderStatus closedAs, boolean operator) {
        OrderStatus before = m.status.get(id);
        ReleaseResult.Outcome expected;
        if (before == OrderStatus.PENDING_PAYMENT) {
            expected = ReleaseResult.Outcome.RELEASED;
            m.status.put(id, closedAs);
            giveBack(m, m.orders.get(id)[1]);
        } else if (before == OrderStatus.PAID) {
            expected = operator ? ReleaseResult.Outcome.REFUNDED : ReleaseResult.Outcome.ALREADY_PAID;
            if (operator) {
                m.status.put(id, OrderStatus.REFUND_REQUIRED);
                giveBack(m, m.orders.get(id)[1]);
            }
        } else if (before == OrderStatus.CLOSED || before == OrderStatus.CANCELLED) {
            expected = ReleaseResult.Outcome.ALREADY_CLOSED;
        } else {
            expected = ReleaseResult.Outcome.NOT_HELD;
        }
        assertThat(r.outcome()).as("release of %s order %d", before, id).isEqualTo(expected);
    }

    /** Released units go back: to the buyers waiting first (one unit each, a buyer with an order passes), or to sale. */
    private static void giveBack(Model m, long units) {
        for (long i = 0; i < units; i++) {
            Long next = null;
            // A retired activity is not launched on the engine: its units go back to open sale.
            if (m.world.policy() == GiveBackPolicy.WAITLIST_FIRST && !m.retired) {
                while (!m.waiting.isEmpty()) {
                    long user = m.waiting.poll();
                    if (!m.slotOrder.containsKey(user)) {
                        next = user;
                        break;
                    }
                }
            }
            if (next == null) {
                m.stock++;
            } else {
                m.slotOrder.put(next, -1L); // the offer's id is learnt from the ledger in check()
            }
        }
    }

    private static void check(Model m, Sale s) {
        // Offers made to waiting buyers: their ids come from the ledger.
        for (Map.Entry<Long, Long> e : m.slotOrder.entrySet()) {
            if (e.getValue() == -1L) {
                long user = e.getKey();
                OrderRecord offer = s.memory.stockLedger().orders(ACTIVITY, 0, 10_000).stream()
                        .filter(o -> o.userId() == user && !m.orders.containsKey(o.orderId())).findFirst()
                        .orElseThrow(() -> new AssertionError("no offer for waiting user " + user + " in the ledger"));
                assertThat(offer.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
                assertThat(offer.quantity()).isEqualTo(1);
                e.setValue(offer.orderId());
                m.orders.put(offer.orderId(), new long[] {user, 1});
                m.status.put(offer.orderId(), OrderStatus.PENDING_PAYMENT);
                m.slotRequest.put(user, "waitlist-" + offer.orderId());
            }
        }
        StockSnapshot row = s.memory.stockLedger().stock(ACTIVITY).orElseThrow();
        assertThat(row.balanced()).as("ledger row %s", row).isTrue();
        assertThat(row.available()).as("ledger's units left").isEqualTo(m.stock);
        assertThat(Arrays.stream(s.memory.stockStore().remaining(ACTIVITY)).sum()).as("admission's units left")
                .isEqualTo(m.stock);
        Map<Long, Integer> holding = new HashMap<>();
        long pending = 0;
        long paid = 0;
        for (OrderRecord o : s.memory.stockLedger().orders(ACTIVITY, 0, 10_000)) {
            assertThat(o.status()).as("order %d", o.orderId()).isEqualTo(m.status.get(o.orderId()));
            if (o.status().holdsStock()) {
                assertThat(holding.merge(o.userId(), 1, Integer::sum)).as("orders user %d holds", o.userId())
                        .isEqualTo(1);
            }
            pending += o.status() == OrderStatus.PENDING_PAYMENT ? o.quantity() : 0;
            paid += o.status() == OrderStatus.PAID ? o.quantity() : 0;
        }
        assertThat(pending + paid + m.stock).as("no oversell, nothing lost").isLessThanOrEqualTo(m.world.stock());
        assertThat(s.memory.stockLedger().orders(ACTIVITY, 0, 10_000)).as("every order the model knows")
                .hasSize(m.orders.size());
    }

    /**
     * @return a shorter sequence that still fails the property: chunks, then single actions taken away while it fails
     */
    static List<Action> shrink(List<Action> failing, Predicate<List<Action>> fails) {
        List<Action> current = new ArrayList<>(failing);
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk /= 2) {
            boolean shrunk = true;
            while (shrunk) {
                shrunk = false;
                for (int from = 0; from + chunk <= current.size(); from++) {
                    List<Action> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(from + chunk, current.size()));
                    if (!candidate.isEmpty() && fails.test(candidate)) {
                        current = candidate;
                        shrunk = true;
                        break;
                    }
                }
            }
        }
        return current;
    }

    private static boolean fails(World w, List<Action> actions) {
        try {
            run(w, actions);
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }

    @Test
    void randomSequencesBehaveAsTheModelSays() {
        long seed = Long.getLong("seckill.property.seed", 20_301);
        Random random = new Random(seed);
        for (int i = 0; i < SEQUENCES; i++) {
            long sequenceSeed = random.nextLong();
            Random r = new Random(sequenceSeed);
            World w = world(r);
            List<Action> actions = actions(r);
            try {
                run(w, actions);
            } catch (AssertionError e) {
                List<Action> minimal = shrink(actions, a -> fails(w, a));
                String why;
                try {
                    run(w, minimal);
                    why = "(the shrunk sequence passes?)";
                } catch (AssertionError shrunkFailure) {
                    why = shrunkFailure.getMessage();
                }
                throw new AssertionError("sequence " + i + " (seed " + sequenceSeed + ") in " + w + " failed;"
                        + " shrunk from " + actions.size() + " to " + minimal.size() + " actions: " + minimal
                        + "\n" + why, e);
            }
        }
    }

    /** Shrinking finds the shortest way to break a property: here "never sold out", broken by enough attempts. */
    @Test
    void shrinkingFindsAMinimalFailingSequence() {
        World w = new World(GiveBackPolicy.OPEN_SALE, 2, 1, 5);
        List<Action> noisy = new ArrayList<>();
        Random r = new Random(5);
        Kind[] noise = {Kind.REPLAY, Kind.JOIN, Kind.LEAVE, Kind.BAD_USER, Kind.PAY, Kind.GIVE_BACK_AGAIN};
        for (int i = 0; i < 30; i++) {
            noisy.add(i % 5 == 4 ? new Action(Kind.ATTEMPT, i / 5, 0) : new Action(noise[r.nextInt(noise.length)],
                    r.nextInt(100), r.nextInt(100)));
        }
        Predicate<List<Action>> soldOut = actions -> {
            Model m = new Model(w);
            try (Sale s = new Sale(w)) {
                for (Action a : actions) {
                    step(m, s, a);
                    s.settled();
                    check(m, s);
                }
                return m.stock == 0;
            } catch (AssertionError e) {
                return false;
            }
        };
        assertThat(soldOut.test(noisy)).as("the noisy sequence sells out").isTrue();
        List<Action> minimal = shrink(noisy, soldOut);
        assertThat(minimal).as("two attempts of two buyers, nothing else").hasSize(2)
                .allSatisfy(a -> assertThat(a.kind()).isEqualTo(Kind.ATTEMPT));
    }
}
