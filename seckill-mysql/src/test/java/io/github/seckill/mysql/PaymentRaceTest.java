package io.github.seckill.mysql;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.tck.ManualClock;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Payment callbacks (success and failure) and timeout sweeps of two application instances race on the same orders
 * from many threads; the outcome is checked on the tables.
 */
@WithMariaDb
class PaymentRaceTest {

    private static final int THREADS = 32;
    private static final int ORDERS = 1_500;
    private static final Instant CREATED = Instant.parse("2030-01-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private static TestDatabase first;
    private static TestDatabase second;

    @BeforeAll
    static void openDatabase(MariaDbEndpoint endpoint) {
        first = TestDatabase.open(endpoint, THREADS / 2);
        second = TestDatabase.open(endpoint, THREADS / 2);
    }

    @AfterAll
    static void closeDatabase() {
        first.close();
        second.close();
    }

    /**
     * Every order ends in exactly one final status, none is released twice, a payment after a release becomes a
     * refund, and {@code available + locked + sold = total_stock} with sold equal to the paid units.
     */
    @Test
    void paymentFailureAndTimeoutRacesEndInOneFinalStatusEach() throws Exception {
        ManualClock clock = ManualClock.at(CREATED);
        StockLedger a = SeckillMySql.builder(first.pool).clock(clock).maxBatchSize(50).build().stockLedger();
        StockLedger b = SeckillMySql.builder(second.pool).clock(clock).maxBatchSize(50).build().stockLedger();
        long activity = 42;
        long stock = 4_000;
        a.defineActivity(OpenWindow.at(clock).ledgerActivity(activity, 7, stock, TIMEOUT));
        Random random = new Random(11);
        List<OrderMessage> orders = new ArrayList<>();
        for (int u = 1; u <= ORDERS; u++) {
            orders.add(order(500_000 + u).activity(activity).user(u).quantity(1 + random.nextInt(3)).admittedAt(u)
                    .build());
        }
        assertThat(a.settle(orders)).allSatisfy(s -> assertThat(s.outcome()).isEqualTo(Settlement.Outcome.LOCKED));
        long lockedUnits = orders.stream().mapToLong(OrderMessage::quantity).sum();
        assertThat(first.number("SELECT locked FROM seckill_activity WHERE activity_id = ?", activity))
                .isEqualTo(lockedUnits);

        Instant expired = CREATED.plus(TIMEOUT);
        Set<Long> paid = ConcurrentHashMap.newKeySet();
        Set<Long> refunded = ConcurrentHashMap.newKeySet();
        Map<Long, Long> releases = new ConcurrentHashMap<>();
        AtomicLong unexpected = new AtomicLong();
        // per order: two successes, one failure, each on a random instance; plus sweeps of both instances
        List<Integer> ops = new ArrayList<>();
        for (int i = 0; i < ORDERS * 3; i++) {
            ops.add(i);
        }
        for (int i = 0; i < ORDERS / 10; i++) {
            ops.add(-1 - i);
        }
        Collections.shuffle(ops, random);
        Tck.runConcurrently(THREADS, ops.size(), k -> {
            int op = ops.get(k);
            StockLedger ledger = (k & 1) == 0 ? a : b;
            if (op < 0) {
                for (OrderRecord r : ledger.releaseExpired(expired, 10)) {
                    releases.merge(r.orderId(), 1L, Long::sum);
                }
                return;
            }
            long orderId = orders.get(op % ORDERS).orderId();
            if (op / ORDERS < 2) {
                PaymentResult result = ledger.confirmPayment(orderId);
                switch (result.outcome()) {
                    case PAID -> {
                        if (!paid.add(orderId)) {
                            unexpected.incrementAndGet();
                        }
                    }
                    case REFUND_REQUIRED -> refunded.add(orderId);
                    case ALREADY_PAID -> { }
                    default -> unexpected.incrementAndGet();
                }
            } else {
                ReleaseResult result = ledger.release(orderId);
                if (result.released()) {
                    releases.merge(orderId, 1L, Long::sum);
                }
            }
        });
        // whatever is still pending now times out
        for (OrderRecord r : b.releaseExpired(expired, ORDERS)) {
            releases.merge(r.orderId(), 1L, Long::sum);
        }

        assertThat(unexpected.get()).isZero();
        assertThat(releases.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
        assertThat(paid).doesNotContainAnyElementsOf(releases.keySet());
        assertThat(paid.size() + releases.size()).isEqualTo(ORDERS);
        assertThat(refunded).isSubsetOf(releases.keySet());
        assertThat(first.rows("SELECT status, COUNT(*) FROM seckill_order WHERE activity_id = ?"
                + " AND status NOT IN ('PAID', 'CLOSED', 'REFUND_REQUIRED') GROUP BY status", activity)).isEmpty();
        assertThat(first.number("SELECT COUNT(*) FROM seckill_order WHERE status = 'PAID'")).isEqualTo(paid.size());
        assertThat(first.number("SELECT COUNT(*) FROM seckill_order WHERE status IN ('CLOSED', 'REFUND_REQUIRED')"))
                .isEqualTo(releases.size());
        assertThat(first.number("SELECT COUNT(*) FROM seckill_order WHERE status = 'REFUND_REQUIRED'"))
                .isEqualTo(refunded.size());
        long paidUnits = first.number("SELECT SUM(quantity) FROM seckill_order WHERE status = 'PAID'");
        assertThat(first.rows("SELECT total_stock, available, locked, sold FROM seckill_activity"
                + " WHERE activity_id = ?", activity)).containsExactly(List.of(stock, stock - paidUnits, 0L, paidUnits));
        // the race really raced: all three kinds of outcome happened
        assertThat(paid).isNotEmpty();
        assertThat(releases).isNotEmpty();
        assertThat(refunded).isNotEmpty();
    }
}
