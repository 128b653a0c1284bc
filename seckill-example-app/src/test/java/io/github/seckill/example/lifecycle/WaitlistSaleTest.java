package io.github.seckill.example.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The design note's sale with a waitlist, on real Redis, Kafka (or the direct queue) and MariaDB: 500 units, 20,000
 * buyers clicking (some twice), payments 80% paid, 10% failed, 10% never paid (2-second timeout), 2,000 sold-out
 * buyers on the waitlist. Released units keep finding waiting buyers until every unit is sold.
 */
@WithRedis
@WithKafka
@WithMariaDb
class WaitlistSaleTest {

    private static final int STOCK = 500;
    private static final int BUYERS = 20_000;
    private static final int WAITING = 2_000;

    /** 80% pay, 10% fail, 10% never pay: decided by the order id, so a retried order gets the same fate. */
    enum Fate { PAY, FAIL, NEVER }

    static Fate fate(long orderId) {
        int bucket = (int) Math.floorMod(orderId * 0x9E3779B97F4A7C15L >>> 7, 10L);
        return bucket < 8 ? Fate.PAY : bucket == 8 ? Fate.FAIL : Fate.NEVER;
    }

    @ParameterizedTest
    @EnumSource(SaleRig.QueueKind.class)
    void releasedUnitsFindWaitingBuyersUntilEveryUnitIsSold(SaleRig.QueueKind kind, RedisEndpoint redis,
            KafkaEndpoint kafka, MariaDbEndpoint db) throws Exception {
        Set<Long> offeredUsers = ConcurrentHashMap.newKeySet();
        Set<Long> offeredOrders = ConcurrentHashMap.newKeySet();
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        SeckillListener offers = new SeckillListener() {
            @Override
            public void waitlistOffered(OrderMessage order) {
                offeredUsers.add(order.userId());
                offeredOrders.add(order.orderId());
            }

            @Override
            public void compensated(OrderMessage order, Throwable cause, boolean compensated) {
                notes.add("compensated " + order.orderId() + ": " + cause);
            }

            @Override
            public void reconciled(io.github.seckill.ReconciliationReport report) {
                if (report.unitsAdded() > 0 || report.unitsRemoved() > 0 || report.givenBack() > 0) {
                    notes.add(report.toString());
                }
            }

            @Override
            public void consumeRetry(int batchSize, int attempt, Throwable cause) {
                notes.add("retry " + attempt + " of " + batchSize + ": " + cause);
            }

            @Override
            public void deadLettered(List<io.github.seckill.queue.DeadLetter> letters) {
                notes.add("dead letters " + letters);
            }

            @Override
            public void admissionFailed(long activityId, Throwable cause, boolean degraded) {
                notes.add("admission failed: " + cause);
            }
        };
        try (SaleRig rig = new SaleRig(redis.uri(), kafka.bootstrapServers(), db,
                SaleRig.Tuning.defaults().on(kind).listening(offers).every(Duration.ofSeconds(1)))) {
            ActivityConfig activity = rig.launch(OpenWindow.now().activity(Tck.uniqueId()).stock(STOCK).shards(4)
                    .paymentTimeout(Duration.ofSeconds(2)).waitlist(WAITING).build());
            long id = activity.activityId();
            AutoCloseable sweeps = rig.lifecycle.scheduleSweeps(rig.scheduler, Duration.ofMillis(200));
            // Buyers pay (or fail to, or never do) as soon as their order is pending, from the first admission on.
            Set<Long> handled = ConcurrentHashMap.newKeySet();
            AtomicBoolean paying = new AtomicBoolean(true);
            ExecutorService payer = Executors.newSingleThreadExecutor();
            Future<?> payments = payer.submit(() -> {
                        while (paying.get()) {
                            for (long[] order : pending(rig, id)) {
                                if (handled.add(order[0])) {
                                    switch (fate(order[0])) {
                                        case PAY -> rig.lifecycle.paymentSucceeded(order[0], order[1]);
                                        case FAIL -> rig.lifecycle.paymentFailed(order[0], order[1]);
                                        case NEVER -> { }
                                    }
                                }
                            }
                            Thread.sleep(50);
                        }
                        return null;
                    });

            // Released units go back to open sale while nobody waits yet: more than 500 buyers may be admitted.
            Map<Long, Long> admitted = new ConcurrentHashMap<>();
            Set<Long> soldOut = ConcurrentHashMap.newKeySet();
            Tck.runConcurrently(16, BUYERS, i -> {
                long user = i + 1;
                AttemptResult r = rig.sale.attempt(id, user, "click-" + user);
                if (user % 5 == 0) {
                    AttemptResult again = rig.sale.attempt(id, user, "again-" + user);
                    if (r.isAdmitted()) {
                        assertThat(again.isAdmitted()).as("a second click of user %d", user).isFalse();
                    } else if (again instanceof AttemptResult.Admitted a) {
                        // Turned away first, then admitted on a unit released back to open sale in between.
                        admitted.put(a.orderId(), user);
                    }
                }
                if (r instanceof AttemptResult.Admitted a) {
                    admitted.put(a.orderId(), user);
                } else if (r.outcome() == AttemptResult.Outcome.SOLD_OUT) {
                    soldOut.add(user);
                }
            });
            assertThat(admitted.size()).as("admitted; %s", notes).isGreaterThanOrEqualTo(STOCK);

            // Sold-out buyers join until 2,000 wait (each shard's waitlist holds a quarter: some are told FULL); one
            // told the sale is not sold out buys instead, as the answer says.
            List<Long> candidates = soldOut.stream().sorted().toList();
            List<Long> waiting = new ArrayList<>();
            for (long user : candidates) {
                if (waiting.size() == WAITING) {
                    break;
                }
                JoinResult r = rig.sale.joinWaitlist(id, user);
                switch (r.outcome()) {
                    case JOINED -> waiting.add(user);
                    case NOT_SOLD_OUT -> {
                        if (rig.sale.attempt(id, user, "buy-" + user) instanceof AttemptResult.Admitted a) {
                            admitted.put(a.orderId(), user);
                        }
                    }
                    default -> assertThat(r.outcome()).as("join of %d; %s", user, notes)
                            .isIn(JoinResult.Outcome.FULL, JoinResult.Outcome.HAS_ORDER);
                }
            }
            assertThat(waiting).hasSize(WAITING);

            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (rig.number("SELECT sold FROM seckill_activity WHERE activity_id = " + id) < STOCK) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not every unit sold in time: " + rig.audit(id).toTable()
                            + "\nwaiting " + rig.redis.waitlist().size(id) + ", offers " + offeredOrders.size()
                            + ", remaining " + java.util.Arrays.toString(rig.sale.remaining(id)) + "; " + notes);
                }
                Thread.sleep(50);
            }
            paying.set(false);
            payments.get();
            payer.shutdown();
            sweeps.close();

            assertThat(rig.number("SELECT available + locked FROM seckill_activity WHERE activity_id = " + id))
                    .as("undersell").isZero();
            assertThat(rig.usersHoldingTwo(id)).isZero();
            assertThat(offeredUsers).as("released stock went to waiting buyers").isNotEmpty();
            assertThat(waiting).containsAll(offeredUsers);
            for (long user : offeredUsers) {
                assertThat(rig.number("SELECT COUNT(*) FROM seckill_order WHERE activity_id = " + id
                        + " AND user_id = " + user) + rig.number("SELECT COUNT(*) FROM seckill_order_rejection"
                        + " WHERE activity_id = " + id + " AND user_id = " + user))
                        .as("orders of waiting buyer %d", user).isEqualTo(1);
            }
            List<Long> every = new ArrayList<>(admitted.keySet());
            every.addAll(offeredOrders);
            for (long orderId : every) {
                OrderRecord o = rig.ledger.findOrder(orderId).orElseThrow(
                        () -> new AssertionError("order " + orderId + " never reached the ledger"));
                assertThat(o.status().isFinal()).as("order %d is %s", orderId, o.status()).isTrue();
            }
            assertThat(orderIds(rig, id)).as("one row per admitted or offered order; %s", failures(rig, id))
                    .containsExactlyInAnyOrderElementsOf(every);
            AuditReport audit = rig.audit(id);
            assertThat(audit.clean()).as(audit.toTable()).isTrue();
            assertThat(audit.undersold()).isZero();
        }
    }

    private static String failures(SaleRig rig, long activity) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = rig.pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT status, failure_reason, COUNT(*) FROM seckill_order WHERE activity_id = ? AND status <>"
                        + " 'PENDING_PAYMENT' GROUP BY status, failure_reason")) {
            s.setLong(1, activity);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.append(r.getString(1)).append(' ').append(r.getString(2)).append(" x").append(r.getLong(3))
                            .append("; ");
                }
            }
        }
        out.append("rejections ").append(rig.number("SELECT COUNT(*) FROM seckill_order_rejection WHERE activity_id = "
                + activity));
        return out.toString();
    }

    private static List<Long> orderIds(SaleRig rig, long activity) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = rig.pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT order_id FROM seckill_order WHERE activity_id = ?")) {
            s.setLong(1, activity);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
        }
        return out;
    }

    /** @return pending orders of the activity: order id, user id */
    private static List<long[]> pending(SaleRig rig, long activity) throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Connection c = rig.pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT order_id, user_id FROM seckill_order WHERE activity_id = ? AND status = 'PENDING_PAYMENT'")) {
            s.setLong(1, activity);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new long[] {r.getLong(1), r.getLong(2)});
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        return out;
    }
}
