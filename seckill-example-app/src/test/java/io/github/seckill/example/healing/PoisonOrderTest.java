package io.github.seckill.example.healing;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.RetryPolicy;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.OrderMessageBuilder;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One order the database refuses on its own (a trigger signals an error for it): the batch it is in is split until the
 * order is found; it is dead-lettered and recorded failed, and the other 499 orders of its batch commit. Counted by
 * SQL.
 */
@WithKafka
@WithMariaDb
class PoisonOrderTest {

    private static final long POISON = 7_000_250;

    @Test
    void aPoisonOrderIsDeadLetteredAndTheRestOfItsBatchCommits(KafkaEndpoint kafka, MariaDbEndpoint server)
            throws Exception {
        MariaDbEndpoint db = server.createFreshDatabase("poison");
        try (HikariDataSource pool = MySqlDataSources.hikari(db.jdbcUrl(), db.user(), db.password())) {
            SeckillMySql mysql = SeckillMySql.create(pool);
            mysql.migrate();
            execute(pool, "CREATE TRIGGER seckill_poison BEFORE INSERT ON seckill_order FOR EACH ROW"
                    + " BEGIN IF NEW.order_id = " + POISON + " AND NEW.status <> 'FAILED' THEN"
                    + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'this order cannot be stored'; END IF; END");
            StockLedger ledger = mysql.stockLedger();
            long activity = Tck.uniqueId();
            ledger.defineActivity(OpenWindow.now().ledgerActivity(activity, activity, 1_000, Duration.ofMinutes(5)));
            KafkaQueueOptions options = KafkaQueueOptions.builder("poison-" + Tck.uniqueId())
                    .batchSize(500).linger(Duration.ofSeconds(2))
                    .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(20))
                            .maxBackoff(Duration.ofMillis(100)).build())
                    .build();
            SeckillKafka client = SeckillKafka.create(kafka.bootstrapServers());
            client.createTopics(options, 1, (short) 1);
            try (OrderQueue queue = client.orderQueue(options)) {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    OrderMessage m = order(7_000_001 + i).activity(activity).user(1 + i)
                            .admittedAt(OrderMessageBuilder.ADMITTED_AT + i).build();
                    acks.add(queue.publish(m, (msg, cause) -> {
                        throw new AssertionError("not queued", cause);
                    }).toCompletableFuture());
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
                try (OrderSettler settler = OrderSettler.builder(queue, ledger).start()) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (number(pool, "SELECT COUNT(*) FROM seckill_order WHERE activity_id = " + activity)
                            + number(pool, "SELECT COUNT(*) FROM seckill_order_rejection WHERE activity_id = "
                                    + activity) < 500) {
                        assertThat(System.nanoTime()).as("all 500 orders settled").isLessThan(deadline);
                        Thread.sleep(100);
                    }
                    assertThat(settler).isNotNull();
                }
            }
            assertThat(number(pool, "SELECT COUNT(*) FROM seckill_order WHERE activity_id = " + activity
                    + " AND status = 'PENDING_PAYMENT'")).as("the rest of the batch committed").isEqualTo(499);
            assertThat(ledger.findOrder(POISON).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
            assertThat(number(pool, "SELECT locked FROM seckill_activity WHERE activity_id = " + activity))
                    .isEqualTo(499);
        }
    }

    private static void execute(HikariDataSource pool, String sql) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long number(HikariDataSource pool, String sql) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
