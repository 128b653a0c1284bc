package io.github.seckill.example.lifecycle;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A settler capped at 1,000 orders a second drains a backlog of 5,000 queued orders no faster: the queue's lag absorbs
 * the rest, and the ledger's own timestamps never show more than 1,000 orders in any second.
 */
@WithKafka
@WithMariaDb
class SettlePacingTest {

    private static final int ORDERS = 5_000;
    private static final int RATE = 1_000;

    @Test
    void theLedgerNeverSeesMoreThanTheCapInAnySecond(KafkaEndpoint kafka, MariaDbEndpoint db) throws Exception {
        MariaDbEndpoint fresh = db.createFreshDatabase("pacing");
        SeckillKafka brokers = SeckillKafka.create(kafka.bootstrapServers());
        KafkaQueueOptions options = KafkaQueueOptions.builder("pacing-" + Tck.uniqueId()).batchSize(500).build();
        brokers.createTopics(options, 3, (short) 1);
        try (HikariDataSource pool = MySqlDataSources.hikari(fresh.jdbcUrl(), fresh.user(), fresh.password());
                OrderQueue queue = brokers.orderQueue(options)) {
            SeckillMySql mysql = SeckillMySql.create(pool);
            mysql.migrate();
            StockLedger ledger = mysql.stockLedger();
            long activity = Tck.uniqueId();
            ledger.defineActivity(OpenWindow.now().ledgerActivity(activity, 1, ORDERS, Duration.ofMinutes(5)));
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            long base = Tck.uniqueId() * 10_000;
            for (int i = 0; i < ORDERS; i++) {
                acks.add(queue.publish(order(base + i).activity(activity).user(i + 1).shard(0).build(),
                        (m, cause) -> {
                            throw new AssertionError("not queued", cause);
                        }).toCompletableFuture());
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(2, TimeUnit.MINUTES);

            long start = System.nanoTime();
            try (OrderSettler settler = OrderSettler.builder(queue, ledger).consumers(2).maxSettleRate(RATE)
                    .start()) {
                long deadline = start + Duration.ofMinutes(2).toNanos();
                while (count(pool, activity) < ORDERS) {
                    assertThat(System.nanoTime()).as("settled in time").isLessThan(deadline);
                    Thread.sleep(50);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("5,000 orders at 1,000 a second").isGreaterThanOrEqualTo(Duration.ofMillis(4_500));
            List<Long> created = createdMicros(pool, activity);
            assertThat(created).hasSize(ORDERS);
            assertThat(busiestSecond(created)).as("orders in the busiest second").isLessThanOrEqualTo(RATE);
        }
    }

    /** @return the most timestamps in any window of one second, [t, t + 1 s) */
    static int busiestSecond(List<Long> sortedMicros) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sortedMicros.size(); to++) {
            while (sortedMicros.get(to) - sortedMicros.get(from) >= 1_000_000) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    private static long count(HikariDataSource pool, long activity) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM seckill_order WHERE activity_id = ?")) {
            s.setLong(1, activity);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            } finally {
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
        }
    }

    private static List<Long> createdMicros(HikariDataSource pool, long activity) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT UNIX_TIMESTAMP(created_at) * 1000000 FROM seckill_order WHERE activity_id = ?"
                        + " ORDER BY created_at")) {
            s.setLong(1, activity);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getBigDecimal(1).longValue());
                }
            }
        }
        return out;
    }
}
