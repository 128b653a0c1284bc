package io.github.seckill.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptResult;
import io.github.seckill.engine.DrainReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.lifecycle.OrderView;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A Boot application of the README's kind on real Redis, Kafka and MariaDB, configured by Boot's own properties
 * alone: 2,000 buyers for 100 items, payments paid, failed and ignored, the units of failed and expired payments sold
 * again, then the ledger counted and the audit clean; the drain on shutdown leaves nothing.
 */
@WithRedis
@WithKafka
@WithMariaDb
class SeckillBootSaleTest {

    private static final int STOCK = 100;
    private static final int FIRST_WAVE = 1_500;
    private static final int SECOND_WAVE = 500;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ReadmeBootSnippets.Checkout.class)
    static class Shop {
    }

    @Test
    void aSaleOnTheServersThroughBootsOwnBeansPassesTheAudit(RedisEndpoint redis, KafkaEndpoint kafka,
            MariaDbEndpoint server) throws Exception {
        MariaDbEndpoint db = server.createFreshDatabase("SeckillBootSaleTest");
        String run = "boot-sale-" + System.nanoTime();
        SpringApplication application = new SpringApplicationBuilder(Shop.class).web(WebApplicationType.NONE)
                .properties("spring.data.redis.url=" + redis.uri(),
                        "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + db.password(),
                        "seckill.redis.key-prefix=" + run, "seckill.kafka.topic=" + run,
                        "seckill.kafka.partitions=3", "seckill.sweep-every=500ms")
                .build();
        ConfigurableApplicationContext context = application.run();
        SeckillDrain drain;
        long id = 42;
        try {
            ReadmeBootSnippets.Checkout checkout = context.getBean(ReadmeBootSnippets.Checkout.class);
            OrderLifecycle lifecycle = context.getBean(OrderLifecycle.class);
            drain = context.getBean(SeckillDrain.class);
            checkout.open(OpenWindow.now().activity(id).stock(STOCK).shards(4)
                    .paymentTimeout(Duration.ofSeconds(10)).build());

            Map<Long, Long> admitted = new ConcurrentHashMap<>(); // order -> buyer
            AtomicInteger attempts = new AtomicInteger();
            List<Long> paid = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger failed = new AtomicInteger();
            // as buyers do: once the order is in the ledger, three in five pay, one payment fails, one never pays
            buy(checkout, id, 1, FIRST_WAVE, admitted, attempts, (order, user) -> {
                recorded(lifecycle, order, user);
                switch ((int) (user % 5)) {
                    case 0, 1, 2 -> {
                        assertThat(checkout.paid(order, user).outcome()).isEqualTo(PaymentResult.Outcome.PAID);
                        paid.add(order);
                    }
                    case 3 -> {
                        assertThat(checkout.failed(order, user).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
                        failed.incrementAndGet();
                    }
                    default -> {
                        // never pays: released by the sweep once its payment timed out
                    }
                }
            });
            assertThat(admitted).as("at least the stock; more when failed payments' units sold again")
                    .hasSizeGreaterThanOrEqualTo(STOCK);
            assertThat(failed.get()).isPositive();
            awaitReleased(context, id, admitted.size() - paid.size(), paid.size());

            Map<Long, Long> secondWave = new ConcurrentHashMap<>();
            buy(checkout, id, FIRST_WAVE + 1, FIRST_WAVE + SECOND_WAVE, secondWave, attempts, (order, user) -> {
                recorded(lifecycle, order, user);
                assertThat(checkout.paid(order, user).outcome()).isEqualTo(PaymentResult.Outcome.PAID);
            });
            long closed = admitted.size() - paid.size();
            assertThat(secondWave).as("the units of %d failed and expired payments sold again", closed)
                    .hasSize(STOCK - paid.size());

            Map<String, Long> byStatus = count(context, "SELECT status, COUNT(*) FROM seckill_order"
                    + " WHERE activity_id = " + id + " GROUP BY status");
            assertThat(byStatus).containsOnlyKeys("PAID", "CLOSED").containsEntry("PAID", (long) STOCK)
                    .containsEntry("CLOSED", closed);
            Map<String, Long> stock = count(context, "SELECT 'available', available FROM seckill_activity"
                    + " WHERE activity_id = " + id + " UNION ALL SELECT 'locked', locked FROM seckill_activity"
                    + " WHERE activity_id = " + id + " UNION ALL SELECT 'sold', sold FROM seckill_activity"
                    + " WHERE activity_id = " + id);
            assertThat(stock).containsEntry("sold", (long) STOCK).containsEntry("locked", 0L)
                    .containsEntry("available", 0L);
            assertThat(count(context, "SELECT 'buyers', COUNT(DISTINCT user_id) FROM seckill_order"
                    + " WHERE activity_id = " + id)).containsEntry("buyers", admitted.size() + (long) secondWave.size());
            AuditReport audit = context.getBean(Auditor.class).audit(id);
            assertThat(audit.clean()).as(audit.toTable()).isTrue();
            assertThat(audit.oversold()).isZero();

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            double counted = registry.get("seckill.attempts").tag("activity", Long.toString(id)).counters()
                    .stream().mapToDouble(c -> c.count()).sum();
            assertThat(counted).as("attempts metered").isEqualTo(attempts.get());
            for (String indicator : List.of("seckillAdmissionHealthIndicator", "seckillQueueHealthIndicator",
                    "seckillLedgerHealthIndicator", "seckillBreakersHealthIndicator")) {
                assertThat(context.getBean(indicator, HealthIndicator.class).health().getStatus()).as(indicator)
                        .isEqualTo(Status.UP);
            }
        } finally {
            context.close();
        }
        DrainReport report = drain.report().orElseThrow();
        assertThat(report.completed()).as(report.toString()).isTrue();
        assertThat(report.queueSettled()).isTrue();
    }

    /** What an admitted buyer does next. */
    @FunctionalInterface
    private interface Buyer {
        void admitted(long orderId, long userId) throws Exception;
    }

    /**
     * Buyers {@code from} to {@code to}, eight at a time, each clicking twice, then doing what {@code then} says when
     * admitted (by either click: a unit given back in between may admit the second).
     */
    private static void buy(ReadmeBootSnippets.Checkout checkout, long id, long from, long to,
            Map<Long, Long> admitted, AtomicInteger attempts, Buyer then) throws Exception {
        ExecutorService buyers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            List<Long> users = new ArrayList<>();
            for (long user = from; user <= to; user++) {
                users.add(user);
            }
            Collections.shuffle(users);
            for (long user : users) {
                done.add(buyers.submit(() -> {
                    AttemptResult first = checkout.buy(id, user, "buy-" + user);
                    // an impatient second click, with a new request id: never a second order
                    AttemptResult again = checkout.buy(id, user, "again-" + user);
                    attempts.addAndGet(2);
                    assertThat(again.isAdmitted() && first.isAdmitted()).as("two orders for buyer %d", user).isFalse();
                    AttemptResult last = first.isAdmitted() ? first : again;
                    if (last instanceof AttemptResult.Admitted a) {
                        assertThat(admitted.putIfAbsent(a.orderId(), user)).isNull();
                        then.admitted(a.orderId(), user);
                    } else {
                        assertThat(last.outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            buyers.shutdownNow();
        }
    }

    private static void recorded(OrderLifecycle lifecycle, long orderId, long userId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lifecycle.poll(orderId, userId).progress() != OrderView.Progress.RECORDED) {
            assertThat(System.nanoTime()).as("order %d reaches the ledger", orderId).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(lifecycle.poll(orderId, userId).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
    }

    /** Waits until the sweep released the unpaid orders (10 s after admission) and admission holds their units. */
    private static void awaitReleased(ConfigurableApplicationContext context, long id, long units, long paid)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(context, "SELECT 'closed', COUNT(*) FROM seckill_order WHERE activity_id = " + id
                + " AND status = 'CLOSED'").getOrDefault("closed", 0L) < units
                || Arrays.stream(context.getBean(FlashSale.class).remaining(id)).sum() < STOCK - paid) {
            assertThat(System.nanoTime()).as("%d units released and back in admission", units).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Map<String, Long> count(ConfigurableApplicationContext context, String sql) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = context.getBean(DataSource.class).getConnection();
                Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.put(r.getString(1), r.getLong(2));
            }
        }
        return rows;
    }
}
