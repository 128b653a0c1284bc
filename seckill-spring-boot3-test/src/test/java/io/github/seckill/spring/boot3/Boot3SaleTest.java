package io.github.seckill.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptResult;
import io.github.seckill.engine.DrainReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.lifecycle.OrderView;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.spring.boot.SeckillActivities;
import io.github.seckill.spring.boot.SeckillDrain;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The starter, built for Spring Boot 4, in a Spring Boot 3.5 application configured by Boot's own properties: Boot
 * 3.5's Redis connection factory, DataSource and MeterRegistry are used, a small sale on real Redis and MariaDB passes
 * the audit and drains on close. Boot 3.5 has no spring-boot-health module (its health support lives in the actuator,
 * in another package), so the starter's health indicators stay off.
 */
@WithRedis
@WithMariaDb
class Boot3SaleTest {

    private static final int STOCK = 30;
    private static final int BUYERS = 300;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Shop {

        // The queue stays in memory here: the Kafka wiring reads spring.kafka.* through Boot's Binder alone, the
        // same on either line, and a broker would double this check's time.
        @Bean
        OrderQueue queue() {
            return InMemoryOrderQueue.builder().build();
        }
    }

    @Test
    void theStarterRunsASaleOnBoot35(RedisEndpoint redis, MariaDbEndpoint server)
            throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        MariaDbEndpoint db = server.createFreshDatabase("Boot3SaleTest");
        String run = "boot3-sale-" + System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Shop.class)
                .web(WebApplicationType.NONE)
                .properties("spring.data.redis.url=" + redis.uri(),
                        "spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + db.password(),
                        "seckill.redis.key-prefix=" + run)
                .run();
        SeckillDrain drain;
        long id = 35;
        try {
            assertThat(context.getBeanNamesForType(LettuceConnectionFactory.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(FlashSale.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(org.springframework.boot.actuate.health.HealthIndicator.class))
                    .as("Boot 3.5's health indicators; none of the starter's").noneMatch(n -> n.startsWith("seckill"));
            drain = context.getBean(SeckillDrain.class);
            context.getBean(SeckillActivities.class).open(OpenWindow.now().activity(id).stock(STOCK).shards(2)
                    .build());
            FlashSale sale = context.getBean(FlashSale.class);
            OrderLifecycle lifecycle = context.getBean(OrderLifecycle.class);
            Map<Long, Long> admitted = new ConcurrentHashMap<>();
            ExecutorService buyers = Executors.newFixedThreadPool(4);
            for (long u = 1; u <= BUYERS; u++) {
                long user = u;
                buyers.execute(() -> {
                    AttemptResult r = sale.attempt(id, user, "buy-" + user);
                    if (r instanceof AttemptResult.Admitted a) {
                        admitted.put(a.orderId(), user);
                    }
                });
            }
            buyers.shutdown();
            assertThat(buyers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(admitted).hasSize(STOCK);
            for (Map.Entry<Long, Long> order : admitted.entrySet()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lifecycle.poll(order.getKey(), order.getValue()).progress() != OrderView.Progress.RECORDED) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(20);
                }
                assertThat(lifecycle.paymentSucceeded(order.getKey(), order.getValue()).outcome())
                        .isEqualTo(PaymentResult.Outcome.PAID);
            }
            try (Connection c = context.getBean(DataSource.class).getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT sold, available, locked FROM seckill_activity"
                            + " WHERE activity_id = " + id)) {
                assertThat(r.next()).isTrue();
                assertThat(new long[] {r.getLong(1), r.getLong(2), r.getLong(3)}).containsExactly(STOCK, 0, 0);
            }
            AuditReport audit = context.getBean(Auditor.class).audit(id);
            assertThat(audit.clean()).as(audit.toTable()).isTrue();
            double attempts = context.getBean(MeterRegistry.class).get("seckill.attempts")
                    .tag("activity", Long.toString(id)).counters().stream().mapToDouble(m -> m.count()).sum();
            assertThat(attempts).as("metered on Boot 3.5's registry").isEqualTo(BUYERS);
        } finally {
            context.close();
        }
        DrainReport report = drain.report().orElseThrow();
        assertThat(report.completed()).as(report.toString()).isTrue();
    }
}
