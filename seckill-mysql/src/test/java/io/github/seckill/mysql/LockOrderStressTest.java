package io.github.seckill.mysql;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation at once on overlapping orders: single locks, merged batches (redelivered, overlapping, with second
 * orders of the same users), dead letters, payments, releases and sweeps, from many threads. The fixed lock order
 * (order rows first, activity row last) plus bounded retries must let every call finish, and the tables must add up.
 */
@WithMariaDb
class LockOrderStressTest {

    private static final int THREADS = 32;
    private static final int ORDERS = 4_000;
    private static final long[] STOCKS = {1_500, 800};
    private static final Instant CREATED = Instant.parse("2030-06-01T00:00:00Z");

    private static TestDatabase db;

    @BeforeAll
    static void openDatabase(MariaDbEndpoint endpoint) {
        db = TestDatabase.open(endpoint, THREADS);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Test
    void everythingAtOnceFinishesAndBalances() throws Exception {
        AtomicLong retries = new AtomicLong();
        StockLedger ledger = SeckillMySql.builder(db.pool)
                .clock(ManualClock.at(CREATED))
                .listener(new MySqlLedgerListener() {
                    @Override
                    public void retried(String operation, int attempt, Throwable cause) {
                        retries.incrementAndGet();
                    }
                })
                .build().stockLedger();
        for (int a = 0; a < STOCKS.length; a++) {
            ledger.defineActivity(OpenWindow.at(CREATED).ledgerActivity(a + 1, 1, STOCKS[a], Duration.ofMinutes(10)));
        }
        Random random = new Random(5);
        List<OrderMessage> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(order(900_000 + i).activity(1 + random.nextInt(STOCKS.length)).user(1 + random.nextInt(2_500))
                    .quantity(1 + random.nextInt(3)).admittedAt(random.nextInt(ORDERS)).build());
        }
        Instant expired = CREATED.plus(Duration.ofMinutes(10));

        Tck.runConcurrently(THREADS, ORDERS * 3, i -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            OrderMessage order = orders.get(i % ORDERS);
            int kind = r.nextInt(100);
            if (kind < 30) {
                ledger.lock(order);
            } else if (kind < 55) {
                List<OrderMessage> batch = new ArrayList<>();
                int from = r.nextInt(ORDERS - 40);
                for (int k = 0; k < 1 + r.nextInt(40); k++) {
                    batch.add(orders.get(from + r.nextInt(40)));
                }
                ledger.settle(batch);
            } else if (kind < 75) {
                ledger.confirmPayment(order.orderId());
            } else if (kind < 90) {
                ledger.release(order.orderId());
            } else if (kind < 98) {
                ledger.releaseExpired(expired, 10);
            } else {
                ledger.fail(List.of(order), "dead-lettered");
            }
        });
        ledger.settle(orders);

        assertThat(db.rows("SELECT a.activity_id, a.locked, a.sold FROM seckill_activity a ORDER BY a.activity_id"))
                .isEqualTo(db.rows("SELECT a.activity_id,"
                        + " COALESCE(SUM(CASE WHEN o.status = 'PENDING_PAYMENT' THEN o.quantity END), 0),"
                        + " COALESCE(SUM(CASE WHEN o.status = 'PAID' THEN o.quantity END), 0)"
                        + " FROM seckill_activity a LEFT JOIN seckill_order o ON o.activity_id = a.activity_id"
                        + " GROUP BY a.activity_id ORDER BY a.activity_id"));
        assertThat(db.number("SELECT COUNT(*) FROM seckill_activity"
                + " WHERE available < 0 OR locked < 0 OR sold < 0 OR available + locked + sold <> total_stock"))
                .isZero();
        assertThat(db.number("SELECT COUNT(*) FROM seckill_order o JOIN seckill_order_rejection r"
                + " ON r.order_id = o.order_id")).as("an order id in both tables").isZero();
        assertThat(db.number("SELECT COUNT(*) FROM seckill_order")
                + db.number("SELECT COUNT(*) FROM seckill_order_rejection")).isEqualTo(ORDERS);
        assertThat(db.number("SELECT COUNT(*) FROM seckill_order_rejection r WHERE NOT EXISTS (SELECT 1"
                + " FROM seckill_order o WHERE o.activity_id = r.activity_id AND o.user_id = r.user_id)"))
                .as("a rejection without the order holding the user's slot").isZero();
        assertThat(db.number("SELECT COUNT(*) FROM seckill_order WHERE status = 'PAID'")).isPositive();
        assertThat(db.number("SELECT COUNT(*) FROM seckill_order WHERE status IN ('CLOSED', 'REFUND_REQUIRED')"))
                .isPositive();
        System.out.printf("LockOrderStressTest: %d calls on %d threads, %d transactions retried%n",
                ORDERS * 3, THREADS, retries.get());
    }
}
