package io.github.seckill.mysql;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-order path under a flash-sale burst on one stock row, checked on the real tables. */
@WithMariaDb
class HotRowLockTest {

    private static final int THREADS = 64;
    private static final int REQUESTS = 100_000;
    private static final long STOCK = 1_000;

    private static TestDatabase db;

    @BeforeAll
    static void openDatabase(MariaDbEndpoint endpoint) {
        db = TestDatabase.open(endpoint, THREADS);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    /** 64 threads, 100,000 lock requests of distinct users, stock 1,000: exactly 1,000 locked, nothing negative. */
    @Test
    void oneHundredThousandDistinctUsersLockExactlyTheStock() throws Exception {
        AtomicLong retries = new AtomicLong();
        StockLedger ledger = SeckillMySql.builder(db.pool)
                .listener(new MySqlLedgerListener() {
                    @Override
                    public void retried(String operation, int attempt, Throwable cause) {
                        retries.incrementAndGet();
                    }
                })
                .build().stockLedger();
        long activity = 1;
        ledger.defineActivity(OpenWindow.now().ledgerActivity(activity, 7, STOCK, Duration.ofMinutes(15)));
        AtomicLong locked = new AtomicLong();
        AtomicLong soldOut = new AtomicLong();

        Tck.runConcurrently(THREADS, REQUESTS, i -> {
            Settlement s = ledger.lock(order(1_000_000L + i).activity(activity).user(1 + i).shard(i % 8)
                    .admittedAt(1_000L + i).build());
            (s.outcome() == Settlement.Outcome.LOCKED ? locked : soldOut).incrementAndGet();
        });

        assertThat(locked.get()).isEqualTo(STOCK);
        assertThat(soldOut.get()).isEqualTo(REQUESTS - STOCK);
        assertThat(db.rows("SELECT total_stock, available, locked, sold FROM seckill_activity WHERE activity_id = ?",
                activity)).containsExactly(List.of(STOCK, 0L, STOCK, 0L));
        assertThat(db.number("SELECT COUNT(*) FROM seckill_activity"
                + " WHERE available < 0 OR locked < 0 OR sold < 0 OR available + locked + sold <> total_stock"))
                .isZero();
        assertThat(db.rows("SELECT status, COUNT(*), SUM(quantity) FROM seckill_order WHERE activity_id = ?"
                + " GROUP BY status ORDER BY status", activity)).containsExactly(
                        List.of("PENDING_PAYMENT", STOCK, STOCK),
                        List.of("SOLD_OUT", REQUESTS - STOCK, REQUESTS - STOCK));
        assertThat(db.number("SELECT COUNT(*) FROM (SELECT user_id FROM seckill_order WHERE activity_id = ?"
                + " GROUP BY user_id HAVING COUNT(*) > 1) AS twice", activity)).isZero();
        assertThat(db.number("SELECT COUNT(DISTINCT user_id) FROM seckill_order WHERE activity_id = ?", activity))
                .isEqualTo(REQUESTS);
        assertThat(db.number("SELECT COUNT(*) FROM seckill_order_rejection")).isZero();
        System.out.printf("HotRowLockTest: %d lock requests on %d threads, %d transactions retried%n",
                REQUESTS, THREADS, retries.get());
    }
}
